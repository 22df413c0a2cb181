/*
 * The audit log page over HTTP: newest first, actor and subject by name,
 * events in the reader's language, the event and person filters, keyset
 * pagination both ways, and refusals of malformed filters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session admin;
static long long subject, quiet;

static int start(void)
{
    static const char *const ins =
        "INSERT INTO audit_log (at, event, actor_id, subject_id, ip, detail) VALUES "
        "(UTC_TIMESTAMP(3), ?, ?, ?, '192.0.2.7', ?)";
    char name[96], detail[32];
    int i;

    if (fx_init())
        return -1;
    if (fx_sign_in(fx_user(fx_name("Audit Admin"), "admin"), &admin))
        return -1;
    snprintf(name, sizeof(name), "Pwnc <i>%s</i>", fx_tag);
    subject = fx_user(name, "learner");
    quiet = fx_user(fx_name("Tawel"), "learner");
    if (!subject || !quiet)
        return -1;
    /* 55 sign-ins, numbered in detail, then one role change */
    for (i = 0; i < 55; i++) {
        snprintf(detail, sizeof(detail), "n%02d", i);
        if (db_exec(fx_dbh, ins, "slls", "login", subject, subject, detail) != DB_OK)
            return -1;
    }
    if (db_exec(fx_dbh, ins, "slls", "role_changed", admin.user_id, subject,
                "learner -> learner,trainer") != DB_OK)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* The role change the fixture records, as the page shows it in lang:
 * "Learner → Learner, Trainer". */
static const char *roles_change(const char *lang)
{
    static char buf[160];

    snprintf(buf, sizeof(buf), "%s → %s, %s", loc_text(lang, "admin.roles.learner"),
             loc_text(lang, "admin.roles.learner"), loc_text(lang, "admin.roles.trainer"));
    return buf;
}

/* "<event as the log names it in lang></td>": a cell of the event column. */
static const char *event_cell(const char *lang, const char *event)
{
    static char buf[2][160];
    static int k;
    char key[64];

    snprintf(key, sizeof(key), "admin.audit.events.%s", event);
    k ^= 1;
    snprintf(buf[k], sizeof(buf[k]), "%s</td>", loc_text(lang, key));
    return buf[k];
}

static struct http_resp audit(const char *lang, const char *query)
{
    char path[512];

    snprintf(path, sizeof(path), "/%s/admin/audit%s%s", lang, *query ? "?" : "", query);
    return http_get_as(&srv, path, &admin);
}

/* The href of the link whose text is label, copied into out (entities decoded). */
static int link_to(const struct http_resp *r, const char *label, char *out, size_t size)
{
    char needle[128];
    const char *end, *start;
    size_t n = 0;

    snprintf(needle, sizeof(needle), ">%s</a>", label);
    end = strstr(r->body, needle);
    if (!end)
        return -1;
    start = end;
    while (start > r->body && strncmp(start, "href=\"", 6))
        start--;
    if (start == r->body)
        return -1;
    for (start += 6; *start != '"' && n + 1 < size;) {
        if (!strncmp(start, "&amp;", 5)) {
            out[n++] = '&';
            start += 5;
        } else {
            out[n++] = *start++;
        }
    }
    out[n] = '\0';
    return 0;
}

static void audit__newest_first_with_names_in_both_languages(void)
{
    char q[64], caption[160];
    struct http_resp en, cy;

    snprintf(q, sizeof(q), "user=%lld", subject);
    en = audit("en", q);
    cy = audit("cy", q);
    CU_ASSERT(en.status == 200 && cy.status == 200);
    snprintf(caption, sizeof(caption), "<caption class=\"table__caption\">%s",
             loc_text("en", "admin.audit.caption"));
    CU_ASSERT(http_body_has(&en, caption));
    CU_ASSERT(http_body_has(&en, event_cell("en", "role_changed")));
    CU_ASSERT(http_body_has(&en, roles_change("en")));
    CU_ASSERT(http_body_has(&cy, event_cell("cy", "role_changed")));
    CU_ASSERT(http_body_has(&cy, roles_change("cy")));
    CU_ASSERT(http_body_has(&cy, event_cell("cy", "login")));
    CU_ASSERT(http_body_has(&en, "192.0.2.7"));
    /* names escaped, linked to their pages */
    CU_ASSERT(http_body_has(&en, "Pwnc &lt;i&gt;"));
    CU_ASSERT(!http_body_has(&en, "<i>zq"));
    /* newest first: the role change, then sign-in n54 */
    CU_ASSERT(http_pos(&en, event_cell("en", "role_changed")) < http_pos(&en, "<td>n54</td>"));
    CU_ASSERT(strstr(en.body, "<td>n54</td>") < strstr(en.body, "<td>n53</td>"));
    http_resp_free(&en);
    http_resp_free(&cy);
}

