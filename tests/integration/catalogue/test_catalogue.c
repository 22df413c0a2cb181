/*
 * The catalogue page over HTTP against the real database: search in both
 * languages finds a course by a word of either language and shows the
 * reader's title; facet counts follow the other filters; pagination keeps
 * the filters; Welsh order on /cy (Cyw before Chwarae, Lyn before Llan) and
 * English order on /en; unknown filters give 400 with the rest applied;
 * hostile searches never give a 5xx; results show the course's facts and say
 * when it is not taught in the reader's language; pages stay under 60 KB.
 * A search's matches are kept for 2 s: a course unpublished since leaves the
 * list at once, one published since appears within 2 s.
 * Every search carries the run's tag, so other tests' courses never count.
 * Result counts ("3 chwrs yn cyfateb", "1 course matching") and durations
 * ("1 awr 30 munud") are CLDR plural forms with their Welsh mutations: that
 * is the behaviour, so they are literal; other text comes from locale keys.
 */
#include <stdlib.h>
#include <time.h>

#include "harness.h"

static struct server srv;
static long long facet_a, facet_b, facet_c;

static int start(void)
{
    char slug[96];

    if (fx_init())
        return -1;
    /* the facet courses: searched as "ffased <tag>" */
    facet_a = fx_course("ffased-a", "Ffased data", "Facet data", "e-learning", 2, slug);
    facet_b = fx_course("ffased-b", "Ffased gweithio", "Facet working", "classroom", 3, slug);
    facet_c = fx_course("ffased-c", "Ffased pensaer", "Facet architect", "webinar", 1, slug);
    if (!facet_a || !facet_b || !facet_c)
        return -1;
    if (db_exec(fx_dbh, "UPDATE courses SET role_family = 'data' WHERE id IN (?, ?)", "ll", facet_a,
                facet_b) != DB_OK ||
        db_exec(fx_dbh, "UPDATE courses SET role_family = 'architecture', in_en = 0 WHERE id = ?",
                "l", facet_c) != DB_OK ||
        db_exec(fx_dbh, "UPDATE courses SET level = 'working', in_cy = 0 WHERE id = ?", "l",
                facet_b) != DB_OK)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* 1 if the page has the filter option value, labelled by label_key with the
 * count n ("Data (2)"), selected or not; says what it lacks when not. */
static int has_option(const struct http_resp *r, const char *lang, const char *value,
                      const char *label_key, int n, int selected)
{
    char want[256], count[16];

    snprintf(count, sizeof(count), "%d", n);
    snprintf(want, sizeof(want), "<option value=\"%s\"%s>%s</option>", value,
             selected ? " selected" : "",
             loc_textf(lang, "common.option_count", "label", loc_plain(lang, label_key), "n", count,
                       NULL));
    if (http_body_has(r, want))
        return 1;
    fprintf(stderr, "\n  the page lacks %s\n", want);
    return 0;
}

static void search__a_welsh_word_finds_the_course_in_both_languages(void)
{
    char slug[96], href[160];
    const char *q, *title_cy, *title_en;
    struct http_resp r;
    long long id = fx_course("hygyrch", "Hygyrchedd gwasanaethau", "Accessible services",
                             "e-learning", 1, slug);

    CU_ASSERT_FATAL(id > 0);
    title_cy = fx_name("Hygyrchedd gwasanaethau");
    title_en = fx_name("Accessible services");
    q = fx_name("hygyrchedd");
    r = http_search(&srv, "/en/courses?q=", q, NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, title_en));
    CU_ASSERT(!http_body_has(&r, title_cy));
    CU_ASSERT(http_body_has(&r, "1 course matching"));
    snprintf(href, sizeof(href), "href=\"/en/courses/%s\"", slug);
    CU_ASSERT(http_body_has(&r, href));
    http_resp_free(&r);
    r = http_search(&srv, "/cy/courses?q=", q, NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, title_cy));
    CU_ASSERT(!http_body_has(&r, title_en));
    snprintf(href, sizeof(href), "href=\"/cy/courses/%s\"", slug);
    CU_ASSERT(http_body_has(&r, href));
    http_resp_free(&r);
    /* an English word, a prefix and another case find it on the Welsh page too */
    q = fx_name("ACCESSIB");
    r = http_search(&srv, "/cy/courses?q=", q, NULL, NULL);
    CU_ASSERT(r.status == 200 && http_body_has(&r, title_cy));
    http_resp_free(&r);
    /* a word of the summary */
    fx_course_set(id, "summary_cy", "Cwrs am ddylunio i bawb, gan gynnwys pobl ddall");
    q = fx_name("ddall");
    r = http_search(&srv, "/en/courses?q=", q, NULL, NULL);
    CU_ASSERT(r.status == 200 && http_body_has(&r, title_en));
    http_resp_free(&r);
    /* every word is required */
    q = fx_name("hygyrchedd gwyddbwyll");
    r = http_search(&srv, "/en/courses?q=", q, NULL, NULL);
    CU_ASSERT(r.status == 200 && !http_body_has(&r, title_en));
    CU_ASSERT(http_body_has(&r, loc_text("en", "courses.results.none_title")));
    http_resp_free(&r);
}

