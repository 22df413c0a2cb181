/*
 * Calendar invitations in the webinar e-mails (issue 18), through the real
 * server and its mail worker:
 *
 *   - registering queues a Welsh e-mail with a text/calendar part,
 *     METHOD:REQUEST, the webinar's stable UID, SEQUENCE, ORGANIZER and
 *     ATTENDEE, which libical reads back; the worker delivers it as
 *     multipart/alternative with the RFC 2047 subject;
 *   - cancelling sends METHOD:CANCEL for the same UID with a higher
 *     SEQUENCE; registering again a REQUEST higher still, so the person's
 *     calendar drops and then restores one entry instead of doubling it.
 *
 * (Editing and cancelling the webinar itself: test_manage.c.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "webinars/webinars.h"

static struct server srv;
static struct fx_session learner;
static char slug[96];
static long long webinar_id;

static int start(void)
{
    static const char *const q =
        "INSERT INTO webinars (slug, title_cy, title_en, summary_cy, summary_en, speaker, "
        "starts_at, capacity) VALUES (?, 'Gweminar dŵr a thŷ', 'Water and house webinar', "
        "'Crynodeb', 'Summary', 'Non Prydderch', UTC_TIMESTAMP() + INTERVAL 10 DAY, 5)";

    if (fx_init())
        return -1;
    snprintf(slug, sizeof(slug), "gwahoddiad-%s", fx_tag);
    if (db_exec(fx_dbh, q, "s", slug) != DB_OK)
        return -1;
    webinar_id = (long long)db_insert_id(fx_dbh);
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* POST /cy/webinars/{slug}/<action> as the learner: asserts the 303. */
static void act(const char *action)
{
    struct http_resp r =
        http_post_as(&srv, arena_printf(&fx_mem, "/cy/webinars/%s/%s", slug, action), &learner, "");

    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
}

/* The learner's newest e-mail's invitation read back with libical: its
 * method part as queued in *method, the outbox id in *id. */
static int newest(struct webinar_ics_read *back, char **method, long long *id)
{
    char *calendar = NULL;

    *method = NULL;
    if (fx_mail_calendar(fx_email_of(learner.user_id), id, method, &calendar) || !calendar)
        return -1;
    return webinar_ics_parse(calendar, back);
}

static const char *uid(void)
{
    return arena_printf(&fx_mem, "webinar-%lld@", webinar_id);
}

/* The delivered file of outbox message id (var/mail/<id>.eml, the server's
 * default mail_dir beside ours), waiting up to 10 s for the worker. */
static char *delivered(long long id)
{
    const char *path = arena_printf(&fx_mem, "var/mail/%lld.eml", id);
    char *text = NULL;
    int i;

    for (i = 0; i < 100 && !text; i++) {
        FILE *f = fopen(path, "rb");

        if (f) {
            text = arena_alloc(&fx_mem, 256 * 1024);
            text[fread(text, 1, 256 * 1024 - 1, f)] = '\0';
            fclose(f);
        } else
            test_sleep_ms(100);
    }
    return text;
}

static void register__a_welsh_invitation_a_calendar_reads(void)
{
    struct webinar_ics_read back;
    char *method = NULL, *lang = NULL, *subject = NULL, *body = NULL, *eml;
    long long id = 0;

    fx_learner("Dysgwr", "cy", &learner);
    act("register");
    CU_ASSERT_FATAL(newest(&back, &method, &id) == 0);
    CU_ASSERT_STRING_EQUAL(method, "REQUEST");
    CU_ASSERT_STRING_EQUAL(back.method, "REQUEST");
    CU_ASSERT_EQUAL(strncmp(back.uid, uid(), strlen(uid())), 0);
    CU_ASSERT_EQUAL(back.sequence, 0);
    CU_ASSERT_STRING_EQUAL(back.status, "CONFIRMED");
    CU_ASSERT_STRING_EQUAL(back.attendee,
                           arena_printf(&fx_mem, "mailto:%s", fx_email_of(learner.user_id)));
    CU_ASSERT_EQUAL(strncmp(back.organizer, "mailto:", 7), 0);
    CU_ASSERT_EQUAL(
        back.starts_at,
        fx_num_l("SELECT UNIX_TIMESTAMP(CONVERT_TZ(starts_at, '+00:00', @@session.time_zone)) "
                 "FROM webinars WHERE id = ?",
                 webinar_id));
    CU_ASSERT_FATAL(fx_mail(fx_email_of(learner.user_id), &lang, &subject, &body) == 0);
    CU_ASSERT_STRING_EQUAL(lang, "cy");
    CU_ASSERT(strstr(subject, "Gweminar dŵr a thŷ") != NULL);
    /* as the worker sends it: two parts, the calendar with its method */
    eml = delivered(id);
    CU_ASSERT_PTR_NOT_NULL_FATAL(eml);
    CU_ASSERT(strstr(eml, "Content-Type: multipart/alternative; boundary=") != NULL);
    CU_ASSERT(strstr(eml, "Content-Type: text/plain; charset=utf-8") != NULL);
    CU_ASSERT(strstr(eml, "Content-Type: text/calendar; charset=utf-8; method=REQUEST") != NULL);
    CU_ASSERT(strstr(eml, "Subject: =?UTF-8?B?") != NULL);
    CU_ASSERT(strstr(eml, "SUMMARY:Gweminar dŵr a thŷ") != NULL);
    CU_ASSERT(strstr(eml, "BEGIN:VCALENDAR\r\n") != NULL);
}

static void cancel__the_same_entry_removed_then_restored(void)
{
    struct webinar_ics_read back;
    char *method = NULL;
    long long id = 0;

    act("cancel");
    CU_ASSERT_FATAL(newest(&back, &method, &id) == 0);
    CU_ASSERT_STRING_EQUAL(method, "CANCEL");
    CU_ASSERT_STRING_EQUAL(back.method, "CANCEL");
    CU_ASSERT_STRING_EQUAL(back.status, "CANCELLED");
    CU_ASSERT_EQUAL(strncmp(back.uid, uid(), strlen(uid())), 0);
    CU_ASSERT_EQUAL(back.sequence, 1);
    act("register");
    CU_ASSERT_FATAL(newest(&back, &method, &id) == 0);
    CU_ASSERT_STRING_EQUAL(back.method, "REQUEST");
    CU_ASSERT_EQUAL(back.sequence, 2);
    CU_ASSERT_EQUAL(strncmp(back.uid, uid(), strlen(uid())), 0);
}

static void invitations__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "register__a_welsh_invitation_a_calendar_reads",
          register__a_welsh_invitation_a_calendar_reads },
        { "cancel__the_same_entry_removed_then_restored",
          cancel__the_same_entry_removed_then_restored },
        { "invitations__log_has_no_errors", invitations__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/webinars/invitations", cases, start, stop);
}
