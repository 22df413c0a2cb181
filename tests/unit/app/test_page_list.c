/*
 * server/app/page_list.c and page_nav.c: reading ?page= and cursors with
 * their 400/404 rules, the links a list page shows (filters kept, values
 * percent-encoded, both ways of paging), page titles past page 1, row ids
 * from the path, and breadcrumbs.
 */
#include "app/page.h"
#include "app/page_list.h"
#include "app/page_nav.h"
#include "page_kit.h"

static void count__table(void)
{
    static const struct {
        const char *s; /* NULL: absent */
        int rc;
        long want;
    } cases[] = {
        { NULL, 0, 20 }, /* absent: the default */
        { "1", 0, 1 },
        { "100", 0, 100 },
        { "101", -1, 0 }, /* past max */
        { "0", -1, 0 },
        { "-1", -1, 0 },
        { "+1", -1, 0 },
        { "", -1, 0 },
        { " 1", -1, 0 },
        { "01", -1, 0 }, /* one spelling per number */
        { "2x", -1, 0 },
        { "1.0", -1, 0 },
        { "99999999999999999999", -1, 0 },
        { "18446744073709551617", -1, 0 }, /* would wrap */
    };

    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        long v = -7;
        int rc = page_count_parse(cases[i].s, 20, 100, &v);

        if (rc != cases[i].rc || (rc == 0 && v != cases[i].want))
            fprintf(stderr, "\n  page_count_parse(\"%s\"): %d, %ld",
                    cases[i].s ? cases[i].s : "NULL", rc, v);
        CU_ASSERT_EQUAL(rc, cases[i].rc);
        CU_ASSERT(rc != 0 || v == cases[i].want);
    }
}

static void pager__parse_and_count_give_400_and_404(void)
{
    static const struct {
        const char *qs;
        long long total;
        int parse, count; /* the statuses: 0, 400 or 404 */
        long page, pages;
    } cases[] = {
        { "", 0, 0, 0, 1, 0 }, /* an empty list still has its page 1 */
        { "page=1", 45, 0, 0, 1, 3 },
        { "page=3", 45, 0, 0, 3, 3 },
        { "page=4", 45, 0, 404, 4, 3 }, /* past the end */
        { "page=2", 0, 0, 404, 2, 0 },
        { "page=2", 20, 0, 404, 2, 1 }, /* exactly one full page */
        { "page=2", 21, 0, 0, 2, 2 },
        { "page=5000", 99999, 0, 0, 5000, 5000 },
        { "page=5001", 0, 400, 0, 0, 0 }, /* past the largest page anyone may ask for */
        { "page=0", 0, 400, 0, 0, 0 },
        { "page=abc", 0, 400, 0, 0, 0 },
        { "page=", 0, 400, 0, 0, 0 },
        { "page=2&page=3", 60, 0, 0, 2, 3 }, /* the first value counts */
    };

    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct page_pager pg;
        struct req r;
        int st;

        kit_req(&r, LANG_CY, cases[i].qs);
        st = page_pager_parse(&r, 20, 5000, &pg);
        CU_ASSERT_EQUAL(st, cases[i].parse);
        if (st)
            continue;
        CU_ASSERT_EQUAL(pg.page, cases[i].page);
        CU_ASSERT_EQUAL(pg.per_page, 20);
        CU_ASSERT_EQUAL(page_pager_count(&pg, cases[i].total), cases[i].count);
        CU_ASSERT_EQUAL(pg.pages, cases[i].pages);
    }
}

/* The string at key of o, or "" (absent or null). */
static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}

static void pager__links_keep_the_filters(void)
{
    static const struct {
        enum lang lang;
        long page;
        long long total;
        const char *prev, *next, *label; /* "" for none */
    } cases[] = {
        { LANG_CY, 1, 45, "", "/cy/courses?q=data%20%26%20design&level=working&page=2",
          "Tudalen 1 o 3" },
        { LANG_CY, 2, 45, "/cy/courses?q=data%20%26%20design&level=working&page=1",
          "/cy/courses?q=data%20%26%20design&level=working&page=3", "Tudalen 2 o 3" },
        { LANG_EN, 3, 45, "/en/courses?q=data%20%26%20design&level=working&page=2", "",
          "Page 3 of 3" },
    };
    const struct page_param keep[] = {
        { "q", "data & design" },
        { "role", NULL }, /* absent and empty filters are left out */
        { "level", "working" },
        { "format", "" },
    };
    const struct page_list l = { "/courses", keep, 4, "courses.pagination_label" };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct page_pager pg = { .page = cases[i].page, .per_page = 20 };
        struct req r;
        json_t *p;

        kit_req(&r, cases[i].lang, "");
        CU_ASSERT_EQUAL(page_pager_count(&pg, cases[i].total), 0);
        p = page_pager_vm(&r, &l, &pg);
        CU_ASSERT_STRING_EQUAL(str(json_object_get(p, "prev"), "href"), cases[i].prev);
        CU_ASSERT_STRING_EQUAL(str(json_object_get(p, "next"), "href"), cases[i].next);
        CU_ASSERT_STRING_EQUAL(str(p, "label"), cases[i].label);
        CU_ASSERT_STRING_EQUAL(str(p, "nav_label"),
                               i18n_text(kit_app.i18n, cases[i].lang, "courses.pagination_label"));
        CU_ASSERT(json_is_null(json_object_get(p, "first")));
        json_decref(p);
    }
}

