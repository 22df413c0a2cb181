/*
 * collate: sorting text the way a reader of the language expects, with ICU
 * collators ("cy" for Welsh, where ch, dd, ff, ng, ll, ph, rh, th are single
 * letters: Cymru < Chwefror, Lyn < Llandudno; "en" for English).
 *
 * Collators are opened once per thread and cached (ICU collators are not safe
 * for concurrent use); the cache is freed when the thread exits.
 */
#pragma once

#include <stddef.h>

#include "core/lang.h"

/* <0, 0, >0 as a sorts before, equal to or after b in l (both UTF-8). */
int collate_cmp(enum lang l, const char *a, const char *b);

/*
 * Sort: fill order_out[0..n) with the indexes of strings in l's order (a
 * stable sort: equal strings keep their input order). strings is not changed.
 * 0, or -1 if the collator could not be opened (order_out is then 0..n-1).
 */
int collate_sort(enum lang l, const char *const *strings, size_t n, size_t *order_out);

/*
 * The collation sort key of s (UTF-8) in l, as bytes to store in a VARBINARY
 * column: ORDER BY on it gives l's order without ICU in the database. At most
 * cap bytes are written (a longer key is truncated, which keeps the order of
 * every prefix that fits); returns the length written, 0 if the collator could
 * not be opened or s is not valid UTF-8. Keys differ between ICU versions:
 * recompute them (dysgu import-courses does) after an ICU upgrade.
 */
size_t collate_sortkey(enum lang l, const char *s, unsigned char *out, size_t cap);