static void search__unpublished_courses_are_never_listed(void)
{
    char slug[96];
    const char *q;
    long long id = fx_course("cudd", "Cwrs cudd", "Hidden course", "e-learning", 1, slug);
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    fx_course_published(id, 0);
    q = fx_name("hidden");
    r = http_search(&srv, "/en/courses?q=", q, NULL, NULL);
    CU_ASSERT(r.status == 200 && !http_body_has(&r, fx_name("Hidden course")));
    CU_ASSERT(http_body_has(&r, "0 courses matching"));
    http_resp_free(&r);
}

/* A new search is answered from the word index (catalogue/words.c) kept while
 * migration 0058's generation stands: a course published since, not through
 * this server, is found by the next new search at once, and gone once
 * unpublished (the generation moved both times). */
static void search__index_follows_publishing_at_once(void)
{
    char slug[96];
    long long id = fx_course("mynegai", "Mynegai newydd", "New index", "webinar", 1, slug);
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    fx_course_published(id, 0);
    r = http_search(&srv, "/cy/courses?q=", fx_name("mynegai"), NULL, NULL);
    CU_ASSERT(r.status == 200 && !http_body_has(&r, fx_name(">Mynegai newydd")));
    http_resp_free(&r);
    fx_course_published(id, 1);
    r = http_search(&srv, "/cy/courses?q=", fx_name("newydd"), NULL, NULL);
    CU_ASSERT(r.status == 200 && http_body_has(&r, fx_name(">Mynegai newydd")));
    http_resp_free(&r);
    fx_course_published(id, 0);
    r = http_search(&srv, "/en/courses?q=", fx_name("index"), NULL, NULL);
    CU_ASSERT(r.status == 200 && !http_body_has(&r, fx_name(">New index")));
    http_resp_free(&r);
}

static void facets__counts_follow_the_other_filters(void)
{
    const char *q;
    struct http_resp r;

    q = fx_name("ffased");
    /* data courses taught in English: a and b */
    r = http_search(&srv, "/en/courses?q=", q, "&role=data&language=en", NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "2 courses matching"));
    /* role counts ignore the role filter but keep the language: c is Welsh only */
    CU_ASSERT(has_option(&r, "en", "data", "courses.family.data", 2, 1));
    CU_ASSERT(has_option(&r, "en", "architecture", "courses.family.architecture", 0, 0));
    /* levels within data and English */
    CU_ASSERT(has_option(&r, "en", "awareness", "courses.level.awareness", 1, 0));
    CU_ASSERT(has_option(&r, "en", "working", "courses.level.working", 1, 0));
    /* languages within data, whatever the language filter */
    CU_ASSERT(has_option(&r, "en", "cy", "courses.delivery_lang.cy", 1, 0));
    CU_ASSERT(has_option(&r, "en", "en", "courses.delivery_lang.en", 2, 1));
    CU_ASSERT(http_body_has(&r, loc_text("en", "courses.filters.clear")));
    http_resp_free(&r);
    /* no filter: every family's count within the search */
    r = http_search(&srv, "/cy/courses?q=", q, NULL, NULL);
    CU_ASSERT(has_option(&r, "cy", "data", "courses.family.data", 2, 0));
    CU_ASSERT(has_option(&r, "cy", "architecture", "courses.family.architecture", 1, 0));
    CU_ASSERT(has_option(&r, "cy", "classroom", "courses.format.classroom", 1, 0));
    CU_ASSERT(http_body_has(&r, "3 chwrs yn cyfateb"));
    http_resp_free(&r);
    /* the filters alone narrow the list */
    r = http_search(&srv, "/en/courses?q=", q, "&level=working&format=classroom", NULL);
    CU_ASSERT(http_body_has(&r, "1 course matching"));
    CU_ASSERT(http_body_has(&r, "Facet working"));
    CU_ASSERT(!http_body_has(&r, "Facet data"));
    http_resp_free(&r);
}

