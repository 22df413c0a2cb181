/*
 * trainer forms, the admin's side: a new cohort (names, dates, capacity,
 * language), a session (date, time, length, place or online link,
 * language) and a message to the cohort (to whom, in which languages, a
 * subject and a text in each). Each reads what was typed (kept for the page that comes back),
 * checks it (each problem at its input's id, a catalogue key) and gives the
 * page kit's fields.
 */
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "app/page.h"
#include "app/page_field.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "http/req.h"
#include "mail/mail.h"
#include "trainer/trainer_impl.h"
#include "view/datefmt.h"

#define NAME_MAX_CHARS  200
#define PLACE_MAX_CHARS 200
#define LINK_MAX        500
#define CAPACITY_MAX    10000
#define MINUTES_MAX     1440
#define SUBJECT_MAX     150
#define BODY_MAX        10000

static const char *const langs[] = { "cy", "en", "both" };

/* Free text of at most max characters (may be empty), or NULL. */
static const char *text_ok(const char *s, size_t max)
{
    size_t len = strlen(s);

    return utf8_valid_text(s, len) && !strpbrk(s, "\r\n") && utf8_count(s, len) <= max ? s : NULL;
}

/* A whole number from 1 to max, or 0. */
static int count_ok(const char *s, long long max)
{
    long long v;

    return !page_id_parse(s, &v) && v <= max ? (int)v : 0;
}

static const char *lang_ok(const char *s)
{
    size_t i;

    for (i = 0; i < 3; i++)
        if (!strcmp(s, langs[i]))
            return langs[i];
    return NULL;
}

/* An http(s) address of printable ASCII without spaces, or "" for none. */
static int link_ok(const char *s)
{
    size_t i, len = strlen(s);

    if (!len)
        return 1;
    if (len > LINK_MAX || (strncmp(s, "https://", 8) && strncmp(s, "http://", 7)))
        return 0;
    for (i = 0; i < len; i++)
        if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f || strchr("<>\"'`", s[i]))
            return 0;
    return strlen(s) > 8 + (s[4] == 's');
}

void trainer_form_cohort(struct req *r, struct trainer_cohort_form *in,
                         struct trainer_cohort_in *out, struct page_errors *err)
{
    in->name_cy = account_form_value(r, "name_cy");
    in->name_en = account_form_value(r, "name_en");
    in->starts_on = account_form_value(r, "starts_on");
    in->ends_on = account_form_value(r, "ends_on");
    in->capacity = account_form_value(r, "capacity");
    in->lang = account_form_value(r, "lang");
    if (!(out->name_cy = text_ok(in->name_cy, NAME_MAX_CHARS)))
        page_errors_add(err, "name_cy", "trainer.form.error_name");
    if (!(out->name_en = text_ok(in->name_en, NAME_MAX_CHARS)))
        page_errors_add(err, "name_en", "trainer.form.error_name");
    if (datefmt_parse_london(in->starts_on, "00:00", &out->starts_at))
        page_errors_add(err, "starts_on", "trainer.form.error_date");
    if (datefmt_parse_london(in->ends_on, "23:59", &out->ends_at))
        page_errors_add(err, "ends_on", "trainer.form.error_date");
    else if (!datefmt_parse_london(in->starts_on, "00:00", &out->starts_at) &&
             out->ends_at < out->starts_at)
        page_errors_add(err, "ends_on", "trainer.form.error_ends");
    if (!(out->capacity = count_ok(in->capacity, CAPACITY_MAX)))
        page_errors_add(err, "capacity", "trainer.form.error_capacity");
    if (!(out->lang = lang_ok(in->lang)))
        page_errors_add(err, "lang", "trainer.form.error_lang");
}

void trainer_form_session(struct req *r, struct trainer_session_form *in,
                          struct trainer_session_in *out, struct page_errors *err)
{
    in->date = account_form_value(r, "date");
    in->time = account_form_value(r, "time");
    in->minutes = account_form_value(r, "minutes");
    in->place = account_form_value(r, "place");
    in->online = account_form_value(r, "online");
    in->lang = account_form_value(r, "lang");
    if (datefmt_parse_london(in->date, "00:00", &out->starts_at))
        page_errors_add(err, "date", "trainer.form.error_date");
    else if (datefmt_parse_london(in->date, in->time, &out->starts_at))
        page_errors_add(err, "time", "trainer.form.error_time");
    if (!(out->minutes = count_ok(in->minutes, MINUTES_MAX)))
        page_errors_add(err, "minutes", "trainer.form.error_minutes");
    out->place = text_ok(in->place, PLACE_MAX_CHARS);
    out->online_url = link_ok(in->online) ? in->online : NULL;
    if (!out->place)
        page_errors_add(err, "place", "trainer.form.error_place");
    if (!out->online_url)
        page_errors_add(err, "online", "trainer.form.error_online");
    if (out->place && out->online_url && !*out->place && !*out->online_url)
        page_errors_add(err, "place", "trainer.form.error_where");
    if (!(out->lang = lang_ok(in->lang)))
        page_errors_add(err, "lang", "trainer.form.error_lang");
}

static json_t *lang_field(struct page_form *form, const char *typed)
{
    return page_field_choices(form, "lang", "radio", "trainer.form.lang",
                              page_options(form->r, "trainer.lang.", langs, 3, NULL, typed));
}

