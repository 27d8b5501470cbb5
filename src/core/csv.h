/* csv.h - RFC 4180 rows (read_csv.c), for the readers of spreadsheets and
 * of Anki's notes export. */
#ifndef LORE_CSV_H
#define LORE_CSV_H

#include <stdbool.h>
#include <stddef.h>

struct csv_cell {
	char	*s;	/* quotes and "" undone; NUL-terminated */
	size_t	 n;
};

struct csv_row {
	struct csv_cell	*c;
	size_t		 n;
	long		 line;	/* where the row starts */
};

struct csv_rows {
	struct csv_row	*r;
	size_t		 n, cap;
};

/* Split buf, whose first line is line first of the file, into rows of
 * cells separated by sep; rows with only blank cells are left out. -1
 * with "path:line: why" in err on a quoted field that never closes. */
int	csv_parse(const char *path, const char *buf, size_t len, char sep,
	    long first, struct csv_rows *out, char *err, size_t errsz);
void	csv_rows_free(struct csv_rows *t);
bool	csv_blank(const struct csv_cell *c);

#endif
