#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "http/match.h"
#include "testing.h"

static void assert_sane_params(const struct route_params *p)
{
    size_t i;

    CU_ASSERT_FATAL(p->n <= ROUTE_MAX_PARAMS);
    for (i = 0; i < p->n; i++) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(p->name[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p->value[i]);
        CU_ASSERT(p->value[i][0] != '\0');
        CU_ASSERT_PTR_NULL(strstr(p->value[i], "//"));
    }
}

struct match_case {
    const char *pattern;
    const char *path;
    int match;
    const char *want; /* "name=value|..." when it matches */
};

static const struct match_case match_cases[] = {
    { "/", "/", 1, "" },
    { "/", "", 0, NULL },
    { "/", "//", 0, NULL },
    { "/", "/x", 0, NULL },
    { "/courses", "/courses", 1, "" },
    { "/courses", "/Courses", 0, NULL },
    { "/courses", "/courses/", 0, NULL }, /* trailing slash */
    { "/courses", "/course", 0, NULL },
    { "/courses", "/coursesx", 0, NULL },
    { "/courses", "courses", 0, NULL },
    { "/courses", "/", 0, NULL },
    { "/courses", "//courses", 0, NULL },
    { "/courses", "/./courses", 0, NULL },
    { "/courses/{slug}", "/courses/cymraeg-1", 1, "slug=cymraeg-1" },
    { "/courses/{slug}", "/courses/Dysgu_Cymraeg.v2~x", 1, "slug=Dysgu_Cymraeg.v2~x" },
    { "/courses/{slug}", "/courses/", 0, NULL },
    { "/courses/{slug}", "/courses//", 0, NULL },
    { "/courses/{slug}", "/courses/a/", 0, NULL },
    { "/courses/{slug}", "/courses/a/b", 0, NULL }, /* too many segments */
    { "/courses/{slug}", "/courses", 0, NULL },     /* too few */
    { "/courses/{slug}", "/courses/.", 0, NULL },
    { "/courses/{slug}", "/courses/..", 0, NULL },
    { "/courses/{slug}", "/courses/...", 1, "slug=..." }, /* not a dot segment */
    { "/courses/{slug}", "/courses/.hidden", 1, "slug=.hidden" },
    { "/courses/{slug}", "/courses/a b", 0, NULL },
    { "/courses/{slug}", "/courses/a%2F", 0, NULL },
    { "/courses/{slug}", "/courses/a\\b", 0, NULL },
    { "/courses/{slug}", "/courses/gw\xc5\xb5r", 0, NULL },
    { "/courses/{slug}", "/courses/a;b", 0, NULL },
    { "/courses/{slug}/lessons/{n}", "/courses/c1/lessons/3", 1, "slug=c1|n=3" },
    { "/courses/{slug}/lessons/{n}", "/courses/c1/lessons/3/", 0, NULL },
    { "/courses/{slug}/lessons/{n}", "/courses/c1/lesson/3", 0, NULL },
    { "/courses/{slug}/lessons/{n}", "/courses/../lessons/3", 0, NULL },
    { "/courses/{slug}/lessons/{n}", "/courses/c1/../lessons/3", 0, NULL },
    { "/{a}/{b}/{c}/{d}", "/1/2/3/4", 1, "a=1|b=2|c=3|d=4" },
    { "/{a}/{b}/{c}/{d}/{e}", "/1/2/3/4/5", 0, NULL }, /* more than ROUTE_MAX_PARAMS */
    { "/static/{*path}", "/static/site.css", 1, "path=site.css" },
    { "/static/{*path}", "/static/css/site.css", 1, "path=css/site.css" },
    { "/static/{*path}", "/static/a/b/c/d/e/f/g", 1, "path=a/b/c/d/e/f/g" },
    { "/static/{*path}", "/static", 0, NULL },
    { "/static/{*path}", "/static/", 0, NULL },
    { "/static/{*path}", "/static/css/", 0, NULL },
    { "/static/{*path}", "/static/css//a", 0, NULL },
    { "/static/{*path}", "/static//etc/passwd", 0, NULL },
    { "/static/{*path}", "/static/../etc/passwd", 0, NULL },
    { "/static/{*path}", "/static/css/../../etc/passwd", 0, NULL },
    { "/static/{*path}", "/static/css/..", 0, NULL },
    { "/static/{*path}", "/static/./a", 0, NULL },
    { "/static/{*path}", "/static/a/.", 0, NULL },
    { "/static/{*path}", "/static/a..b/..c", 1, "path=a..b/..c" },
    { "/static/{*path}", "/static/a\\..\\b", 0, NULL },
    { "/static/{*path}", "/staticx/a", 0, NULL },
    { "/favicon.ico", "/favicon.ico", 1, "" },
    { "/favicon.ico", "/faviconxico", 0, NULL },
};

