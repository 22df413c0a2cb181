/*
 * db_like_contains (db.h): the one way a typed search becomes a LIKE pattern.
 */
#include <string.h>

#include "core/arena.h"
#include "db/db.h"

char *db_like_contains(struct arena *a, const char *s)
{
    size_t len = strlen(s), i, j = 0;
    char *p = arena_alloc(a, 2 * len + 3);

    p[j++] = '%';
    for (i = 0; i < len; i++) {
        if (s[i] == '%' || s[i] == '_' || s[i] == '!')
            p[j++] = '!';
        p[j++] = s[i];
    }
    p[j++] = '%';
    p[j] = '\0';
    return p;
}
