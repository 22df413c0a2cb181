/*
 * fuzz_match: route_match() on hostile paths against a realistic route table
 * and, when the input is "pattern\npath" with a valid pattern, against that
 * pattern too (security.md section 5.4, target 4). Oracles:
 *  - a {name} value is non-empty and has no '/'; no value has an empty, "."
 *    or ".." segment, so no parameter can carry a traversal;
 *  - substituting the values back into the pattern rebuilds the path exactly;
 *  - a failed match leaves p->n == 0;
 *  - two patterns that both match one path are reported by route_overlap()
 *    (the route table check is sound), and every valid pattern overlaps itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "http/match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const table[] = {
    "/",
    "/healthz",
    "/favicon.ico",
    "/static/{*path}",
    "/courses",
    "/courses/new",
    "/courses/{slug}",
    "/courses/{slug}/enrol",
    "/courses/{slug}/lessons/{n}",
    "/cohorts/{id}/members/{user_id}",
    "/{*all}",
};

#define N_TABLE (sizeof(table) / sizeof(table[0]))

static void check_value(const char *v, int is_rest)
{
    const char *seg = v;

    if (!*v || (!is_rest && strchr(v, '/')))
        abort();
    for (;;) {
        size_t n = strcspn(seg, "/");

        if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
            abort();
        if (!seg[n])
            break;
        seg += n + 1;
    }
}

/* Check the params of a match and rebuild the path from pattern and values. */
static void check_match(struct arena *a, const char *pattern, const char *path,
                        const struct route_params *p)
{
    const char *s = pattern;
    size_t i = 0;
    struct sbuf b;

    if (p->n > ROUTE_MAX_PARAMS)
        abort();
    sbuf_init(&b, a, 1 << 16);
    if (!strcmp(pattern, "/")) {
        sbuf_addc(&b, '/');
        s++;
    }
    while (*s == '/') {
        size_t n = strcspn(s + 1, "/");

        sbuf_addc(&b, '/');
        if (s[1] == '{') {
            int is_rest = s[2] == '*';

            if (i >= p->n || strncmp(p->name[i], s + 2 + is_rest, n - 2 - (size_t)is_rest))
                abort();
            check_value(p->value[i], is_rest);
            sbuf_adds(&b, p->value[i++]);
        } else {
            sbuf_add(&b, s + 1, n);
        }
        s += 1 + n;
    }
    if (i != p->n || strcmp(b.buf, path))
        abort();
}

/* Match path against every pattern; patterns matching together must overlap. */
static void run(struct arena *a, const char *const *pats, size_t n_pats, const char *path)
{
    unsigned char hit[N_TABLE + 1];
    struct route_params p;
    size_t i, j;

    for (i = 0; i < n_pats; i++) {
        hit[i] = (unsigned char)route_match(a, pats[i], path, &p);
        if (hit[i])
            check_match(a, pats[i], path, &p);
        else if (p.n != 0)
            abort();
    }
    for (i = 0; i < n_pats; i++)
        for (j = 0; j < n_pats; j++)
            if (hit[i] && hit[j] && !route_overlap(pats[i], pats[j]))
                abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *pats[N_TABLE + 1];
    const char *nl = memchr(data, '\n', size);
    size_t n_pats = N_TABLE, i;
    const char *path;
    struct arena a;

    arena_init(&a, 0);
    memcpy(pats, table, sizeof(table));
    if (nl) {
        const char *pat = arena_strndup(&a, (const char *)data, (size_t)(nl - (const char *)data));

        if (route_pattern_valid(pat)) {
            if (!route_overlap(pat, pat))
                abort();
            pats[n_pats++] = pat;
        }
        path = arena_strndup(&a, nl + 1, size - (size_t)(nl + 1 - (const char *)data));
    } else {
        path = arena_strndup(&a, (const char *)data, size);
    }
    for (i = 0; i < N_TABLE; i++)
        if (!route_pattern_valid(table[i]))
            abort();
    run(&a, pats, n_pats, path);
    arena_release(&a);
    return 0;
}