static void filters__unknown_values_are_400_and_the_rest_apply(void)
{
    char title[96];
    const char *q;
    struct http_resp r;

    q = fx_name("ffased");
    r = http_search(&srv, "/cy/courses?q=", q, "&role=hud-a-lledrith&language=en", NULL);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "error-summary"));
    CU_ASSERT(http_body_has(&r, "href=\"#role\""));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "courses.errors.role_unknown")));
    snprintf(title, sizeof(title), "<title>%s",
             loc_textf("cy", "common.error_title", "title", loc_plain("cy", "courses.page_title"),
                       NULL));
    CU_ASSERT(http_body_has(&r, title));
    /* the search and the language still apply: a and b are taught in English */
    CU_ASSERT(http_body_has(&r, "2 gwrs yn cyfateb"));
    http_resp_free(&r);
    r = http_search(&srv, "/en/courses?q=", q, "&level=guru&format=podcast&language=fr", NULL);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "href=\"#level\"") && http_body_has(&r, "href=\"#format\""));
    CU_ASSERT(http_body_has(&r, "href=\"#language\""));
    CU_ASSERT(http_body_has(&r, "3 courses matching"));
    http_resp_free(&r);
    /* a malformed page number is a plain 400; past the end is 404 */
    r = http_get_as(&srv, "/en/courses?page=0", NULL);
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/courses?page=abc", NULL);
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    r = http_search(&srv, "/en/courses?q=", q, "&page=2", NULL);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

