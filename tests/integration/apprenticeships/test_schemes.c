#define _GNU_SOURCE /* strndup */
/*
 * The admin's scheme forms and the trainer or mentor assigned to an
 * apprentice, over HTTP against the real database: a scheme created and
 * edited with its settings and the admins and trainers responsible (only
 * those on the scheme offered, one more added by e-mail address), audited;
 * bad input answered in the reader's language with what was typed kept and
 * nothing written; only admins, only with the CSRF token; hostile text kept
 * inert; assigning a trainer changes who may read the record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "testing.h"

static struct server srv;
static struct fx_session learner, trainer, other_trainer, admin;
static long long scheme, rec;

static int start(void)
{
    if (fx_init())
        return -1;
    scheme = fx_appr_scheme("software-developer-3", "Cynllun y ffurflen", "Form scheme", 12, 0);
    if (scheme <= 0 || fx_sign_in(fx_user(fx_name("Scheme Learner"), "learner"), &learner) ||
        fx_sign_in(fx_user(fx_name("Scheme Trainer"), "learner,trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Other Scheme Trainer"), "learner,trainer"), &other_trainer) ||
        fx_sign_in(fx_user(fx_name("Scheme Admin"), "admin"), &admin))
        return -1;
    rec = fx_apprentice(scheme, learner.user_id, other_trainer.user_id, 70, 30);
    return rec > 0 ? server_start(&srv, NULL) : -1;
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* The form's fields but the names and staff: CRF, cyber security L4, the
 * intake ending on end ("" for none), a review every weeks. */
static const char *fields(char *buf, size_t cap, const char *end, int weeks, const char *extra)
{
    long long fw = fx_num_s("SELECT id FROM appr_frameworks WHERE code = ?", "cyber-security-4");

    snprintf(buf, cap,
             "framework=%lld&employer=%lld&provider=Coleg+Cambria&subcontractor=&"
             "intake_start=2026-09-01&intake_end=%s&review_weeks=%d&"
             "planned_otj_hours=420&llwr_provider=10004567&llwr_programme=AP&%s",
             fw, fx_org("CRF"), end, weeks, extra);
    return buf;
}

static const char *rest(char *buf, size_t cap, const char *extra)
{
    return fields(buf, cap, "2026-10-31", 10, extra);
}

/* The Location of r up to its fragment, in buf. */
static const char *location(const struct http_resp *r, char *buf, size_t cap)
{
    const char *at = r->head ? strcasestr(r->head, "\r\nLocation: ") : NULL;
    size_t n = 0;

    buf[0] = '\0';
    if (!at)
        return buf;
    at += strlen("\r\nLocation: ");
    while (at[n] && at[n] != '\r' && at[n] != '#' && n + 1 < cap)
        n++;
    memcpy(buf, at, n);
    buf[n] = '\0';
    return buf;
}

static long long named(const char *name_en)
{
    return fx_num_s("SELECT COUNT(*) FROM appr_schemes WHERE name_en = ?", name_en);
}