/* A numbered list read by cursor: the links carry the page and the cursor
 * of the row next to them; no cursor given, the plain page link. */
static void pager__keyset_links_carry_page_and_cursor(void)
{
    static const struct {
        long page;
        const char *prev, *next; /* cursors given (NULL: none) */
        int has_next;
        const char *want_prev, *want_next; /* "" for none */
    } cases[] = {
        { 1, NULL, "17", 1, "", "/en/admin/users?q=a&page=2&after=17" },
        { 2, NULL, "40", 1, "/en/admin/users?q=a&page=1", "/en/admin/users?q=a&page=3&after=40" },
        { 3, "41", "90", 1, "/en/admin/users?q=a&page=2&before=41",
          "/en/admin/users?q=a&page=4&after=90" },
        { 3, "41", "90", 0, "/en/admin/users?q=a&page=2&before=41", "" }, /* read: the last */
        { 5, "7", "9", 1, "/en/admin/users?q=a&page=4&before=7", "" },    /* the last page */
    };
    const struct page_param keep[] = { { "q", "a" } };
    const struct page_list l = { "/admin/users", keep, 1, "admin.users.pagination_label" };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct page_pager pg = { .page = cases[i].page, .per_page = 50 };
        struct req r;
        json_t *p;

        kit_req(&r, LANG_EN, "");
        CU_ASSERT_EQUAL(page_pager_count(&pg, 250), 0);
        p = page_pager_keyset_vm(&r, &l, &pg, cases[i].prev, cases[i].next, cases[i].has_next);
        CU_ASSERT_STRING_EQUAL(str(json_object_get(p, "prev"), "href"), cases[i].want_prev);
        CU_ASSERT_STRING_EQUAL(str(json_object_get(p, "next"), "href"), cases[i].want_next);
        CU_ASSERT_STRING_EQUAL(str(p, "label"), cases[i].page == 5   ? "Page 5 of 5"
                                                : cases[i].page == 3 ? "Page 3 of 5"
                                                : cases[i].page == 2 ? "Page 2 of 5"
                                                                     : "Page 1 of 5");
        json_decref(p);
    }
}

static void pager__one_page_shows_no_links(void)
{
    const struct page_list l = { "/admin/users", NULL, 0, "admin.users.pagination_label" };
    struct page_pager pg = { .page = 1, .per_page = 50 };
    struct req r;
    json_t *p;

    kit_req(&r, LANG_EN, "");
    page_pager_count(&pg, 50);
    p = page_pager_vm(&r, &l, &pg);
    CU_ASSERT(json_is_null(p));
    json_decref(p);
    page_pager_count(&pg, 51);
    p = page_pager_vm(&r, &l, &pg);
    CU_ASSERT_STRING_EQUAL(str(json_object_get(p, "next"), "href"), "/en/admin/users?page=2");
    CU_ASSERT_STRING_EQUAL(str(json_object_get(p, "next"), "text"), "Next");
    json_decref(p);
}

static void pager__title_names_the_page_past_the_first(void)
{
    struct page_pager pg = { .page = 1, .per_page = 20 };
    struct req r;

    kit_req(&r, LANG_CY, "");
    page_pager_count(&pg, 140);
    CU_ASSERT_STRING_EQUAL(page_pager_title(&r, &pg, "Cyrsiau"), "Cyrsiau");
    pg.page = 2;
    CU_ASSERT_STRING_EQUAL(page_pager_title(&r, &pg, "Cyrsiau"), "Cyrsiau (tudalen 2 o 7)");
    kit_req(&r, LANG_EN, "");
    CU_ASSERT_STRING_EQUAL(page_pager_title(&r, &pg, "Users"), "Users (page 2 of 7)");
}

