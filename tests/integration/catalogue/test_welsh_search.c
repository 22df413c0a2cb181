/*
 * The catalogue's search understands Welsh (issue 25), over HTTP against the
 * real database and the imported demo courses (ops/test imports courses/):
 * every row of the table finds the same courses as its radical form
 * (gwasanaethau / wasanaethau / ngwasanaethau, dylunio / ddylunio / nylunio,
 * cynnwys / gynnwys / nghynnwys), on /cy/courses and /en/courses and through
 * the API's ?q=; a course is found by a mutated form of a word of its
 * summary; accents, case and apostrophes fold (ŵ = w, i’r = i'r).
 * Only the demo courses count (other tests' courses carry "-zq" tags in their
 * slugs and may come and go while this runs).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/sbuf.h"
#include "harness.h"

static struct server srv;

static int start(void)
{
    if (fx_init())
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* Slugs kept in order, space-separated and sorted, in fx_mem. */
struct slugs {
    char *v[64];
    size_t n;
};

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void slugs_add(struct slugs *s, const char *slug, size_t len)
{
    size_t i;
    char *x = arena_strndup(&fx_mem, slug, len);

    if (strstr(x, "-zq") || s->n == sizeof(s->v) / sizeof(s->v[0]))
        return; /* another test's course, or more than the demo has */
    for (i = 0; i < s->n; i++)
        if (!strcmp(s->v[i], x))
            return;
    s->v[s->n++] = x;
}

static const char *slugs_text(struct slugs *s)
{
    struct sbuf b;
    size_t i;

    qsort(s->v, s->n, sizeof(s->v[0]), by_name);
    sbuf_init(&b, &fx_mem, 64 * 1024);
    for (i = 0; i < s->n; i++)
        sbuf_addf(&b, i ? " %s" : "%s", s->v[i]);
    return b.buf;
}

/* The demo courses the API finds for q. */
static const char *api_found(const char *q)
{
    struct slugs s = { .n = 0 };
    struct http_resp r = http_search(&srv, "/api/v1/courses?per_page=100&q=", q, NULL, NULL);
    json_error_t e;
    json_t *doc = r.body ? json_loadb(r.body, r.body_len, 0, &e) : NULL;
    json_t *items = json_object_get(doc, "items");
    size_t i;

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL(doc);
    CU_ASSERT(json_integer_value(json_object_get(doc, "total")) <= 100);
    for (i = 0; i < json_array_size(items); i++) {
        const char *slug = json_string_value(json_object_get(json_array_get(items, i), "slug"));

        if (slug)
            slugs_add(&s, slug, strlen(slug));
    }
    json_decref(doc);
    http_resp_free(&r);
    return slugs_text(&s);
}

/* The demo courses the catalogue page in lang lists for q, every page of it. */
static const char *page_found(const char *lang, const char *q)
{
    struct slugs s = { .n = 0 };
    char prefix[64], suffix[32];
    int page;

    snprintf(prefix, sizeof(prefix), "/%s/courses?q=", lang);
    for (page = 1; page <= 20; page++) {
        struct http_resp r;
        char needle[64];
        const char *p;
        int links = 0;

        snprintf(suffix, sizeof(suffix), "&page=%d", page);
        r = http_search(&srv, prefix, q, suffix, NULL);
        if (r.status == 404 && page > 1) {
            http_resp_free(&r);
            break;
        }
        CU_ASSERT_EQUAL(r.status, 200);
        snprintf(needle, sizeof(needle), "href=\"/%s/courses/", lang);
        for (p = r.body ? strstr(r.body, needle) : NULL; p; p = strstr(p, needle)) {
            size_t len;

            p += strlen(needle);
            len = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-");
            if (len && p[len] == '"') {
                slugs_add(&s, p, len);
                links++;
            }
        }
        http_resp_free(&r);
        if (!links)
            break;
    }
    return slugs_text(&s);
}

/* q finds the same demo courses as radical (at least one) on both pages and the API. */
static void same_as(const char *q, const char *radical)
{
    const char *want = api_found(radical), *got = api_found(q);
    const char *lang[] = { "cy", "en" };
    size_t i;

    if (!*want || strcmp(got, want))
        fprintf(stderr, "\n  api ?q=%s: [%s], ?q=%s: [%s]\n", radical, want, q, got);
    CU_ASSERT(*want != '\0');
    CU_ASSERT_STRING_EQUAL(got, want);
    for (i = 0; i < sizeof(lang) / sizeof(lang[0]); i++) {
        got = page_found(lang[i], q);
        if (strcmp(got, want))
            fprintf(stderr, "\n  /%s/courses?q=%s: [%s], want [%s]\n", lang[i], q, got, want);
        CU_ASSERT_STRING_EQUAL(got, want);
    }
}

/* The table: each mutated form finds what its radical finds. */
static void mutations__find_the_same_demo_courses(void)
{
    same_as("gwasanaethau", "gwasanaethau");
    same_as("wasanaethau", "gwasanaethau");
    same_as("ngwasanaethau", "gwasanaethau");
    same_as("dylunio", "dylunio");
    same_as("ddylunio", "dylunio");
    same_as("nylunio", "dylunio");
    same_as("cynnwys", "cynnwys");
    same_as("gynnwys", "cynnwys");
    same_as("nghynnwys", "cynnwys");
    /* case and accents fold too */
    same_as("GWASANAETHAU", "gwasanaethau");
    same_as("Dylûnio", "dylunio");
}

/* A course of this run found by a mutated form of a word of its summary,
 * and with apostrophes of either kind. */
static void mutations__find_a_word_of_the_summary(void)
{
    char slug[96], path[256];
    struct http_resp r;
    long long id = fx_course("plygu", "Cwrs plygu", "Folding course", "e-learning", 1, slug);

    CU_ASSERT_FATAL(id > 0);
    fx_course_set(id, "summary_cy", "Sut i ddylunio ffurflenni i’r cyhoedd, gam wrth gam");
    /* "pheth" is not in it; "ffurflen" (the radical, a prefix) is */
    snprintf(path, sizeof(path), "/en/courses?q=dylunio+%s", fx_tag);
    r = http_get_as(&srv, path, NULL);
    CU_ASSERT(http_body_has(&r, fx_name("Folding course")));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/courses?q=nylunio+ffurflen+%s", fx_tag);
    r = http_get_as(&srv, path, NULL);
    CU_ASSERT(http_body_has(&r, fx_name("Cwrs plygu")));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/courses?q=i%%27r+cyhoedd+%s", fx_tag);
    r = http_get_as(&srv, path, NULL);
    CU_ASSERT(http_body_has(&r, fx_name("Cwrs plygu")));
    http_resp_free(&r);
    /* a word it does not have finds nothing */
    snprintf(path, sizeof(path), "/cy/courses?q=gwasanaethau+%s", fx_tag);
    r = http_get_as(&srv, path, NULL);
    CU_ASSERT(!http_body_has(&r, fx_name("Cwrs plygu")));
    http_resp_free(&r);
}

static void welsh_search__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "mutations__find_the_same_demo_courses", mutations__find_the_same_demo_courses },
        { "mutations__find_a_word_of_the_summary", mutations__find_a_word_of_the_summary },
        { "welsh_search__log_has_no_errors", welsh_search__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/catalogue/welsh_search", cases, start, stop);
}