static void schemes__create_and_edit(void)
{
    char body[1024], path[96], extra[160], saved_at[160], *name_en;
    struct http_resp r;
    long long id;

    CU_ASSERT_EQUAL(http_status(&srv, "/cy/admin/apprenticeship-schemes/new", &admin), 200);
    name_en = strdup(fx_name("Cyber intake"));
    snprintf(extra, sizeof(extra), "name_cy=Derbyn+seiber&name_en=%s&staff_%lld=1&staff_%lld=1",
             http_enc(name_en), trainer.user_id, admin.user_id);
    r = http_post_as(&srv, "/en/admin/apprenticeship-schemes/new", &admin,
                     rest(body, sizeof(body), extra));
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "done=scheme_created"));
    CU_ASSERT(http_location_starts(&r, "/en/admin/apprenticeship-schemes?"));
    location(&r, saved_at, sizeof(saved_at));
    http_resp_free(&r);
    id = fx_num_s("SELECT id FROM appr_schemes WHERE name_en = ?", name_en);
    CU_ASSERT_FATAL(id > 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_schemes WHERE id = ? AND review_weeks = 10 "
                             "AND planned_otj_hours = 420 AND llwr_provider_ref = '10004567' AND "
                             "llwr_programme_type = 'AP' AND intake_start = '2026-09-01' AND "
                             "intake_end = '2026-10-31' AND provider = 'Coleg Cambria' AND "
                             "subcontractor IS NULL",
                             id),
                    1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_scheme_staff WHERE scheme_id = ?", id), 2);
    CU_ASSERT_EQUAL(fx_num_s("SELECT COUNT(*) FROM audit_log WHERE event = "
                             "'appr_scheme_created' AND detail = ?",
                             fx_str_l("SELECT CONCAT('scheme=', ?, ' staff=2')", id)),
                    1);
    /* the list links to the form; the form shows what is stored */
    r = http_get_as(&srv, saved_at, &admin); /* the schemes' page holding it */
    snprintf(path, sizeof(path), "/en/admin/apprenticeship-schemes/%lld/edit", id);
    CU_ASSERT(http_body_has(&r, path));
    CU_ASSERT(http_body_has(&r, "The scheme has been created"));
    http_resp_free(&r);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Derbyn seiber"));
    CU_ASSERT(http_body_has(&r, "10004567"));
    CU_ASSERT(http_body_has(&r, "2026-10-31"));
    http_resp_free(&r);
    /* edit: the settings change, the staff are replaced, no end of intake */
    snprintf(extra, sizeof(extra), "name_cy=Derbyn+seiber&name_en=%s&staff_%lld=1",
             http_enc(name_en), other_trainer.user_id);
    fields(body, sizeof(body), "", 26, extra);
    r = http_post_as(&srv, path, &admin, body);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_schemes WHERE id = ? AND review_weeks = 26 "
                             "AND intake_end IS NULL",
                             id),
                    1);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM appr_scheme_staff WHERE scheme_id = ? AND "
                              "user_id = ?",
                              id, other_trainer.user_id),
                    1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_scheme_staff WHERE scheme_id = ?", id), 1);
    CU_ASSERT_EQUAL(fx_num_s("SELECT COUNT(*) FROM audit_log WHERE event = "
                             "'appr_scheme_updated' AND detail = ?",
                             fx_str_l("SELECT CONCAT('scheme=', ?, ' staff=1')", id)),
                    1);
    /* no such scheme */
    CU_ASSERT_EQUAL(http_status(&srv, "/en/admin/apprenticeship-schemes/999999999/edit", &admin),
                    404);
    r = http_post_as(&srv, "/en/admin/apprenticeship-schemes/999999999/edit", &admin, "name_cy=");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    free(name_en);
}