static void join(char *buf, size_t size, const struct route_params *p)
{
    size_t i, o = 0;

    buf[0] = '\0';
    for (i = 0; i < p->n && o < size; i++)
        o += (size_t)snprintf(buf + o, size - o, "%s%s=%s", i ? "|" : "", p->name[i], p->value[i]);
}

static void match__table(void)
{
    struct arena a;
    size_t i;

    arena_init(&a, 0);
    for (i = 0; i < sizeof(match_cases) / sizeof(match_cases[0]); i++) {
        const struct match_case *c = &match_cases[i];
        struct route_params p = { .n = 3 };
        char got[256];
        int m;

        arena_reset(&a);
        m = route_match(&a, c->pattern, c->path, &p);
        assert_sane_params(&p);
        CU_ASSERT_EQUAL(m, c->match);
        if (m != c->match)
            fprintf(stderr, "match case %zu '%s' '%s': got %d\n", i, c->pattern, c->path, m);
        if (!c->match) {
            CU_ASSERT_EQUAL(p.n, 0);
            continue;
        }
        join(got, sizeof(got), &p);
        CU_ASSERT_STRING_EQUAL(got, c->want);
    }
    arena_release(&a);
}

static void match__bounds(void)
{
    static char path[ROUTE_MAX_PATH + 2];
    struct route_params p;
    struct arena a;

    arena_init(&a, 0);
    CU_ASSERT(!route_match(&a, "/static/{*path}", NULL, &p));
    /* "/static/aaaa..." of exactly ROUTE_MAX_PATH bytes matches, one more does not */
    memset(path, 'a', sizeof(path) - 1);
    memcpy(path, "/static/", 8);
    path[ROUTE_MAX_PATH] = '\0';
    CU_ASSERT(route_match(&a, "/static/{*path}", path, &p));
    path[ROUTE_MAX_PATH] = 'a';
    path[ROUTE_MAX_PATH + 1] = '\0';
    CU_ASSERT(!route_match(&a, "/static/{*path}", path, &p));
    CU_ASSERT_EQUAL(p.n, 0);
    /* a failed match allocates nothing */
    arena_reset(&a);
    CU_ASSERT(!route_match(&a, "/courses/{slug}/x", "/courses/abc/y", &p));
    CU_ASSERT_EQUAL(a.total, 0);
    arena_release(&a);
}

struct overlap_case {
    const char *a;
    const char *b;
    int overlap;
};

static const struct overlap_case overlap_cases[] = {
    { "/", "/", 1 },
    { "/", "/courses", 0 },
    { "/", "/{slug}", 0 },
    { "/", "/{*rest}", 0 },
    { "/courses", "/courses", 1 },
    { "/courses", "/webinars", 0 },
    { "/courses/{slug}", "/courses/new", 1 },
    { "/courses/{slug}", "/courses/{id}", 1 },
    { "/courses/{slug}", "/courses/{slug}/enrol", 0 },
    { "/courses/{slug}/enrol", "/courses/new/enrol", 1 },
    { "/courses/{slug}/enrol", "/courses/new/edit", 0 },
    { "/courses/{slug}/enrol", "/webinars/{slug}/enrol", 0 },
    { "/{a}/x", "/y/{b}", 1 },
    { "/static/{*path}", "/static/site.css", 1 },
    { "/static/{*path}", "/static/{name}", 1 },
    { "/static/{*path}", "/static/css/{name}", 1 },
    { "/static/{*path}", "/static", 0 }, /* {*rest} needs one segment */
    { "/static/{*path}", "/courses/{slug}", 0 },
    { "/static/{*path}", "/static/{*other}", 1 },
    { "/static/{*path}", "/{*all}", 1 },
    { "/a/b/{*r}", "/a/{*s}", 1 },
    { "/a/b/{*r}", "/a/c/{*s}", 0 },
    { "/{*all}", "/", 0 },
    { "/{*all}", "/x", 1 },
    { "bad", "/x", 1 }, /* malformed: fail closed */
    { "/x", "/x//y", 1 },
};