static void audit__keyset_pages_both_ways(void)
{
    char q[64], older[256], newer[256];
    struct http_resp r;

    snprintf(q, sizeof(q), "user=%lld&event=login", subject);
    r = audit("en", q);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, event_cell("en", "role_changed")));
    CU_ASSERT(http_body_has(&r, "<td>n54</td>") && http_body_has(&r, "<td>n05</td>"));
    CU_ASSERT(!http_body_has(&r, "<td>n04</td>"));
    CU_ASSERT_FATAL(link_to(&r, loc_text("en", "admin.audit.older"), older, sizeof(older)) == 0);
    CU_ASSERT(link_to(&r, loc_text("en", "admin.audit.newer"), newer, sizeof(newer)) != 0);
    http_resp_free(&r);
    CU_ASSERT(strstr(older, "event=login") && strstr(older, "before="));
    r = http_get_as(&srv, older, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "<td>n04</td>") && http_body_has(&r, "<td>n00</td>"));
    CU_ASSERT(!http_body_has(&r, "<td>n05</td>"));
    CU_ASSERT(link_to(&r, loc_text("en", "admin.audit.older"), older, sizeof(older)) != 0);
    CU_ASSERT_FATAL(link_to(&r, loc_text("en", "admin.audit.newer"), newer, sizeof(newer)) == 0);
    http_resp_free(&r);
    r = http_get_as(&srv, newer, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "<td>n05</td>") && http_body_has(&r, "<td>n54</td>"));
    CU_ASSERT(!http_body_has(&r, "<td>n04</td>"));
    CU_ASSERT(strstr(r.body, "<td>n54</td>") < strstr(r.body, "<td>n05</td>"));
    http_resp_free(&r);
}

static void audit__filters_and_refusals(void)
{
    char q[64];
    struct http_resp r;

    snprintf(q, sizeof(q), "user=%lld", quiet);
    r = audit("cy", q);
    CU_ASSERT(r.status == 200 && http_body_has(&r, loc_text("cy", "admin.audit.none_title")));
    http_resp_free(&r);
    r = audit("en", "event=root_login");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "admin.audit.errors.event_unknown")));
    http_resp_free(&r);
    r = audit("cy", "event=%3Cscript%3E");
    CU_ASSERT(r.status == 400 &&
              http_body_has(&r, loc_text("cy", "admin.audit.errors.event_unknown")));
    CU_ASSERT(!http_body_has(&r, "<script>"));
    http_resp_free(&r);
    r = audit("en", "user=999999999999");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    r = audit("en", "user=abc");
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    r = audit("en", "before=-5");
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    r = audit("en", "event=account_disabled");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, event_cell("en", "login")));
    http_resp_free(&r);
}

/* Cursors are ids the server wrote; anything else typed or edited into the
 * address is refused (400), and a well-formed id past either end reads an
 * empty page, never someone else's rows or an error. */
static void audit__forged_cursors(void)
{
    static const char *const bad[] = { "before=1.2", "after=007",  "before=9007199254740993",
                                       "after=-1",   "before=%20", "after=0x10" };
    char q[96];
    struct http_resp r;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        r = audit("en", bad[i]);
        CU_ASSERT_EQUAL(r.status, 400);
        http_resp_free(&r);
    }
    snprintf(q, sizeof(q), "user=%lld&after=9007199254740000", subject);
    r = audit("cy", q);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, "<td>n54</td>"));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "admin.audit.newest")));
    http_resp_free(&r);
    snprintf(q, sizeof(q), "user=%lld&before=1", subject);
    r = audit("en", q);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, "<td>n00</td>"));
    http_resp_free(&r);
}

static void audit__user_page_shows_recent_events(void)
{
    char path[96], want[96];
    struct http_resp r;

    snprintf(path, sizeof(path), "/en/admin/users/%lld", subject);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("en", "admin.user.activity_heading")));
    CU_ASSERT(http_body_has(&r, roles_change("en")));
    CU_ASSERT(http_body_has(&r, "<td>n46</td>") && !http_body_has(&r, "<td>n45</td>"));
    snprintf(want, sizeof(want), "href=\"/en/admin/audit?user=%lld\"", subject);
    CU_ASSERT(http_body_has(&r, want));
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "audit__newest_first_with_names_in_both_languages",
          audit__newest_first_with_names_in_both_languages },
        { "audit__keyset_pages_both_ways", audit__keyset_pages_both_ways },
        { "audit__filters_and_refusals", audit__filters_and_refusals },
        { "audit__forged_cursors", audit__forged_cursors },
        { "audit__user_page_shows_recent_events", audit__user_page_shows_recent_events },
        { NULL, NULL },
    };
    test_add_suite_with("integration/admin/audit", cases, start, stop);
}