static void schemes__bad_input_kept(void)
{
    char body[1024], extra[512];
    struct http_resp r;
    const char *name_en = fx_name("Kept scheme");

    /* every check at once, in English: what was typed is kept */
    snprintf(extra, sizeof(extra),
             "name_cy=&name_en=%s&framework=abc&employer=&provider=&intake_start=2026-02-30&"
             "intake_end=2025-01-01&review_weeks=0&planned_otj_hours=lots&llwr_provider=10%%2F4&"
             "llwr_programme=KEPT%%C5%%B5",
             http_enc(name_en));
    r = http_post_as(&srv, "/en/admin/apprenticeship-schemes/new", &admin, extra);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Enter the scheme&#39;s name in Welsh") ||
              http_body_has(&r, "Enter the scheme&#x27;s name in Welsh"));
    CU_ASSERT(http_body_has(&r, "Choose a framework from the list"));
    CU_ASSERT(http_body_has(&r, "Choose an employer from the list"));
    CU_ASSERT(http_body_has(&r, "whole number from 1 to 52"));
    CU_ASSERT(http_body_has(&r, "whole number from 0 to 9999"));
    CU_ASSERT(http_body_has(&r, "up to 16 letters and numbers"));
    CU_ASSERT(http_body_has(&r, "KEPTŵ"));
    CU_ASSERT(http_body_has(&r, "2025-01-01"));
    CU_ASSERT(http_body_has(&r, name_en));
    http_resp_free(&r);
    /* in Welsh, a learner ticked as staff: refused inside the transaction */
    snprintf(extra, sizeof(extra), "name_cy=Cynllun&name_en=%s&staff_%lld=1", http_enc(name_en),
             learner.user_id);
    r = http_post_as(&srv, "/cy/admin/apprenticeship-schemes/new", &admin,
                     rest(body, sizeof(body), extra));
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "rôl gweinyddwr neu hyfforddwr yn unig"));
    CU_ASSERT(http_body_has(&r, "Coleg Cambria"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(named(name_en), 0);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM appr_scheme_staff WHERE user_id = ?", learner.user_id), 0);
}

/* The form lists only the people already on the scheme (it scales with the
 * staff); one more is added by e-mail address, checked against the roles. */
static void schemes__staff_added_by_email(void)
{
    char body[1024], path[96], extra[512], name[48], *name_en, *email;
    struct http_resp r;
    long long id;

    r = http_get_as(&srv, "/en/admin/apprenticeship-schemes/new", &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(name, sizeof(name), "staff_%lld", trainer.user_id);
    CU_ASSERT(!http_body_has(&r, name)); /* nobody offered before being added */
    CU_ASSERT(http_body_has(&r, "name=\"add_staff\""));
    http_resp_free(&r);
    name_en = strdup(fx_name("Staff by email"));
    email = fx_str_l("SELECT email FROM users WHERE id = ?", trainer.user_id);
    CU_ASSERT_FATAL(email != NULL);
    snprintf(extra, sizeof(extra), "name_cy=Staff&name_en=%s&add_staff=%s", http_enc(name_en),
             http_enc(email));
    r = http_post_as(&srv, "/en/admin/apprenticeship-schemes/new", &admin,
                     rest(body, sizeof(body), extra));
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    id = fx_num_s("SELECT id FROM appr_schemes WHERE name_en = ?", name_en);
    CU_ASSERT_FATAL(id > 0);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM appr_scheme_staff WHERE scheme_id = ? AND "
                              "user_id = ?",
                              id, trainer.user_id),
                    1);
    /* the edit form offers the trainer on the scheme, ticked, and nobody else */
    snprintf(path, sizeof(path), "/en/admin/apprenticeship-schemes/%lld/edit", id);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT(http_body_has(&r, name));
    snprintf(name, sizeof(name), "staff_%lld", other_trainer.user_id);
    CU_ASSERT(!http_body_has(&r, name));
    http_resp_free(&r);
    /* a learner's address: 400, what was typed kept, nothing changed */
    email = fx_str_l("SELECT email FROM users WHERE id = ?", learner.user_id);
    snprintf(extra, sizeof(extra), "name_cy=Staff&name_en=%s&staff_%lld=1&add_staff=%s",
             http_enc(name_en), trainer.user_id, http_enc(email));
    r = http_post_as(&srv, path, &admin, rest(body, sizeof(body), extra));
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "No admin or trainer has that e-mail address"));
    CU_ASSERT(http_body_has(&r, email));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_scheme_staff WHERE scheme_id = ?", id), 1);
    /* not an address, in Welsh */
    snprintf(extra, sizeof(extra), "name_cy=Staff&name_en=%s&staff_%lld=1&add_staff=dim+cyfeiriad",
             http_enc(name_en), trainer.user_id);
    snprintf(path, sizeof(path), "/cy/admin/apprenticeship-schemes/%lld/edit", id);
    r = http_post_as(&srv, path, &admin, rest(body, sizeof(body), extra));
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Rhowch gyfeiriad e-bost fel"));
    CU_ASSERT(http_body_has(&r, "dim cyfeiriad"));
    http_resp_free(&r);
    /* the admin's address in capitals: added beside the trainer kept */
    email = fx_str_l("SELECT UPPER(email) FROM users WHERE id = ?", admin.user_id);
    snprintf(extra, sizeof(extra), "name_cy=Staff&name_en=%s&staff_%lld=1&add_staff=%s",
             http_enc(name_en), trainer.user_id, http_enc(email));
    r = http_post_as(&srv, path, &admin, rest(body, sizeof(body), extra));
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_scheme_staff WHERE scheme_id = ?", id), 2);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM appr_scheme_staff WHERE scheme_id = ? AND "
                              "user_id = ?",
                              id, admin.user_id),
                    1);
    free(name_en);
}