void trainer_vm_cohort_form(struct page_form *form, const struct trainer_cohort_form *in)
{
    json_t *f;

    f = page_field_input(form, "name_cy", "text", "trainer.form.name_cy", in->name_cy);
    page_field_hint(form, f, "trainer.form.name_hint");
    page_field_input(form, "name_en", "text", "trainer.form.name_en", in->name_en);
    page_field_input(form, "starts_on", "date", "trainer.form.starts_on", in->starts_on);
    page_field_input(form, "ends_on", "date", "trainer.form.ends_on", in->ends_on);
    f = page_field_input(form, "capacity", "text", "trainer.form.capacity", in->capacity);
    page_field_set(f, "width", "5");
    lang_field(form, in->lang);
}

void trainer_vm_session_form(struct page_form *form, const struct trainer_session_form *in)
{
    json_t *f;

    page_field_input(form, "date", "date", "trainer.form.date", in->date);
    f = page_field_input(form, "time", "time", "trainer.form.time", in->time);
    page_field_hint(form, f, "trainer.form.time_hint");
    f = page_field_input(form, "minutes", "text", "trainer.form.minutes", in->minutes);
    page_field_set(f, "width", "5");
    f = page_field_input(form, "place", "text", "trainer.form.place", in->place);
    page_field_hint(form, f, "trainer.form.place_hint");
    f = page_field_input(form, "online", "url", "trainer.form.online", in->online);
    page_field_set(f, "spellcheck", "false");
    lang_field(form, in->lang);
}

static const char *const audiences[] = { "all", "at_risk" }, *const onlies[] = { "both", "cy",
                                                                                 "en" };

/* A text of lines (\r\n made \n) of 1 to max characters, or NULL. */
static const char *lines_ok(struct req *r, const char *s, size_t max)
{
    char *out = arena_strdup(r->arena, s), *w = out;
    size_t len;

    for (; *s; s++)
        if (*s != '\r')
            *w++ = *s;
    *w = '\0';
    len = strlen(out);
    return len && utf8_valid_text(out, len) && utf8_count(out, len) <= max ? out : NULL;
}

void trainer_form_message(struct req *r, struct trainer_message_form *in,
                          struct trainer_message *out, struct page_errors *err)
{
    static const char *const subject_id[2] = { "subject_cy", "subject_en" }, *const body_id[2] = {
        "body_cy", "body_en"
    };
    int l;

    memset(out, 0, sizeof(*out));
    in->audience = account_form_value(r, "audience");
    in->only = account_form_value(r, "only");
    if (!strcmp(in->audience, "at_risk"))
        out->at_risk_only = 1;
    else if (strcmp(in->audience, "all"))
        page_errors_add(err, "audience", "trainer.message.error_audience");
    if (strcmp(in->only, "both") && strcmp(in->only, "cy") && strcmp(in->only, "en"))
        page_errors_add(err, "only", "trainer.message.error_only");
    for (l = 0; l < 2; l++) {
        const char *code = l == LANG_CY ? "cy" : "en";
        /* a version is needed in each language the message is sent in */
        int wanted = !strcmp(in->only, "both") || !strcmp(in->only, code);
        const char *subject;

        in->subject[l] = account_form_value(r, subject_id[l]);
        in->body[l] = req_form(r, body_id[l]) ? req_form(r, body_id[l]) : "";
        if (!wanted)
            continue;
        subject = text_ok(in->subject[l], SUBJECT_MAX);
        if (!subject || !*subject || strlen(subject) > MAIL_SUBJECT_MAX)
            page_errors_add(err, subject_id[l], "trainer.message.error_subject");
        else
            out->subject[l] = subject;
        if (!(out->body[l] = lines_ok(r, in->body[l], BODY_MAX)))
            page_errors_add(err, body_id[l], "trainer.message.error_body");
    }
}

void trainer_vm_message_form(struct page_form *form, const struct trainer_message_form *in,
                             const struct trainer_cohort *c)
{
    struct req *r = form->r;
    json_t *opts = json_array(), *f;
    const long long counts[2] = { c->learners, c->at_risk };
    size_t i;

    for (i = 0; i < 2; i++)
        json_array_append_new(
            opts, page_option_count(
                      r, audiences[i],
                      req_t(r, arena_printf(r->arena, "trainer.message.audience_%s", audiences[i])),
                      counts[i], !strcmp(in->audience, audiences[i])));
    page_field_choices(form, "audience", "radio", "trainer.message.audience", opts);
    f = page_field_choices(form, "only", "radio", "trainer.message.only",
                           page_options(r, "trainer.message.only_", onlies, 3, NULL, in->only));
    page_field_hint(form, f, "trainer.message.only_hint");
    page_field_input(form, "subject_cy", "text", "trainer.message.subject_cy", in->subject[0]);
    f = page_field_textarea(form, "body_cy", "trainer.message.body_cy", in->body[0]);
    page_field_set(f, "rows", "8");
    page_field_input(form, "subject_en", "text", "trainer.message.subject_en", in->subject[1]);
    f = page_field_textarea(form, "body_en", "trainer.message.body_en", in->body[1]);
    page_field_set(f, "rows", "8");
}
