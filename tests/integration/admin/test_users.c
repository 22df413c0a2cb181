/*
 * The users list and one user's page over HTTP, as an admin: search by name
 * or e-mail, role and status filters, hostile search strings, Welsh
 * alphabetical order on Welsh pages, pagination, and 404 for ids that name
 * no one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session admin;
static long long pct_user, plain_user, disabled_user;

static int start(void)
{
    char name[128];

    if (fx_init())
        return -1;
    if (fx_sign_in(fx_user(fx_name("Users Admin"), "learner,admin"), &admin))
        return -1;
    /* a name holding LIKE's wildcards and the escape characters */
    snprintf(name, sizeof(name), "Canran 100%%_a\\b!c <b>%s</b>", fx_tag);
    pct_user = fx_user(name, "learner");
    plain_user = fx_user(fx_name("Plaen"), "learner,trainer");
    disabled_user = fx_user(fx_name("Wedi Gadael"), "learner");
    if (!pct_user || !plain_user || !disabled_user ||
        db_exec(fx_dbh, "UPDATE users SET disabled = 1 WHERE id = ?", "l", disabled_user) != DB_OK)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* GET /{lang}/admin/users?<query> as the admin. */
static struct http_resp list(const char *lang, const char *query)
{
    char path[512];

    snprintf(path, sizeof(path), "/%s/admin/users?%s", lang, query);
    return http_get_as(&srv, path, &admin);
}

static void users__home_links_users_and_audit(void)
{
    struct http_resp cy = http_get_as(&srv, "/cy/admin", &admin),
                     en = http_get_as(&srv, "/en/admin", &admin);

    CU_ASSERT(cy.status == 200 && en.status == 200);
    CU_ASSERT(http_body_has(&cy, "href=\"/cy/admin/users\""));
    CU_ASSERT(http_body_has(&cy, "href=\"/cy/admin/audit\""));
    CU_ASSERT(http_body_has(&cy, loc_text("cy", "admin.home.audit_title")));
    CU_ASSERT(http_body_has(&en, loc_text("en", "admin.home.audit_title")));
    http_resp_free(&cy);
    http_resp_free(&en);
}

static void users__search_by_name_fragment(void)
{
    char q[96], want[96], part[96];
    struct http_resp r;

    snprintf(q, sizeof(q), "q=plaen+%s", fx_tag);
    r = list("en", q);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(want, sizeof(want), "Plaen %s", fx_tag);
    CU_ASSERT(http_body_has(&r, want));
    CU_ASSERT(http_body_has(&r, "1 person")); /* a plural form: literal */
    CU_ASSERT(http_body_has(&r, "<caption class=\"table__caption\">"));
    CU_ASSERT(http_body_has(&r, "<th scope=\"col\">"));
    snprintf(want, sizeof(want), ">%s</span>", loc_text("en", "admin.roles.trainer"));
    CU_ASSERT(http_body_has(&r, want));
    CU_ASSERT(!http_body_has(&r, "Canran"));
    http_resp_free(&r);
    /* by a part of the e-mail address, in Welsh */
    snprintf(part, sizeof(part), "%s", fx_email_of(pct_user));
    *strstr(part, ".example") = '\0';
    snprintf(q, sizeof(q), "q=%s", http_enc(part));
    r = list("cy", q);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Canran 100%_a\\b!c &lt;b&gt;"));
    snprintf(want, sizeof(want), ">%s</span>", loc_text("cy", "admin.roles.learner"));
    CU_ASSERT(http_body_has(&r, want));
    http_resp_free(&r);
}