static void pagination__twenty_a_page_keeping_the_filters(void)
{
    char slug[96], name[32], s[32], next[256], enc[128];
    const char *q;
    struct http_resp r;
    int i;

    for (i = 1; i <= 23; i++) {
        snprintf(name, sizeof(name), "Tudalen %02d", i);
        snprintf(s, sizeof(s), "tudalen-%02d", i);
        CU_ASSERT_FATAL(fx_course(s, name, name, "blended", 1, slug) > 0);
    }
    q = fx_name("tudalen");
    r = http_search(&srv, "/cy/courses?q=", q, "&format=blended", NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Tudalen 01"));
    CU_ASSERT(http_body_has(&r, "Tudalen 20"));
    CU_ASSERT(!http_body_has(&r, "Tudalen 21"));
    CU_ASSERT(
        http_body_has(&r, loc_textf("cy", "common.page_of", "page", "1", "pages", "2", NULL)));
    http_url_encode(q, enc, sizeof(enc));
    snprintf(next, sizeof(next), "href=\"/cy/courses?q=%s&amp;format=blended&amp;page=2\"", enc);
    CU_ASSERT(http_body_has(&r, next));
    CU_ASSERT(!http_body_has(&r, "rel=\"prev\""));
    http_resp_free(&r);
    r = http_search(&srv, "/cy/courses?q=", q, "&format=blended&page=2", NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Tudalen 21") && http_body_has(&r, "Tudalen 23"));
    CU_ASSERT(!http_body_has(&r, "Tudalen 20 "));
    CU_ASSERT(http_body_has(&r, loc_textf("cy", "common.page_title_paged", "title",
                                          loc_plain("cy", "courses.page_title"), "page", "2",
                                          "pages", "2", NULL)));
    CU_ASSERT(http_body_has(&r, "rel=\"prev\"") && !http_body_has(&r, "rel=\"next\""));
    http_resp_free(&r);
}

static void order__welsh_on_cy_english_on_en(void)
{
    static const char *const words[] = { "Lyn", "Llan", "Cyw", "Chwarae" };
    char slug[96], t[4][128];
    const char *q;
    struct http_resp cy, en;
    int i;

    for (i = 0; i < 4; i++) {
        char title[64], s[32];

        snprintf(title, sizeof(title), "%s trefnu", words[i]);
        snprintf(s, sizeof(s), "trefn-%d", i);
        CU_ASSERT_FATAL(fx_course(s, title, title, "e-learning", 1, slug) > 0);
        snprintf(t[i], sizeof(t[i]), ">%s trefnu %s<", words[i], fx_tag);
    }
    q = fx_name("trefnu");
    cy = http_search(&srv, "/cy/courses?q=", q, NULL, NULL);
    en = http_search(&srv, "/en/courses?q=", q, NULL, NULL);
    CU_ASSERT_FATAL(cy.status == 200 && en.status == 200);
    /* Welsh: c < ch and l < ll (ch and ll are letters of their own) */
    CU_ASSERT(http_pos(&cy, t[2]) > 0 && http_pos(&cy, t[2]) < http_pos(&cy, t[3]));
    CU_ASSERT(http_pos(&cy, t[3]) < http_pos(&cy, t[0]));
    CU_ASSERT(http_pos(&cy, t[0]) < http_pos(&cy, t[1]));
    /* English: Chwarae < Cyw < Llan < Lyn */
    CU_ASSERT(http_pos(&en, t[3]) > 0 && http_pos(&en, t[3]) < http_pos(&en, t[2]));
    CU_ASSERT(http_pos(&en, t[2]) < http_pos(&en, t[1]));
    CU_ASSERT(http_pos(&en, t[1]) < http_pos(&en, t[0]));
    http_resp_free(&cy);
    http_resp_free(&en);
}

static void order__pages_follow_the_readers_order_under_a_filter(void)
{
    char slug[96], cy[32], en[32], s[32];
    const char *q;
    struct http_resp r;
    int i;

    /* Welsh titles rise with i, English ones fall; every third is "working" */
    for (i = 1; i <= 33; i++) {
        long long id;

        snprintf(cy, sizeof(cy), "Rhestr A%02d", i);
        snprintf(en, sizeof(en), "Rhestr Z%02d", 34 - i);
        snprintf(s, sizeof(s), "rhestr-%02d", i);
        id = fx_course(s, cy, en, "e-learning", 1, slug);
        CU_ASSERT_FATAL(id > 0);
        if (i % 3 == 0)
            fx_course_set(id, "level", "working");
    }
    q = fx_name("rhestr");
    r = http_search(&srv, "/cy/courses?q=", q, "&level=awareness&page=2", NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "22 cwrs yn cyfateb"));
    CU_ASSERT(has_option(&r, "cy", "working", "courses.level.working", 11, 0));
    CU_ASSERT(http_pos(&r, ">Rhestr A31 ") > 0 &&
              http_pos(&r, ">Rhestr A31 ") < http_pos(&r, ">Rhestr A32 "));
    CU_ASSERT(http_pos(&r, ">Rhestr A29 ") < 0 && http_pos(&r, ">Rhestr A33 ") < 0);
    http_resp_free(&r);
    r = http_search(&srv, "/en/courses?q=", q, "&level=awareness&page=2", NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "22 courses matching"));
    CU_ASSERT(http_pos(&r, ">Rhestr Z32 ") > 0 &&
              http_pos(&r, ">Rhestr Z32 ") < http_pos(&r, ">Rhestr Z33 "));
    CU_ASSERT(http_pos(&r, ">Rhestr Z30 ") < 0 && http_pos(&r, ">Rhestr Z31 ") < 0);
    http_resp_free(&r);
    /* the other level and the first page, from the same search */
    r = http_search(&srv, "/en/courses?q=", q, "&level=working", NULL);
    CU_ASSERT(http_body_has(&r, "11 courses matching"));
    CU_ASSERT(http_pos(&r, ">Rhestr Z01 ") > 0 &&
              http_pos(&r, ">Rhestr Z01 ") < http_pos(&r, ">Rhestr Z31 "));
    CU_ASSERT(http_pos(&r, ">Rhestr Z02 ") < 0);
    http_resp_free(&r);
    r = http_search(&srv, "/cy/courses?q=", q, "&level=awareness&page=3", NULL);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

static void search__a_course_unpublished_since_leaves_at_once(void)
{
    char slug[96];
    const char *q, *title;
    long long id = fx_course("diflannu", "Diflannu", "Vanish", "webinar", 1, slug);
    struct http_resp r;
    struct timespec ts = { .tv_sec = 2, .tv_nsec = 200 * 1000000L };
    struct fx_session reader;

    CU_ASSERT_FATAL(id > 0);
    fx_learner("Darllenydd", NULL, &reader);
    q = fx_name("diflannu");
    title = fx_name(">Diflannu");
    r = http_search(&srv, "/cy/courses?q=", q, NULL, NULL);
    CU_ASSERT(r.status == 200 && http_body_has(&r, title));
    http_resp_free(&r);
    /* the search's matches are kept, but the page's rows are read afresh (for a
     * signed-in reader: anonymous readers get the rendered page, up to 1.5 s
     * old, unless the change went through this server: test_rendercache.c) */
    fx_course_published(id, 0);
    r = http_search(&srv, "/cy/courses?q=", q, NULL, &reader);
    CU_ASSERT(r.status == 200 && !http_body_has(&r, title));
    http_resp_free(&r);
    /* published again: back once what was kept is older than 2 s */
    fx_course_published(id, 1);
    nanosleep(&ts, NULL);
    r = http_search(&srv, "/cy/courses?q=", q, NULL, NULL);
    CU_ASSERT(r.status == 200 && http_body_has(&r, title) &&
              http_body_has(&r, "1 cwrs yn cyfateb"));
    http_resp_free(&r);
}

static void results__facts_and_the_language_marker(void)
{
    char dd[96];
    char slug[96];
    const char *q;
    long long en_only =
        fx_course("saesneg", "Ffeithiau Saesneg", "Facts English", "e-learning", 3, slug);
    long long cy_only =
        fx_course("cymraeg", "Ffeithiau Cymraeg", "Facts Welsh", "webinar", 2, slug);
    struct http_resp r;

    CU_ASSERT_FATAL(en_only > 0 && cy_only > 0);
    fx_course_languages(en_only, 0, 1);
    fx_course_languages(cy_only, 1, 0);
    fx_course_minutes(en_only, 90);
    fx_course_minutes(cy_only, 45);
    q = fx_name("ffeithiau");
    r = http_search(&srv, "/cy/courses?q=", q, NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "courses.results.other_only")));
    CU_ASSERT(http_body_has(&r, "1 awr 30 munud"));
    CU_ASSERT(http_body_has(&r, "45 munud"));
    snprintf(dd, sizeof(dd), "<dd>%s</dd>", loc_text("cy", "courses.delivery.cy"));
    CU_ASSERT(http_body_has(&r, dd));
    snprintf(dd, sizeof(dd), "<dd>%s</dd>", loc_text("cy", "courses.delivery.en"));
    CU_ASSERT(http_body_has(&r, dd));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "courses.level.awareness")));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "courses.format.webinar")));
    CU_ASSERT(http_body_has(&r, "<dd>3</dd>"));
    CU_ASSERT(http_body_has(&r, "Crynodeb prawf"));
    /* the Welsh-only course carries no marker on the Welsh page */
    CU_ASSERT(!http_body_has(&r, loc_text("en", "courses.results.other_only")));
    http_resp_free(&r);
    r = http_search(&srv, "/en/courses?q=", q, NULL, NULL);
    CU_ASSERT(http_body_has(&r, loc_text("en", "courses.results.other_only")));
    CU_ASSERT(!http_body_has(&r, loc_text("cy", "courses.results.other_only")));
    CU_ASSERT(http_body_has(&r, "1 hour 30 minutes") && http_body_has(&r, "45 minutes"));
    snprintf(dd, sizeof(dd), "<dd>%s</dd>", loc_text("en", "courses.delivery.en"));
    CU_ASSERT(http_body_has(&r, dd));
    snprintf(dd, sizeof(dd), "<dd>%s</dd>", loc_text("en", "courses.delivery.cy"));
    CU_ASSERT(http_body_has(&r, dd));
    CU_ASSERT(http_body_has(&r, "Test summary"));
    CU_ASSERT(http_body_has(&r, "href=\"/en/pathways\""));
    http_resp_free(&r);
}