static void match__overlap_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(overlap_cases) / sizeof(overlap_cases[0]); i++) {
        const struct overlap_case *c = &overlap_cases[i];
        int ab = route_overlap(c->a, c->b), ba = route_overlap(c->b, c->a);

        CU_ASSERT_EQUAL(ab, c->overlap);
        CU_ASSERT_EQUAL(ba, c->overlap); /* symmetric */
        if (ab != c->overlap || ba != c->overlap)
            fprintf(stderr, "overlap case %zu '%s' '%s': %d %d\n", i, c->a, c->b, ab, ba);
    }
}

/* Where two valid patterns overlap, a witness path matches both, and vice versa. */
static void match__overlap_agrees_with_match(void)
{
    static const char *const patterns[] = {
        "/",
        "/courses",
        "/courses/new",
        "/courses/{slug}",
        "/courses/{slug}/enrol",
        "/static/{*path}",
        "/{*all}",
        "/{x}/enrol",
    };
    static const char *const paths[] = {
        "/",
        "/courses",
        "/courses/new",
        "/courses/cy1",
        "/courses/new/enrol",
        "/courses/cy1/enrol",
        "/static/a",
        "/static/a/b",
        "/x",
        "/x/enrol",
        "/static",
    };
    size_t n = sizeof(patterns) / sizeof(patterns[0]), i, j, k;
    struct route_params p;
    struct arena a;

    arena_init(&a, 0);
    for (i = 0; i < n; i++) {
        for (j = 0; j < n; j++) {
            int witness = 0;

            for (k = 0; k < sizeof(paths) / sizeof(paths[0]); k++)
                witness |= route_match(&a, patterns[i], paths[k], &p) &&
                           route_match(&a, patterns[j], paths[k], &p);
            if (witness)
                CU_ASSERT(route_overlap(patterns[i], patterns[j]));
        }
    }
    CU_ASSERT(!route_overlap("/courses/{slug}", "/courses/{slug}/enrol"));
    arena_release(&a);
}

struct valid_case {
    const char *pattern;
    int valid;
};

static const struct valid_case valid_cases[] = {
    { "/", 1 },
    { "/courses", 1 },
    { "/courses/{slug}/lessons/{n}", 1 },
    { "/static/{*path}", 1 },
    { "/favicon.ico", 1 },
    { "/api/v1/{course_id}", 1 },
    { "/{a}/{b}/{c}/{d}", 1 },
    { NULL, 0 },
    { "", 0 },
    { "courses", 0 },
    { "//", 0 },
    { "/courses/", 0 },
    { "/courses//x", 0 },
    { "/{a}/{b}/{c}/{d}/{e}", 0 },
    { "/{*rest}/x", 0 },
    { "/{*a}/{*b}", 0 },
    { "/{Slug}", 0 },
    { "/{slug1}", 0 },
    { "/{}", 0 },
    { "/{*}", 0 },
    { "/{slug", 0 },
    { "/slug}", 0 },
    { "/{a}{b}", 0 },
    { "/x/{id}/y/{id}", 0 },
    { "/.", 0 },
    { "/..", 0 },
    { "/a b", 0 },
    { "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", 1 },
    { "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q", 0 }, /* more than ROUTE_MAX_SEGMENTS */
};

static void match__pattern_valid_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(valid_cases) / sizeof(valid_cases[0]); i++) {
        int v = route_pattern_valid(valid_cases[i].pattern);

        CU_ASSERT_EQUAL(v, valid_cases[i].valid);
        if (v != valid_cases[i].valid)
            fprintf(stderr, "pattern case %zu '%s': %d\n", i,
                    valid_cases[i].pattern ? valid_cases[i].pattern : "(null)", v);
    }
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "match__table", match__table },
        { "match__bounds", match__bounds },
        { "match__overlap_table", match__overlap_table },
        { "match__overlap_agrees_with_match", match__overlap_agrees_with_match },
        { "match__pattern_valid_table", match__pattern_valid_table },
        { NULL, NULL },
    };
    test_add_suite("http/match", cases);
}