static void users__role_and_status_filters(void)
{
    char q[128], plain[64], gone[64];
    struct http_resp r;

    snprintf(plain, sizeof(plain), "Plaen %s", fx_tag);
    snprintf(gone, sizeof(gone), "Wedi Gadael %s", fx_tag);
    snprintf(q, sizeof(q), "q=%s&role=trainer", fx_tag);
    r = list("en", q);
    CU_ASSERT(r.status == 200 && http_body_has(&r, plain) && !http_body_has(&r, gone));
    http_resp_free(&r);
    snprintf(q, sizeof(q), "q=%s&status=disabled", fx_tag);
    r = list("en", q);
    CU_ASSERT(r.status == 200 && !http_body_has(&r, plain) && http_body_has(&r, gone));
    snprintf(q, sizeof(q), ">%s</span>", loc_text("en", "admin.status.disabled"));
    CU_ASSERT(http_body_has(&r, q));
    http_resp_free(&r);
    snprintf(q, sizeof(q), "q=%s&status=active", fx_tag);
    r = list("cy", q);
    CU_ASSERT(r.status == 200 && http_body_has(&r, plain) && !http_body_has(&r, gone));
    http_resp_free(&r);
    /* a filter we do not know: said in the reader's language, nothing else lost */
    snprintf(q, sizeof(q), "q=%s&role=overlord&status=gone", fx_tag);
    r = list("cy", q);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "error-summary"));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "admin.users.errors.role_unknown")));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "admin.users.errors.status_unknown")));
    CU_ASSERT(http_body_has(&r, plain));
    http_resp_free(&r);
}

static void users__hostile_search_strings_are_plain_text(void)
{
    static const char *const hostile[] = {
        "%25",
        "_",
        "%5C",
        "%25_%5C",
        "!",
        "%27",
        "%22",
        "%25%25%25%25",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "a%27+OR+1%3D1--",
    };
    char q[256], plain[64];
    struct http_resp r;
    size_t i;

    snprintf(plain, sizeof(plain), "Plaen %s", fx_tag);
    for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
        snprintf(q, sizeof(q), "q=%s", hostile[i]);
        r = list("en", q);
        if (r.status != 200) {
            fprintf(stderr, "\n  q=%s: %d\n", hostile[i], r.status);
            CU_FAIL("a hostile search string was not answered with 200");
        }
        /* wildcards match themselves only: the plain name has none of them */
        if (http_body_has(&r, plain))
            CU_FAIL(hostile[i]);
        CU_ASSERT(!http_body_has(&r, "<script>alert(1)"));
        http_resp_free(&r);
    }
    r = list("en", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    CU_ASSERT(http_body_has(&r, "value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
    http_resp_free(&r);
    /* and they do find the name that holds them */
    r = list("en", "q=100%25_a%5Cb!c");
    CU_ASSERT(r.status == 200 && http_body_has(&r, "Canran 100%_a\\b!c &lt;b&gt;"));
    http_resp_free(&r);
    r = list("en", "q=%3Cb%3E");
    CU_ASSERT(r.status == 200 && http_body_has(&r, "Canran 100%_a\\b!c &lt;b&gt;"));
    http_resp_free(&r);
    /* too long: refused with a message, not searched */
    memset(q, 'x', 200);
    memcpy(q, "q=", 2);
    q[200] = '\0';
    r = list("en", q);
    CU_ASSERT(r.status == 400 &&
              http_body_has(&r, loc_text("en", "admin.users.errors.q_too_long")));
    http_resp_free(&r);
}

static void users__welsh_pages_sort_in_welsh_order(void)
{
    static const char *const first[] = { "Llinos", "Chris", "Lowri", "Ceri" };
    char name[4][96], q[96];
    struct http_resp cy, en;
    size_t i;

    for (i = 0; i < 4; i++) {
        snprintf(name[i], sizeof(name[i]), "%s Trefn%s", first[i], fx_tag);
        CU_ASSERT_FATAL(fx_user(name[i], "learner") > 0);
    }
    snprintf(q, sizeof(q), "q=Trefn%s", fx_tag);
    cy = list("cy", q);
    en = list("en", q);
    CU_ASSERT(cy.status == 200 && en.status == 200);
    /* Welsh: ch after c, ll after l (domain.md: Lyn < Llandudno) */
    CU_ASSERT(http_pos(&cy, name[3]) >= 0 && http_pos(&cy, name[3]) < http_pos(&cy, name[1]));
    CU_ASSERT(http_pos(&cy, name[1]) < http_pos(&cy, name[2]));
    CU_ASSERT(http_pos(&cy, name[2]) < http_pos(&cy, name[0]));
    /* English: Llinos before Lowri */
    CU_ASSERT(http_pos(&en, name[3]) >= 0 && http_pos(&en, name[3]) < http_pos(&en, name[1]));
    CU_ASSERT(http_pos(&en, name[1]) < http_pos(&en, name[0]));
    CU_ASSERT(http_pos(&en, name[0]) < http_pos(&en, name[2]));
    http_resp_free(&cy);
    http_resp_free(&en);
}

static void users__fifty_a_page(void)
{
    char name[96], q[128], next[160];
    struct http_resp r;
    int i;

    for (i = 0; i < 53; i++) {
        snprintf(name, sizeof(name), "Tudalen %s %02d", fx_tag, i);
        CU_ASSERT_FATAL(fx_user(name, "learner") > 0);
    }
    snprintf(q, sizeof(q), "q=Tudalen+%s", fx_tag);
    r = list("en", q);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "53 people")); /* a plural form: literal */
    CU_ASSERT(
        http_body_has(&r, loc_textf("en", "common.page_of", "page", "1", "pages", "2", NULL)));
    snprintf(name, sizeof(name), "Tudalen %s 49", fx_tag);
    CU_ASSERT(http_body_has(&r, name));
    snprintf(name, sizeof(name), "Tudalen %s 50", fx_tag);
    CU_ASSERT(!http_body_has(&r, name));
    snprintf(next, sizeof(next), "href=\"/en/admin/users?q=Tudalen%%20%s&amp;page=2\"", fx_tag);
    CU_ASSERT(http_body_has(&r, next));
    http_resp_free(&r);
    snprintf(q, sizeof(q), "q=Tudalen+%s&page=2", fx_tag);
    r = list("cy", q);
    CU_ASSERT(r.status == 200 && http_body_has(&r, name));
    CU_ASSERT(
        http_body_has(&r, loc_textf("cy", "common.page_of", "page", "2", "pages", "2", NULL)));
    http_resp_free(&r);
    snprintf(q, sizeof(q), "q=Tudalen+%s&page=3", fx_tag);
    r = list("en", q);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    r = list("en", "page=0");
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    r = list("en", "page=x");
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
}

