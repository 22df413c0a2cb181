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
    char q[64];
    struct http_resp en, cy;

    snprintf(q, sizeof(q), "user=%lld", subject);
    en = audit("en", q);
    cy = audit("cy", q);
    CU_ASSERT(en.status == 200 && cy.status == 200);
    CU_ASSERT(
        http_body_has(&en, "<caption class=\"table__caption\">Security events, newest first"));
    CU_ASSERT(http_body_has(&en, "Roles changed</td>"));
    CU_ASSERT(http_body_has(&en, "Learner → Learner, Trainer"));
    CU_ASSERT(http_body_has(&cy, "Rolau wedi&#39;u newid</td>"));
    CU_ASSERT(http_body_has(&cy, "Dysgwr → Dysgwr, Hyfforddwr"));
    CU_ASSERT(http_body_has(&cy, "Wedi mewngofnodi</td>"));
    CU_ASSERT(http_body_has(&en, "192.0.2.7"));
    /* names escaped, linked to their pages */
    CU_ASSERT(http_body_has(&en, "Pwnc &lt;i&gt;"));
    CU_ASSERT(!http_body_has(&en, "<i>zq"));
    /* newest first: the role change, then sign-in n54 */
    CU_ASSERT(strstr(en.body, "Roles changed</td>") < strstr(en.body, "<td>n54</td>"));
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
    CU_ASSERT(!http_body_has(&r, "Roles changed</td>"));
    CU_ASSERT(http_body_has(&r, "<td>n54</td>") && http_body_has(&r, "<td>n05</td>"));
    CU_ASSERT(!http_body_has(&r, "<td>n04</td>"));
    CU_ASSERT(!http_body_has(&r, ">Newer events</a>"));
    CU_ASSERT_FATAL(link_to(&r, "Older events", older, sizeof(older)) == 0);
    http_resp_free(&r);
    CU_ASSERT(strstr(older, "event=login") && strstr(older, "before="));
    r = http_get_as(&srv, older, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "<td>n04</td>") && http_body_has(&r, "<td>n00</td>"));
    CU_ASSERT(!http_body_has(&r, "<td>n05</td>"));
    CU_ASSERT(!http_body_has(&r, ">Older events</a>"));
    CU_ASSERT_FATAL(link_to(&r, "Newer events", newer, sizeof(newer)) == 0);
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
    CU_ASSERT(r.status == 200 && http_body_has(&r, "Dim digwyddiadau"));
    http_resp_free(&r);
    r = audit("en", "event=root_login");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Choose an event from the list"));
    http_resp_free(&r);
    r = audit("cy", "event=%3Cscript%3E");
    CU_ASSERT(r.status == 400 && http_body_has(&r, "Dewiswch ddigwyddiad o&#39;r rhestr"));
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
    CU_ASSERT(!http_body_has(&r, "Signed in</td>"));
    http_resp_free(&r);
}

static void audit__user_page_shows_recent_events(void)
{
    char path[96], want[96];
    struct http_resp r;

    snprintf(path, sizeof(path), "/en/admin/users/%lld", subject);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Recent activity"));
    CU_ASSERT(http_body_has(&r, "Learner → Learner, Trainer"));
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
        { "audit__user_page_shows_recent_events", audit__user_page_shows_recent_events },
        { NULL, NULL },
    };
    test_add_suite_with("integration/admin/audit", cases, start, stop);
}
