/*
 * The catalogue's search understands Welsh (issue 25), over HTTP against the
 * real database and the imported demo courses (ops/test imports courses/):
 * every row of the table finds the same courses as its radical form
 * (gwasanaethau / wasanaethau / ngwasanaethau, dylunio / ddylunio / nylunio,
 * cynnwys / gynnwys / nghynnwys), on /cy/courses and /en/courses and through
 * the API's ?q=; a course is found by a mutated form of a word of its
 * summary; accents, case and apostrophes fold (ŵ = w, i’r = i'r).
 * Both languages: a term of the glossary (data/glossary.txt) typed in one
 * language finds a course that has it only in the other; the courses taught
 * in the reader's language come first, the others after them, marked; on
 * the demo data a Welsh search finds the course taught only in English.
 * "Did you mean": a search that finds nothing offers the nearest known term
 * of a misspelt word as a link, in the reader's language, and the link
 * finds the course; a search with no near term offers nothing.
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

/* GET /{lang}/courses?q=<words>+<tag><rest> as nobody (words already
 * encoded): 200 and its body (free it). */
static struct http_resp get(const char *lang, const char *words, const char *rest)
{
    char path[256];
    struct http_resp r;

    snprintf(path, sizeof(path), "/%s/courses?q=%s+%s%s", lang, words, fx_tag, rest);
    r = http_get_as(&srv, path, NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    return r;
}

/* An English term on a Welsh page finds the course that has it only in
 * Welsh, and the reverse; without its pair the words find nothing. */
static void both_languages__glossary_terms_find_the_other_language(void)
{
    char slug[96];
    struct http_resp r;

    CU_ASSERT_FATAL(
        fx_course("geirfa-a", "Ymchwil defnyddwyr", "Listening to people", "webinar", 1, slug) > 0);
    CU_ASSERT_FATAL(fx_course("geirfa-b", "Gwrando ar bobl", "Content design", "webinar", 1, slug) >
                    0);
    r = get("cy", "user+research", "");
    CU_ASSERT(http_body_has(&r, fx_name(">Ymchwil defnyddwyr")));
    CU_ASSERT(!http_body_has(&r, fx_name(">Gwrando ar bobl")));
    http_resp_free(&r);
    /* Welsh, mutated, on an English page */
    r = get("en", "ddylunio+cynnwys", "");
    CU_ASSERT(http_body_has(&r, fx_name(">Content design")));
    CU_ASSERT(!http_body_has(&r, fx_name(">Listening to people")));
    http_resp_free(&r);
    /* half a term is no term: "user" alone is in neither course */
    r = get("cy", "user", "");
    CU_ASSERT(!http_body_has(&r, fx_name(">Ymchwil defnyddwyr")));
    http_resp_free(&r);
}

/* Courses taught in the reader's language first, then the others, marked. */
static void both_languages__readers_language_first(void)
{
    char slug[96];
    struct http_resp r;
    long long apple = fx_course("trefn-a", "Afal trefn", "Apple order", "webinar", 1, slug);
    long long banana = fx_course("trefn-b", "Banana trefn", "Banana order", "webinar", 1, slug);
    long long cherry = fx_course("trefn-c", "Ceirios trefn", "Cherry order", "webinar", 1, slug);
    long long a, b, c;

    CU_ASSERT_FATAL(apple > 0 && banana > 0 && cherry > 0);
    fx_course_languages(apple, 0, 1);  /* English only */
    fx_course_languages(cherry, 1, 0); /* Welsh only */
    r = get("cy", "trefn", "");
    a = http_pos(&r, fx_name(">Afal trefn"));
    b = http_pos(&r, fx_name(">Banana trefn"));
    c = http_pos(&r, fx_name(">Ceirios trefn"));
    CU_ASSERT(b > 0 && b < c && c < a);
    /* the one mark on the page is the English-only course's, after its title */
    CU_ASSERT(http_pos(&r, loc_text("cy", "courses.results.other_only")) > a);
    http_resp_free(&r);
    r = get("en", "order", "");
    a = http_pos(&r, fx_name(">Apple order"));
    b = http_pos(&r, fx_name(">Banana order"));
    c = http_pos(&r, fx_name(">Cherry order"));
    CU_ASSERT(a > 0 && a < b && b < c);
    CU_ASSERT(http_pos(&r, loc_text("en", "courses.results.other_only")) > c);
    http_resp_free(&r);
}

/* The demo data: "Safonau agored ac ailddefnyddio" is taught in English
 * only; a Welsh search finds it, marked; "user research" on a Welsh page
 * finds "Hanfodion ymchwil defnyddwyr". */
static void both_languages__demo_courses(void)
{
    struct http_resp r = http_search(&srv, "/cy/courses?q=", "safonau agored", NULL, NULL);

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "href=\"/cy/courses/open-standards-and-reuse\""));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "courses.results.other_only")));
    http_resp_free(&r);
    r = http_search(&srv, "/cy/courses?q=", "ymchwil ddefnyddwyr", NULL, NULL);
    CU_ASSERT(http_body_has(&r, "href=\"/cy/courses/user-research-basics\""));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(api_found("user research"), api_found("ymchwil defnyddwyr"));
}

