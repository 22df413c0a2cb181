#include "match.h"

#include <assert.h>
#include <string.h>

#include "core/arena.h"

struct seg {
    const char *s;
    size_t len;
};

/* A pattern split into segments; a trailing {*rest} is kept apart in rest. */
struct split {
    struct seg segs[ROUTE_MAX_SEGMENTS];
    size_t n;
    struct seg rest; /* rest.s is NULL when the pattern has no {*rest} */
};

static int seg_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '~' || c == '-';
}

/* A path segment that may match: non-empty, safe bytes, not a dot segment. */
static int seg_ok(const char *s, size_t len)
{
    size_t i;

    if (len == 0 || (len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
        return 0;
    for (i = 0; i < len; i++)
        if (!seg_char_ok(s[i]))
            return 0;
    return 1;
}

/* One or more seg_ok() segments separated by single '/'. */
static int rest_ok(const char *s, size_t len)
{
    size_t i, start = 0;

    for (i = 0; i <= len; i++) {
        if (i < len && s[i] != '/')
            continue;
        if (!seg_ok(s + start, i - start))
            return 0;
        start = i + 1;
    }
    return 1;
}

static int is_param(const char *s, size_t len)
{
    return len >= 3 && s[0] == '{' && s[1] != '*' && s[len - 1] == '}';
}

static int is_rest(const char *s, size_t len)
{
    return len >= 4 && s[0] == '{' && s[1] == '*' && s[len - 1] == '}';
}

int route_match(struct arena *a, const char *pattern, const char *path, struct route_params *p)
{
    struct seg names[ROUTE_MAX_PARAMS], values[ROUTE_MAX_PARAMS];
    const char *pat = pattern, *pth = path;
    size_t n = 0, plen, slen, i;
    int rest;

    assert(a && pattern && p);
    p->n = 0;
    if (!path || path[0] != '/' || strnlen(path, ROUTE_MAX_PATH + 1) > ROUTE_MAX_PATH)
        return 0;
    if (!strcmp(pattern, "/"))
        return !strcmp(path, "/");
    while (*pat == '/') {
        if (*pth != '/')
            return 0;
        pat++;
        pth++;
        plen = strcspn(pat, "/");
        rest = is_rest(pat, plen);
        slen = rest ? strlen(pth) : strcspn(pth, "/");
        if (rest ? !rest_ok(pth, slen) : !seg_ok(pth, slen))
            return 0;
        if (rest || is_param(pat, plen)) {
            if (n == ROUTE_MAX_PARAMS)
                return 0;
            names[n].s = pat + 1 + rest;
            names[n].len = plen - 2 - (size_t)rest;
            values[n].s = pth;
            values[n].len = slen;
            n++;
        } else if (plen != slen || memcmp(pat, pth, plen)) {
            return 0;
        }
        pat += plen;
        pth += slen;
    }
    if (*pat != '\0' || *pth != '\0')
        return 0;
    /* copy only now, so the failed matches of a table walk cost no memory */
    for (i = 0; i < n; i++) {
        p->name[i] = arena_strndup(a, names[i].s, names[i].len);
        p->value[i] = arena_strndup(a, values[i].s, values[i].len);
    }
    p->n = n;
    return 1;
}

static int name_ok(const char *s, size_t len)
{
    size_t i;

    if (len == 0)
        return 0;
    for (i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
            return 0;
    return 1;
}

/* The name inside "{name}" or "{*name}". */
static struct seg param_name(struct seg g)
{
    size_t skip = is_rest(g.s, g.len) ? 2 : 1;
    struct seg name = { g.s + skip, g.len - skip - 1 };

    return name;
}

static int names_distinct(const struct seg *names, size_t n)
{
    size_t i, j;

    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            if (names[i].len == names[j].len && !memcmp(names[i].s, names[j].s, names[i].len))
                return 0;
    return 1;
}

/* Split and check a pattern; 0 if well-formed (see route_pattern_valid()), else -1. */
static int split_pattern(const char *pattern, struct split *sp)
{
    struct seg names[ROUTE_MAX_PARAMS];
    size_t n_names = 0;
    const char *s = pattern;

    sp->n = 0;
    sp->rest.s = NULL;
    sp->rest.len = 0;
    if (!pattern || pattern[0] != '/' || strnlen(pattern, ROUTE_MAX_PATH + 1) > ROUTE_MAX_PATH)
        return -1;
    if (!strcmp(pattern, "/"))
        return 0;
    while (*s == '/') {
        struct seg g = { s + 1, strcspn(s + 1, "/") };

        s = g.s + g.len;
        if (sp->rest.s || sp->n == ROUTE_MAX_SEGMENTS)
            return -1; /* a segment after {*rest}, or too many */
        if (is_param(g.s, g.len) || is_rest(g.s, g.len)) {
            if (n_names == ROUTE_MAX_PARAMS || !name_ok(param_name(g).s, param_name(g).len))
                return -1;
            names[n_names++] = param_name(g);
        } else if (!seg_ok(g.s, g.len)) {
            return -1;
        }
        if (is_rest(g.s, g.len))
            sp->rest = g;
        else
            sp->segs[sp->n++] = g;
    }
    return names_distinct(names, n_names) ? 0 : -1;
}

int route_pattern_valid(const char *pattern)
{
    struct split sp;

    return split_pattern(pattern, &sp) == 0;
}

/* Could one path segment match both pattern segments? */
static int seg_compatible(struct seg x, struct seg y)
{
    if (is_param(x.s, x.len) || is_param(y.s, y.len))
        return 1; /* valid literals are always valid {param} values */
    return x.len == y.len && !memcmp(x.s, y.s, x.len);
}

int route_overlap(const char *a, const char *b)
{
    struct split x, y;
    size_t i, common;

    if (split_pattern(a, &x) || split_pattern(b, &y))
        return 1;
    if (!x.rest.s && !y.rest.s && x.n != y.n)
        return 0;
    /* {*rest} needs at least one segment beyond the other side's prefix */
    if (x.rest.s && !y.rest.s && y.n < x.n + 1)
        return 0;
    if (y.rest.s && !x.rest.s && x.n < y.n + 1)
        return 0;
    /* beyond the shorter prefix, a {*rest} absorbs any valid segment */
    common = x.n < y.n ? x.n : y.n;
    for (i = 0; i < common; i++)
        if (!seg_compatible(x.segs[i], y.segs[i]))
            return 0;
    return 1;
}
