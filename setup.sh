#!/bin/sh
# setup.sh - install what lore needs on Debian, then build it. Safe to run
# again: each step is skipped when it is already done.
set -e
cd "$(dirname "$0")"

pkgs="build-essential autoconf automake autoconf-archive pkgconf
libncurses-dev libpcre2-dev libsqlite3-dev libmd4c-dev libvterm-dev
zlib1g-dev libzip-dev libzstd-dev
python3 sqlite3 tmux valgrind less zsh fish
zstd dictzip stardict-tools dict-foldoc"
missing=
for p in $pkgs; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "setup: installing$missing"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
fi
[ -x configure ] && [ configure -nt configure.ac ] || ./autogen.sh
# configure again when the flags asked for are not the ones it last ran with
want=
for f in ${CONFIGURE_FLAGS:-}; do want="$want '$f'"; done
[ -f Makefile ] && [ Makefile -nt configure ] &&
    [ "$(./config.status --config 2>/dev/null)" = "${want# }" ] ||
    ./configure ${CONFIGURE_FLAGS:-}
make -j"$(nproc 2>/dev/null || echo 2)"