static void search__hostile_values_never_fail(void)
{
    static const char *const junk[] = {
        "' OR 1=1 --",
        "'; DROP TABLE courses; --",
        "+++---***",
        "\"unterminated",
        "((((data",
        "@8 ~x <y >z",
        "%_%_\\",
        "MATCH(title_cy) AGAINST('x')",
        "\xe2\x80\xae\xe2\x80\x8b zero width",
        "<script>alert(1)</script>",
    };
    char big[2100], q[2300];
    struct http_resp r;
    size_t i;

    for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
        r = http_search(&srv, "/cy/courses?q=", junk[i], NULL, NULL);
        if (r.status != 200)
            fprintf(stderr, "\nq=%s: %d\n", junk[i], r.status);
        CU_ASSERT_EQUAL(r.status, 200);
        CU_ASSERT(!http_body_has(&r, "<script>alert"));
        http_resp_free(&r);
    }
    /* 2 KB: refused with a message, the text kept in the box, the rest still work */
    memset(big, 'a', 2048);
    big[2048] = '\0';
    r = http_search(&srv, "/en/courses?q=", big, "&level=working", NULL);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "courses.errors.q_too_long")));
    CU_ASSERT(http_body_has(&r, "value=\"aaaaaaaaaa"));
    CU_ASSERT(http_body_has(&r, "<option value=\"working\" selected>"));
    http_resp_free(&r);
    /* 2 KB of words */
    for (i = 0; i + 5 < 2048; i += 5)
        memcpy(big + i, "abc (", 5);
    big[i] = '\0';
    snprintf(q, sizeof(q), "%s", big);
    r = http_search(&srv, "/en/courses?q=", q, NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    /* invalid UTF-8 and NUL are refused before the page runs */
    r = http_get_as(&srv, "/cy/courses?q=%ff%fe", NULL);
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/courses?q=data%00", NULL);
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    /* only short or common words: every course, and the page says why */
    r = http_get_as(&srv, "/en/courses?q=AI+of+the", NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("en", "courses.results.ignored")));
    http_resp_free(&r);
}