/* Free a response given by value. */
static void http_resp_free_p(struct http_resp r)
{
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
}

/* The href of the pagination's link rel (prev or next) in r, unescaped
 * ("&amp;" as "&"), into out; 0, or -1 when there is none. */
static int pager_href(const struct http_resp *r, const char *rel, char *out, size_t size)
{
    char mark[32];
    const char *p, *a, *e;
    size_t n = 0;

    snprintf(mark, sizeof(mark), "rel=\"%s\"", rel);
    p = r->body ? strstr(r->body, mark) : NULL;
    if (!p)
        return -1;
    for (a = p; a > r->body && strncmp(a, "href=\"", 6); a--)
        ;
    a += 6;
    e = strchr(a, '"');
    while (a < e && n + 1 < size) {
        if (!strncmp(a, "&amp;", 5)) {
            out[n++] = '&';
            a += 5;
        } else {
            out[n++] = *a++;
        }
    }
    out[n] = '\0';
    return 0;
}

/* Past ADMIN_SORT_CAP matches the pager's links carry the id of the row next
 * to them (keyset: no OFFSET however deep), and "Page N of M" stays right. */
static void users__deep_pages_by_cursor(void)
{
    char q[160], name[96], href[512], first_next[512], pno[8];
    long trips;
    struct http_resp r;
    int i;

    /* 2,120 matches, one statement: names sort by their number */
    snprintf(q, sizeof(q), "Allwedd %s ", fx_tag);
    CU_ASSERT_FATAL(db_exec(fx_dbh,
                            "INSERT INTO users (email, email_norm, name, password_hash, lang) "
                            "SELECT CONCAT(?, seq, '@test.example'), CONCAT(?, seq, "
                            "'@test.example'), CONCAT(?, LPAD(seq, 4, '0')), 'x', 'cy' "
                            "FROM seq_1_to_2120",
                            "sss", fx_tag, fx_tag, q) == DB_OK);
    /* the whole list, past the cap now: the page and its kept total in one
     * round trip, besides the session's (was a count, then the page) */
    http_resp_free_p(list("cy", ""));
    trips = http_round_trips(&srv, "/admin/users");
    http_resp_free_p(list("cy", ""));
    trips = http_round_trips(&srv, "/admin/users") - trips;
    CU_ASSERT_EQUAL(trips, 2);
    snprintf(q, sizeof(q), "q=Allwedd+%s", fx_tag);
    r = list("en", q);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(
        http_body_has(&r, loc_textf("en", "common.page_of", "page", "1", "pages", "43", NULL)));
    CU_ASSERT_FATAL(pager_href(&r, "next", href, sizeof(href)) == 0);
    CU_ASSERT(strstr(href, "page=2&after=") != NULL);
    CU_ASSERT(pager_href(&r, "prev", first_next, sizeof(first_next)) == -1);
    snprintf(first_next, sizeof(first_next), "%s", href);
    http_resp_free(&r);
    /* forward to page 5 by the links: each page the next fifty */
    for (i = 2; i <= 5; i++) {
        r = http_get_as(&srv, href, &admin);
        CU_ASSERT_EQUAL(r.status, 200);
        snprintf(name, sizeof(name), "Allwedd %s %04d", fx_tag, (i - 1) * 50 + 1);
        CU_ASSERT(http_body_has(&r, name));
        snprintf(name, sizeof(name), "Allwedd %s %04d", fx_tag, i * 50);
        CU_ASSERT(http_body_has(&r, name));
        snprintf(name, sizeof(name), "Allwedd %s %04d", fx_tag, i * 50 + 1);
        CU_ASSERT(!http_body_has(&r, name));
        snprintf(pno, sizeof(pno), "%d", i);
        CU_ASSERT(
            http_body_has(&r, loc_textf("en", "common.page_of", "page", pno, "pages", "43", NULL)));
        CU_ASSERT_FATAL(pager_href(&r, i == 5 ? "prev" : "next", href, sizeof(href)) == 0);
        http_resp_free(&r);
    }
    /* back from page 5: page 4 by ?before=, the rows before page 5's first */
    CU_ASSERT(strstr(href, "page=4&before=") != NULL);
    r = http_get_as(&srv, href, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(name, sizeof(name), "Allwedd %s %04d", fx_tag, 151);
    CU_ASSERT(http_body_has(&r, name));
    snprintf(name, sizeof(name), "Allwedd %s %04d", fx_tag, 200);
    CU_ASSERT(http_body_has(&r, name));
    snprintf(name, sizeof(name), "Allwedd %s %04d", fx_tag, 201);
    CU_ASSERT(!http_body_has(&r, name));
    CU_ASSERT(
        http_body_has(&r, loc_textf("en", "common.page_of", "page", "4", "pages", "43", NULL)));
    http_resp_free(&r);
    /* the last page: 20 rows, no next link */
    snprintf(q, sizeof(q), "q=Allwedd+%s&page=43", fx_tag);
    r = list("cy", q);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(name, sizeof(name), "Allwedd %s %04d", fx_tag, 2101);
    CU_ASSERT(http_body_has(&r, name));
    CU_ASSERT(pager_href(&r, "next", href, sizeof(href)) == -1);
    http_resp_free(&r);
    /* an anchor that names no one: the page by its number */
    snprintf(q, sizeof(q), "q=Allwedd+%s&page=2&after=9007199254740000", fx_tag);
    r = list("en", q);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(name, sizeof(name), "Allwedd %s %04d", fx_tag, 51);
    CU_ASSERT(http_body_has(&r, name));
    http_resp_free(&r);
    /* malformed cursors: 400 */
    snprintf(q, sizeof(q), "q=Allwedd+%s&page=2&after=x", fx_tag);
    r = list("en", q);
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    snprintf(q, sizeof(q), "q=Allwedd+%s&page=2&before=0", fx_tag);
    r = list("en", q);
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    snprintf(q, sizeof(q), "Allwedd %s %%", fx_tag);
    CU_ASSERT(db_exec(fx_dbh, "DELETE FROM users WHERE name LIKE ?", "s", q) == DB_OK);
}

static void users__one_user_page_in_both_languages(void)
{
    char path[96], want[96];
    struct http_resp cy, en;

    snprintf(path, sizeof(path), "/cy/admin/users/%lld", plain_user);
    cy = http_get_as(&srv, path, &admin);
    snprintf(path, sizeof(path), "/en/admin/users/%lld", plain_user);
    en = http_get_as(&srv, path, &admin);
    CU_ASSERT(cy.status == 200 && en.status == 200);
    snprintf(want, sizeof(want), "<h1 class=\"heading-xl\">Plaen %s</h1>", fx_tag);
    CU_ASSERT(http_body_has(&cy, want) && http_body_has(&en, want));
    CU_ASSERT(http_body_has(&cy, loc_text("cy", "admin.user.roles_legend")));
    CU_ASSERT(http_body_has(&en, loc_text("en", "admin.user.roles_legend")));
    CU_ASSERT(http_body_has(&en, "name=\"role_trainer\" value=\"1\" checked"));
    CU_ASSERT(http_body_has(&en, "name=\"role_admin\" value=\"1\">"));
    CU_ASSERT(http_body_has(&en, loc_text("en", "admin.user.disable_button")));
    CU_ASSERT(http_body_has(&cy, loc_text("cy", "admin.user.disable_button")));
    snprintf(want, sizeof(want), "name=\"csrf\" value=\"%s\"", admin.csrf);
    CU_ASSERT(http_body_has(&en, want));
    http_resp_free(&cy);
    http_resp_free(&en);
    /* the admin's own page offers no way to disable themself */
    snprintf(path, sizeof(path), "/en/admin/users/%lld", admin.user_id);
    en = http_get_as(&srv, path, &admin);
    CU_ASSERT(en.status == 200 && !http_body_has(&en, loc_text("en", "admin.user.disable_button")));
    CU_ASSERT(http_body_has(&en, loc_text("en", "admin.user.disable_self")));
    http_resp_free(&en);
}

static void users__unknown_or_malformed_id_is_404(void)
{
    static const char *const ids[] = { "999999999999",        "0", "abc", "12a", "-1", "00012",
                                       "99999999999999999999" };
    char path[96];
    size_t i;

    for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        struct http_resp r;

        snprintf(path, sizeof(path), "/en/admin/users/%s", ids[i]);
        r = http_get_as(&srv, path, &admin);
        if (r.status != 404)
            CU_FAIL(path);
        http_resp_free(&r);
        snprintf(path, sizeof(path), "/cy/admin/users/%s/roles", ids[i]);
        r = http_post_as(&srv, path, &admin, "role_learner=1");
        if (r.status != 404)
            CU_FAIL(path);
        http_resp_free(&r);
    }
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "users__home_links_users_and_audit", users__home_links_users_and_audit },
        { "users__search_by_name_fragment", users__search_by_name_fragment },
        { "users__role_and_status_filters", users__role_and_status_filters },
        { "users__hostile_search_strings_are_plain_text",
          users__hostile_search_strings_are_plain_text },
        { "users__welsh_pages_sort_in_welsh_order", users__welsh_pages_sort_in_welsh_order },
        { "users__fifty_a_page", users__fifty_a_page },
        { "users__deep_pages_by_cursor", users__deep_pages_by_cursor },
        { "users__one_user_page_in_both_languages", users__one_user_page_in_both_languages },
        { "users__unknown_or_malformed_id_is_404", users__unknown_or_malformed_id_is_404 },
        { NULL, NULL },
    };
    test_add_suite_with("integration/admin/users", cases, start, stop);
}