static void keyset__links_by_cursor(void)
{
    const struct page_param keep[] = { { "event", "login" }, { "user", "" } };
    const struct page_list l = { "/admin/audit", keep, 2, "admin.audit.pagination_label" };
    const struct page_keyset none = { .first_key = "admin.audit.newest" };
    const struct page_keyset mid = {
        .prev = "900",
        .next = "851",
        .first = 1,
        .prev_key = "admin.audit.newer",
        .next_key = "admin.audit.older",
        .first_key = "admin.audit.newest",
    };
    const struct page_keyset start = { .next = "1732400000.12" };
    struct req r;
    json_t *p;

    kit_req(&r, LANG_EN, "");
    p = page_keyset_vm(&r, &l, &none);
    CU_ASSERT(json_is_null(p));
    json_decref(p);
    p = page_keyset_vm(&r, &l, &mid);
    CU_ASSERT_STRING_EQUAL(str(json_object_get(p, "prev"), "href"),
                           "/en/admin/audit?event=login&after=900");
    CU_ASSERT_STRING_EQUAL(str(json_object_get(p, "prev"), "text"), "Newer events");
    CU_ASSERT_STRING_EQUAL(str(json_object_get(p, "first"), "href"), "/en/admin/audit?event=login");
    CU_ASSERT_STRING_EQUAL(str(json_object_get(p, "first"), "text"), "Newest events");
    CU_ASSERT_STRING_EQUAL(str(json_object_get(p, "next"), "href"),
                           "/en/admin/audit?event=login&before=851");
    CU_ASSERT(json_is_null(json_object_get(p, "label")));
    json_decref(p);
    kit_req(&r, LANG_CY, "");
    p = page_keyset_vm(&r, &l, &start);
    CU_ASSERT(json_is_null(json_object_get(p, "prev")) &&
              json_is_null(json_object_get(p, "first")));
    CU_ASSERT_STRING_EQUAL(str(json_object_get(p, "next"), "href"),
                           "/cy/admin/audit?event=login&before=1732400000.12");
    CU_ASSERT_STRING_EQUAL(str(json_object_get(p, "next"), "text"), "Nesaf");
    json_decref(p);
}

static void cursor__table_and_round_trip(void)
{
    static const struct {
        const char *s;
        size_t n;
        int rc;
        long long v0, v1;
    } cases[] = {
        { "5123", 1, 0, 5123, 0 },
        { "0", 1, 0, 0, 0 },
        { "9007199254740992", 1, 0, 9007199254740992LL, 0 }, /* 2^53 */
        { "1732400000.5123", 2, 0, 1732400000, 5123 },
        { "0.1", 2, 0, 0, 1 },
        { "9007199254740993", 1, -1, 0, 0 }, /* past 2^53 */
        { "1.2", 1, -1, 0, 0 },              /* too many numbers */
        { "12", 2, -1, 0, 0 },               /* too few */
        { "1.", 1, -1, 0, 0 },
        { "1.", 2, -1, 0, 0 },
        { ".1", 2, -1, 0, 0 },
        { "1..2", 2, -1, 0, 0 },
        { "01", 1, -1, 0, 0 },
        { "-1", 1, -1, 0, 0 },
        { "+1", 1, -1, 0, 0 },
        { "1e3", 1, -1, 0, 0 },
        { "", 1, -1, 0, 0 },
        { " 1", 1, -1, 0, 0 },
        { "1 ", 1, -1, 0, 0 },
        { "1.2.3.4.5", 5, -1, 0, 0 }, /* more than PAGE_CURSOR_MAX */
    };
    struct arena a;
    size_t i;

    arena_init(&a, 0);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        long long v[PAGE_CURSOR_MAX + 1] = { 0 };
        int rc = page_cursor_parse(cases[i].s, v, cases[i].n);

        if (rc != cases[i].rc)
            fprintf(stderr, "\n  page_cursor_parse(\"%s\", %zu): %d", cases[i].s, cases[i].n, rc);
        CU_ASSERT_EQUAL(rc, cases[i].rc);
        if (rc)
            continue;
        CU_ASSERT(v[0] == cases[i].v0 && (cases[i].n < 2 || v[1] == cases[i].v1));
        CU_ASSERT_STRING_EQUAL(page_cursor(&a, v, cases[i].n), cases[i].s);
    }
    CU_ASSERT_EQUAL(page_cursor_parse(NULL, (long long[1]){ 0 }, 1), -1);
    arena_release(&a);
}

