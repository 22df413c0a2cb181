#include "collate.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "core/log.h"
#include "core/xalloc.h"

/*
 * One collator per language, opened once and shared by every thread: ICU's
 * const C functions (ucol_strcollUTF8, ucol_getSortKey take a const
 * UCollator *) are safe to call concurrently on one object ("Thread-safe const
 * APIs", ICU's design guide). A collator per thread cost ~100 KB in each of
 * up to 256 workers, and with the render cache on, the RSS crept up as one
 * worker after another rendered its first sorted page (docs/decisions.md).
 */
static pthread_once_t open_once = PTHREAD_ONCE_INIT;
static UCollator *shared[LANG__COUNT];

static void open_all(void)
{
    int l;

    for (l = 0; l < LANG__COUNT; l++) {
        UErrorCode err = U_ZERO_ERROR;

        shared[l] = ucol_open(lang_code((enum lang)l), &err);
        if (U_FAILURE(err)) {
            log_error("cannot open the '%s' collator: %s", lang_code((enum lang)l),
                      u_errorName(err));
            shared[l] = NULL;
        }
    }
}

/* The collator for l, or NULL (logged once) if ICU cannot open it. */
static const UCollator *collator(enum lang l)
{
    pthread_once(&open_once, open_all);
    return shared[l];
}

static int compare(const UCollator *c, const char *a, const char *b)
{
    UErrorCode err = U_ZERO_ERROR;
    UCollationResult r;

    if (!c)
        return strcmp(a, b);
    r = ucol_strcollUTF8(c, a, -1, b, -1, &err);
    if (U_FAILURE(err))
        return strcmp(a, b);
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

int collate_cmp(enum lang l, const char *a, const char *b)
{
    return compare(collator(l), a, b);
}

int collate_sort(enum lang l, const char *const *strings, size_t n, size_t *order_out)
{
    const UCollator *c = collator(l);
    size_t *tmp, width, lo, i;

    for (i = 0; i < n; i++)
        order_out[i] = i;
    if (n < 2)
        return c ? 0 : -1;
    if (!c)
        return -1;

    /* bottom-up merge sort: stable, and no comparison callback state to pass */
    tmp = xmalloc(n * sizeof(*tmp));
    for (width = 1; width < n; width *= 2) {
        for (lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t x = lo, y = mid, k = lo;

            while (x < mid && y < hi)
                tmp[k++] = compare(c, strings[order_out[y]], strings[order_out[x]]) < 0
                               ? order_out[y++]
                               : order_out[x++];
            while (x < mid)
                tmp[k++] = order_out[x++];
            while (y < hi)
                tmp[k++] = order_out[y++];
        }
        memcpy(order_out, tmp, n * sizeof(*tmp));
    }
    free(tmp);
    return 0;
}

size_t collate_sortkey(enum lang l, const char *s, unsigned char *out, size_t cap)
{
    const UCollator *c = collator(l);
    UErrorCode err = U_ZERO_ERROR;
    UChar buf[512], *u = buf;
    int32_t ulen = 0, klen;

    if (!c || cap == 0)
        return 0;
    u_strFromUTF8(buf, (int32_t)(sizeof(buf) / sizeof(buf[0])), &ulen, s, -1, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR) {
        err = U_ZERO_ERROR;
        u = xmalloc(((size_t)ulen + 1) * sizeof(*u));
        u_strFromUTF8(u, ulen + 1, &ulen, s, -1, &err);
    }
    if (U_FAILURE(err)) {
        if (u != buf)
            free(u);
        return 0;
    }
    klen = ucol_getSortKey(c, u, ulen, out, (int32_t)cap);
    if (u != buf)
        free(u);
    if (klen <= 0)
        return 0;
    /* the key without its terminating NUL; truncated to cap when longer */
    return (size_t)klen - 1 < cap ? (size_t)klen - 1 : cap;
}