static void schemes__admins_only_with_csrf(void)
{
    char body[1024], extra[160], path[96];
    const char *name_en = fx_name("Forged scheme");
    struct http_resp r;

    snprintf(extra, sizeof(extra), "name_cy=Ffug&name_en=%s", http_enc(name_en));
    rest(body, sizeof(body), extra);
    snprintf(path, sizeof(path), "/en/admin/apprenticeship-schemes/%lld/edit", scheme);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/admin/apprenticeship-schemes/new", &trainer), 403);
    CU_ASSERT_EQUAL(http_status(&srv, path, &learner), 403);
    r = http_post_as(&srv, "/en/admin/apprenticeship-schemes/new", &trainer, body);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = http_post_as(&srv, path, &trainer, body);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = http_post_without_csrf(&srv, "/en/admin/apprenticeship-schemes/new", &admin, body);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = http_post_without_csrf(&srv, path, &admin, body);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(named(name_en), 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_schemes WHERE id = ? AND name_en = "
                             "'Form scheme'",
                             scheme),
                    1);
}

/* A hostile name is stored as typed and shown escaped; hostile lines in
 * every field are refused (a line cannot be a date and a number at once). */
static void schemes__hostile_strings(void)
{
    static const char *const names[] = { "name_cy",           "name_en",       "framework",
                                         "employer",          "provider",      "subcontractor",
                                         "intake_start",      "intake_end",    "review_weeks",
                                         "planned_otj_hours", "llwr_provider", "llwr_programme" };
    char body[1024], extra[200];
    const char *evil = "<script>alert(1)</script> & \"quotes\" ŵ";
    size_t len, i, sent = 0;
    char *text, *line, *end;
    /* other tests make schemes beside this one (ctest -j2, one database):
     * count only what these posts could have made, a scheme past the newest
     * one now with the same hostile line in every field */
    long long newest = fx_num_l("SELECT COALESCE(MAX(id), 0) FROM appr_schemes WHERE id > ?", 0);
    struct http_resp r;
    char at[160];

    snprintf(extra, sizeof(extra), "name_cy=%s&name_en=%s", http_enc(fx_name("Hostile")),
             http_enc(evil));
    r = http_post_as(&srv, "/en/admin/apprenticeship-schemes/new", &admin,
                     rest(body, sizeof(body), extra));
    CU_ASSERT_EQUAL(r.status, 303);
    location(&r, at, sizeof(at));
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/admin/apprenticeships", &admin);
    CU_ASSERT(!http_body_has(&r, "<script>alert(1)"));
    CU_ASSERT(http_body_has(&r, "&lt;script&gt;alert(1)"));
    http_resp_free(&r);
    r = http_get_as(&srv, at, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, "<script>alert(1)"));
    CU_ASSERT(http_body_has(&r, "&lt;script&gt;alert(1)"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_exec_s("DELETE FROM appr_schemes WHERE name_en = ?", evil), 1);
    text = test_read_file("tests/integration/abuse/hostile.txt", &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    for (line = text; line < text + len; line = end + 1) {
        int raw;
        char *enc, *b;
        size_t cap, used = 0;

        end = memchr(line, '\n', (size_t)(text + len - line));
        if (!end)
            end = text + len;
        if (end == line || !strncmp(line, "#:", 2))
            continue;
        raw = end - line > 4 && !strncmp(line, "pct:", 4);
        enc = raw ? strndup(line + 4, (size_t)(end - line) - 4)
                  : http_url_encode_new(line, (size_t)(end - line));
        cap = 12 * (strlen(enc) + 24);
        b = malloc(cap);
        for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
            used += (size_t)snprintf(b + used, cap - used, "%s%s=%s", i ? "&" : "", names[i], enc);
        r = http_post_as(&srv, "/en/admin/apprenticeship-schemes/new", &admin, b);
        CU_ASSERT_EQUAL(r.status, 400);
        if (!raw && memchr(line, '<', (size_t)(end - line)) && end - line >= 3) {
            char *plain = strndup(line, (size_t)(end - line));

            CU_ASSERT(!http_body_has(&r, plain));
            free(plain);
        }
        http_resp_free(&r);
        free(b);
        free(enc);
        sent++;
    }
    free(text);
    CU_ASSERT(sent > 300);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_schemes WHERE id > ?"
                             " AND name_cy = name_en AND provider = name_en",
                             newest),
                    0);
}