static void ids__from_the_path_and_the_query(void)
{
    static const struct {
        const char *s;
        long long want; /* 0: refused */
    } cases[] = {
        { "1", 1 },   { "42", 42 }, { "9007199254740992", 9007199254740992LL },
        { "0", 0 },   { "007", 0 }, { "9007199254740993", 0 },
        { "12a", 0 }, { "", 0 },    { "-3", 0 },
        { "1 ", 0 },
    };
    struct req r;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        long long id = -1;

        CU_ASSERT_EQUAL(page_id_parse(cases[i].s, &id), cases[i].want ? 0 : -1);
        CU_ASSERT(!cases[i].want || id == cases[i].want);
        kit_req(&r, LANG_CY, "");
        r.params.n = 1;
        r.params.name[0] = "id";
        r.params.value[0] = cases[i].s;
        CU_ASSERT_EQUAL(page_id(&r, "id"), cases[i].want);
        CU_ASSERT_EQUAL(page_id(&r, "other"), 0);
    }
    CU_ASSERT_EQUAL(page_id_parse(NULL, &(long long){ 0 }), -1);
}

static void nav__urls_and_breadcrumbs(void)
{
    const struct page_param params[] = {
        { "q", "ŵ <b>&\"" },
        { "none", NULL },
        { "user", "7" },
    };
    const struct page_crumb trail[] = {
        { "/admin", "admin.title", NULL },
        { "/courses/data-101", NULL, "Data <101>" },
    };
    struct req r;
    json_t *c, *items, *vm;

    kit_req(&r, LANG_EN, "");
    CU_ASSERT_STRING_EQUAL(page_url(&r, "/admin/audit", NULL, 0), "/en/admin/audit");
    CU_ASSERT_STRING_EQUAL(page_url(&r, "/admin/audit", params + 1, 1), "/en/admin/audit");
    CU_ASSERT_STRING_EQUAL(page_url(&r, "/x", params, 3), "/en/x?q=%C5%B5%20%3Cb%3E%26%22&user=7");
    c = page_crumbs(&r, trail, 2);
    items = json_object_get(c, "items");
    CU_ASSERT_EQUAL_FATAL(json_array_size(items), 3);
    CU_ASSERT_STRING_EQUAL(str(json_array_get(items, 0), "href"), "/en/");
    CU_ASSERT_STRING_EQUAL(str(json_array_get(items, 0), "label"), "Home");
    CU_ASSERT_STRING_EQUAL(str(json_array_get(items, 1), "href"), "/en/admin");
    CU_ASSERT_STRING_EQUAL(str(json_array_get(items, 1), "label"),
                           i18n_text(kit_app.i18n, LANG_EN, "admin.title"));
    CU_ASSERT_STRING_EQUAL(str(json_array_get(items, 2), "href"), "/en/courses/data-101");
    CU_ASSERT_STRING_EQUAL(str(json_array_get(items, 2), "label"), "Data <101>");
    /* escaped once, by the template */
    vm = json_pack("{s:O}", "breadcrumbs", c);
    CU_ASSERT(strstr(kit_render(&r, "partials/breadcrumbs", vm), ">Data &lt;101&gt;</a>") != NULL);
    json_decref(vm);
    json_decref(c);
    kit_req(&r, LANG_CY, "");
    c = page_crumbs(&r, NULL, 0);
    CU_ASSERT_STRING_EQUAL(str(json_array_get(json_object_get(c, "items"), 0), "href"), "/cy/");
    json_decref(c);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "count__table", count__table },
        { "pager__parse_and_count_give_400_and_404", pager__parse_and_count_give_400_and_404 },
        { "pager__links_keep_the_filters", pager__links_keep_the_filters },
        { "pager__keyset_links_carry_page_and_cursor", pager__keyset_links_carry_page_and_cursor },
        { "pager__one_page_shows_no_links", pager__one_page_shows_no_links },
        { "pager__title_names_the_page_past_the_first",
          pager__title_names_the_page_past_the_first },
        { "keyset__links_by_cursor", keyset__links_by_cursor },
        { "cursor__table_and_round_trip", cursor__table_and_round_trip },
        { "ids__from_the_path_and_the_query", ids__from_the_path_and_the_query },
        { "nav__urls_and_breadcrumbs", nav__urls_and_breadcrumbs },
        { NULL, NULL },
    };
    test_add_suite_with("app/page_list", cases, kit_init, kit_clean);
}