/* The href of the page's "did you mean" link (&amp; unescaped, in fx_mem), or NULL. */
static const char *suggested(const struct http_resp *r)
{
    const char *p = r->body ? strstr(r->body, "class=\"catalogue__suggestion\"") : NULL;
    struct sbuf b;
    const char *end;

    p = p ? strstr(p, "href=\"") : NULL;
    if (!p)
        return NULL;
    p += 6;
    end = strchr(p, '"');
    sbuf_init(&b, &fx_mem, 1024);
    while (p < end) {
        if (!strncmp(p, "&amp;", 5)) {
            sbuf_addc(&b, '&');
            p += 5;
        } else {
            sbuf_addc(&b, *p++);
        }
    }
    return b.buf;
}

static void did_you_mean__offers_the_nearest_term(void)
{
    char slug[96], want[256];
    const char *href;
    struct http_resp r, fixed;

    CU_ASSERT_FATAL(
        fx_course("awgrym", "Hygyrchedd awgrym", "Accessibility hint", "webinar", 1, slug) > 0);
    /* Welsh: one letter missing; the filters stay */
    r = get("cy", "hygyrchdd", "&format=webinar");
    CU_ASSERT(http_body_has(&r, loc_text("cy", "search.did_you_mean")));
    href = suggested(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(href);
    snprintf(want, sizeof(want), "/cy/courses?q=hygyrchedd%%20%s&format=webinar", fx_tag);
    if (strcmp(href, want))
        fprintf(stderr, "\n  suggested %s, want %s\n", href, want);
    CU_ASSERT_STRING_EQUAL(href, want);
    fixed = http_get_as(&srv, href, NULL);
    CU_ASSERT(http_body_has(&fixed, fx_name(">Hygyrchedd awgrym")));
    http_resp_free(&fixed);
    http_resp_free(&r);
    /* English: a letter missing and one swapped */
    r = get("en", "acessibilty", "");
    CU_ASSERT(http_body_has(&r, loc_text("en", "search.did_you_mean")));
    href = suggested(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(href);
    fixed = http_get_as(&srv, href, NULL);
    CU_ASSERT(http_body_has(&fixed, fx_name(">Accessibility hint")));
    http_resp_free(&fixed);
    http_resp_free(&r);
    /* nothing near: no offer */
    r = get("en", "qwertyuiop", "");
    CU_ASSERT(!http_body_has(&r, loc_text("en", "search.did_you_mean")));
    http_resp_free(&r);
}

/* The database round trips of one search page that finds nothing. */
static long trips_of(const char *lang, const char *words)
{
    long before = http_round_trips(&srv, "/courses");
    struct http_resp r = get(lang, words, "");

    http_resp_free(&r);
    return http_round_trips(&srv, "/courses") - before;
}

/* A page that finds nothing asks the word index three times (its search,
 * "did you mean", the suggestion's search) but reads its generation once:
 * that and the suggested page's rows. */
static void did_you_mean__reads_the_generation_once(void)
{
    char slug[96];

    CU_ASSERT_FATAL(
        fx_course("unwaith", "Cydymffurfiaeth unwaith", "Compliance once", "webinar", 1, slug) > 0);
    trips_of("cy", "cydymfurfiaeth"); /* the index read again at the new generation */
    CU_ASSERT_EQUAL(trips_of("cy", "cydymffurfiaith"), 2);
    CU_ASSERT_EQUAL(trips_of("en", "complianse"), 2);
    /* nothing near: the generation alone */
    CU_ASSERT_EQUAL(trips_of("en", "qwertyuiopa"), 1);
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
        { "both_languages__glossary_terms_find_the_other_language",
          both_languages__glossary_terms_find_the_other_language },
        { "both_languages__readers_language_first", both_languages__readers_language_first },
        { "both_languages__demo_courses", both_languages__demo_courses },
        { "did_you_mean__offers_the_nearest_term", did_you_mean__offers_the_nearest_term },
        { "did_you_mean__reads_the_generation_once", did_you_mean__reads_the_generation_once },
        { "welsh_search__log_has_no_errors", welsh_search__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/catalogue/welsh_search", cases, start, stop);
}