static void schemes__assign_changes_who_sees(void)
{
    char mine[96], form[96], body[256];
    struct http_resp r;

    snprintf(mine, sizeof(mine), "/en/trainer/apprentices/%lld", rec);
    snprintf(form, sizeof(form), "/en/admin/apprenticeships/%lld/trainer", rec);
    CU_ASSERT_EQUAL(http_status(&srv, mine, &trainer), 404);
    CU_ASSERT_EQUAL(http_status(&srv, mine, &other_trainer), 200);
    CU_ASSERT_EQUAL(http_status(&srv, form, &admin), 200);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_viewed", admin.user_id, learner.user_id, NULL), 1);
    CU_ASSERT_EQUAL(http_status(&srv, form, &trainer), 403);
    /* the form shows the assigned trainer */
    r = http_get_as(&srv, form, &admin);
    CU_ASSERT(http_body_has(&r, "Other Scheme Trainer"));
    http_resp_free(&r);
    /* someone without the trainer role: refused, kept, nothing changed */
    snprintf(body, sizeof(body), "trainer=%lld&mentor=Mair+%%C5%%B5", learner.user_id);
    r = http_post_as(&srv, form, &admin, body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Choose a trainer from the list"));
    CU_ASSERT(http_body_has(&r, "Mair ŵ"));
    http_resp_free(&r);
    r = http_post_as(&srv, "/cy/admin/apprenticeships/0/trainer", &admin, body);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    snprintf(body, sizeof(body), "trainer=%lld&mentor=", trainer.user_id);
    r = http_post_as(&srv, form, &trainer, body);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = http_post_without_csrf(&srv, form, &admin, body);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT trainer_id FROM apprentices WHERE id = ?", rec),
                    other_trainer.user_id);
    /* a trainer and a named mentor: the new trainer reads it, the old one no more */
    snprintf(body, sizeof(body), "trainer=%lld&mentor=%%3Cb%%3EMair%%3C%%2Fb%%3E", trainer.user_id);
    r = http_post_as(&srv, form, &admin, body);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "done=assigned"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, mine, &trainer), 200);
    CU_ASSERT_EQUAL(http_status(&srv, mine, &other_trainer), 404);
    CU_ASSERT_EQUAL(
        fx_audit_count("apprentice_trainer_assigned", admin.user_id, learner.user_id, NULL), 1);
    snprintf(mine, sizeof(mine), "/cy/admin/apprenticeships/%lld?done=assigned", rec);
    r = http_get_as(&srv, mine, &admin);
    CU_ASSERT(http_body_has(&r, "&lt;b&gt;Mair&lt;/b&gt;"));
    CU_ASSERT(http_body_has(&r, "Newid yr hyfforddwr neu&#39;r mentor") ||
              http_body_has(&r, "Newid yr hyfforddwr neu&#x27;r mentor") ||
              http_body_has(&r, "Newid yr hyfforddwr neu'r mentor"));
    http_resp_free(&r);
    /* none: the trainer no longer reads it */
    r = http_post_as(&srv, form, &admin, "trainer=&mentor=");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    snprintf(mine, sizeof(mine), "/en/trainer/apprentices/%lld", rec);
    CU_ASSERT_EQUAL(http_status(&srv, mine, &trainer), 404);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM apprentices WHERE id = ? AND trainer_id IS "
                             "NULL AND mentor_name = ''",
                             rec),
                    1);
}

/* The assign form finds trainers by a part of their name or e-mail address
 * (a GET form: no JavaScript), lists only trainers, says when none match,
 * and keeps a too-long search with its message; a POST keeps the search. */