static void budget__a_full_page_stays_under_60_kb(void)
{
    char like[96], summary[2100];
    const char *q;
    size_t css_len = 0, i;
    char *css = test_read_file("web/static/css/dysgu.css", &css_len);
    struct http_resp r;

    CU_ASSERT_PTR_NOT_NULL_FATAL(css);
    free(css);
    /* the longest summaries a course may have (2,000 characters) */
    for (i = 0; i + 10 < 2000; i += 10)
        memcpy(summary + i, "gwasanaeth", 10);
    summary[i] = '\0';
    snprintf(like, sizeof(like), "Tudalen %% %s", fx_tag);
    CU_ASSERT(db_exec(fx_dbh,
                      "UPDATE courses SET summary_cy = ?, summary_en = ? WHERE title_en LIKE ?",
                      "sss", summary, summary, like) == DB_OK);
    q = fx_name("tudalen");
    r = http_search(&srv, "/cy/courses?q=", q, NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "gwasanaeth…") || http_body_has(&r, "gwasanaethgwasanaeth…"));
    fprintf(stderr, "\n/cy/courses: %zu bytes of HTML + %zu of CSS\n", r.body_len, css_len);
    CU_ASSERT(r.body_len + css_len < 60 * 1024);
    http_resp_free(&r);
}

/* Last: nothing above made the server log an error. */
static void catalogue__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "search__a_welsh_word_finds_the_course_in_both_languages",
          search__a_welsh_word_finds_the_course_in_both_languages },
        { "search__unpublished_courses_are_never_listed",
          search__unpublished_courses_are_never_listed },
        { "search__index_follows_publishing_at_once", search__index_follows_publishing_at_once },
        { "facets__counts_follow_the_other_filters", facets__counts_follow_the_other_filters },
        { "filters__unknown_values_are_400_and_the_rest_apply",
          filters__unknown_values_are_400_and_the_rest_apply },
        { "pagination__twenty_a_page_keeping_the_filters",
          pagination__twenty_a_page_keeping_the_filters },
        { "order__welsh_on_cy_english_on_en", order__welsh_on_cy_english_on_en },
        { "order__pages_follow_the_readers_order_under_a_filter",
          order__pages_follow_the_readers_order_under_a_filter },
        { "search__a_course_unpublished_since_leaves_at_once",
          search__a_course_unpublished_since_leaves_at_once },
        { "results__facts_and_the_language_marker", results__facts_and_the_language_marker },
        { "search__hostile_values_never_fail", search__hostile_values_never_fail },
        { "budget__a_full_page_stays_under_60_kb", budget__a_full_page_stays_under_60_kb },
        { "catalogue__log_has_no_errors", catalogue__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/catalogue/pages", cases, start, stop);
}