static void schemes__assign_finds_trainers(void)
{
    char form[128], path[256], body[256];
    struct http_resp r;

    snprintf(form, sizeof(form), "/en/admin/apprenticeships/%lld/trainer", rec);
    /* by name: both trainers, not the learner */
    snprintf(path, sizeof(path), "%s?find=Scheme+Trainer+%s", form, fx_tag);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(body, sizeof(body), "value=\"%lld\"", trainer.user_id);
    CU_ASSERT(http_body_has(&r, body));
    snprintf(body, sizeof(body), "value=\"%lld\"", learner.user_id);
    CU_ASSERT(!http_body_has(&r, body));
    CU_ASSERT(http_body_has(&r, "Find a trainer"));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "%s?find=Scheme+Learner+%s", form, fx_tag);
    r = http_get_as(&srv, path, &admin);
    snprintf(body, sizeof(body), "value=\"%lld\"", learner.user_id);
    CU_ASSERT(r.status == 200 && !http_body_has(&r, body));
    CU_ASSERT(http_body_has(&r, "No trainer matches"));
    http_resp_free(&r);
    /* by e-mail address, in Welsh */
    snprintf(path, sizeof(path), "/cy/admin/apprenticeships/%lld/trainer?find=%s", rec, fx_tag);
    r = http_get_as(&srv, path, &admin);
    snprintf(body, sizeof(body), "value=\"%lld\"", trainer.user_id);
    CU_ASSERT(r.status == 200 && http_body_has(&r, body));
    CU_ASSERT(http_body_has(&r, "Chwilio am hyfforddwr"));
    http_resp_free(&r);
    /* too long: 400, the message, the text kept */
    snprintf(path, sizeof(path), "%s?find=%0101d", form, 7);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Type 100 characters or fewer to find a trainer"));
    snprintf(body, sizeof(body), "%0101d", 7);
    CU_ASSERT(http_body_has(&r, body));
    http_resp_free(&r);
    /* a refused POST shows the form again with its search */
    snprintf(body, sizeof(body), "trainer=%lld&mentor=&find=Scheme+Trainer+%s", learner.user_id,
             fx_tag);
    r = http_post_as(&srv, form, &admin, body);
    CU_ASSERT_EQUAL(r.status, 400);
    snprintf(body, sizeof(body), "value=\"%lld\"", trainer.user_id);
    CU_ASSERT(http_body_has(&r, body));
    http_resp_free(&r);
}

/* The schemes have a page of their own, 25 a page, linked from the
 * apprentices' page (which lists them no more) and the admin home; admins
 * only (issue 22). */
static void schemes__own_page_by_pages(void)
{
    long long n = fx_num_l("SELECT COUNT(*) FROM appr_schemes WHERE id > ?", 0);
    long long pages = (n + 24) / 25;
    char path[96];
    struct http_resp r;

    r = http_get_as(&srv, "/en/admin/apprenticeships", &admin);
    CU_ASSERT(http_body_has(&r, "href=\"/en/admin/apprenticeship-schemes\""));
    CU_ASSERT(!http_body_has(&r, "Apprenticeship schemes and how many apprentices each has"));
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/admin", &admin);
    CU_ASSERT(http_body_has(&r, "href=\"/cy/admin/apprenticeship-schemes\""));
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/admin/apprenticeship-schemes", &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Cynlluniau prentisiaeth"));
    CU_ASSERT(http_body_has(&r, "Yn ôl at y prentisiaid"));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/en/admin/apprenticeship-schemes/%lld/edit", scheme);
    r = http_get_as(&srv, "/en/admin/apprenticeship-schemes", &admin);
    CU_ASSERT(http_body_has(&r, "Apprenticeship schemes"));
    CU_ASSERT(n > 25 || http_body_has(&r, path));
    http_resp_free(&r);
    CU_ASSERT_FATAL(pages >= 1);
    snprintf(path, sizeof(path), "/en/admin/apprenticeship-schemes?page=%lld", pages);
    CU_ASSERT_EQUAL(http_status(&srv, path, &admin), 200);
    snprintf(path, sizeof(path), "/en/admin/apprenticeship-schemes?page=%lld", pages + 1);
    CU_ASSERT_EQUAL(http_status(&srv, path, &admin), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/admin/apprenticeship-schemes?page=x", &admin), 400);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/admin/apprenticeship-schemes", &trainer), 403);
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/admin/apprenticeship-schemes", &learner), 403);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "schemes__create_and_edit", schemes__create_and_edit },
        { "schemes__bad_input_kept", schemes__bad_input_kept },
        { "schemes__staff_added_by_email", schemes__staff_added_by_email },
        { "schemes__admins_only_with_csrf", schemes__admins_only_with_csrf },
        { "schemes__hostile_strings", schemes__hostile_strings },
        { "schemes__assign_changes_who_sees", schemes__assign_changes_who_sees },
        { "schemes__assign_finds_trainers", schemes__assign_finds_trainers },
        { "schemes__own_page_by_pages", schemes__own_page_by_pages },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships/schemes", cases, start, stop);
}
