/*
 * The employer's sign-off link: /{lang}/employer-review/{token}, for someone
 * with no account (GUARD_NONE). Opening the link changes nothing (mail
 * scanners fetch links): the page shows what the employer needs of the
 * review (the apprentice, scheme, date, rating, notes, agreed actions, next
 * review) and a form that POSTs (with the csrf field) "I agree" or "I do not
 * agree, because..." with a reason. A token that is malformed or no review's
 * is 404; a link answered already or expired is 410 with a page saying so.
 */
#include <string.h>

#include "app/page.h"
#include "app/page_field.h"
#include "app/page_form.h"
#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "auth/token.h"
#include "core/arena.h"
#include "http/req.h"

static const char *const answers[] = { "agree", "dispute" };

/* What the employer typed ("" when not sent). */
struct signoff_form {
    const char *answer, *reason;
};

static json_t *review_vm(struct req *r, const struct appr_signoff *s)
{
    int rating = s->rating >= 0 && s->rating < APPR_RATING__N ? s->rating : 0;

    return json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:b}", "apprentice",
                     s->apprentice, "scheme", s->scheme[r->lang] ? s->scheme[r->lang] : "",
                     "employer", s->employer[r->lang] ? s->employer[r->lang] : "", "on",
                     appr_date_vm(r, s->held_on), "reviewer", s->reviewer, "notes", s->notes,
                     "actions", s->actions ? s->actions : "", "rating",
                     req_t_of(r, "apprenticeships.rating.", appr_ratings[rating]), "next_on",
                     appr_date_vm(r, s->next_on), "red", rating == APPR_RED);
}

/* The page in one of its states: the form (200, or 400 with the problems),
 * done (200), used or expired (410). */
static int render(struct req *r, const struct appr_signoff *s, const char *state,
                  const struct signoff_form *in, const struct page_errors *err)
{
    const char *title = !strcmp(state, "form")      ? "title"
                        : !strcmp(state, "used")    ? "used_title"
                        : !strcmp(state, "expired") ? "expired_title"
                                                    : "done_title";
    json_t *vm = page_vm(r, arena_printf(r->arena, "apprenticeships.signoff.%s", title)), *f;
    struct page_form form;

    json_object_set_new(vm, state, json_true());
    json_object_set_new(vm, "done", json_boolean(!strcmp(title, "done_title")));
    json_object_set_new(vm, "review", review_vm(r, s));
    json_object_set_new(vm, "contact", json_string(s->contact ? s->contact : ""));
    if (!strcmp(state, "form")) {
        page_form_init(&form, r, err);
        page_field_choices(&form, "answer", "radio", "apprenticeships.signoff.answer",
                           page_options(r, "apprenticeships.signoff.", answers, 2, NULL,
                                        *in->answer ? in->answer : NULL));
        f = page_field_textarea(&form, "reason", "apprenticeships.signoff.reason_label",
                                in->reason);
        page_field_hint(&form, f, "apprenticeships.signoff.reason_hint");
        page_field_set(f, "maxlength", "2000");
        page_form_vm(&form, vm);
        json_object_set_new(vm, "action", json_string(r->path));
    }
    if (!strcmp(state, "used") || !strcmp(state, "expired"))
        r->status = 410;
    return page_render(r, "apprenticeships/signoff", vm);
}

/* The review behind the path's token: DB_NOT_FOUND for a malformed token or
 * one no review has; *state "form", "used" or "expired". */
static enum db_rc lookup(struct req *r, char hash[TOKEN_HASH_HEX + 1], struct appr_signoff *s,
                         const char **state)
{
    enum db_rc rc;

    *state = "used";
    if (token_hash(req_param(r, "token"), hash))
        return DB_NOT_FOUND;
    rc = appr_store_signoff_get(r->db, r->arena, hash, s);
    *state = s->state != APPR_EMPLOYER_WAITING ? "used" : s->expired ? "expired" : "form";
    return rc;
}

/* GET /{lang}/employer-review/{token} — 200 with the review and the form;
 * 410 answered already or expired; 404 no such link. Changes nothing. The
 * review is kept (record_kept.c); the form and its csrf field are this
 * request's. */
int appr_page_signoff(struct req *r)
{
    static const struct signoff_form blank = { "", "" };
    char hash[TOKEN_HASH_HEX + 1];
    const struct appr_signoff *s;
    const char *state;
    int st;

    if (token_hash(req_param(r, "token"), hash))
        return 404;
    st = page_status(appr_signoff_kept(r->db, r->arena, hash, &s));
    if (st)
        return st;
    state = s->state != APPR_EMPLOYER_WAITING ? "used" : s->expired ? "expired" : "form";
    return render(r, s, state, &blank, NULL);
}

/*
 * POST /{lang}/employer-review/{token} — answer (agree, dispute), reason
 * (needed to dispute, 1..2,000 bytes). 200 with the thanks; 400 with the
 * form, what was typed and its problems, nothing changed; 410 answered
 * already or expired; 404 no such link.
 */
int appr_page_signoff_answer(struct req *r)
{
    char hash[TOKEN_HASH_HEX + 1];
    struct page_errors err = { .n = 0 };
    struct signoff_form in;
    struct appr_signoff s;
    const char *state;
    int st = page_status(lookup(r, hash, &s, &state)), agree;
    enum db_rc rc;

    if (st)
        return st;
    if (strcmp(state, "form"))
        return render(r, &s, state, NULL, NULL);
    in.answer = req_form(r, "answer") ? req_form(r, "answer") : "";
    in.reason = req_form(r, "reason") ? req_form(r, "reason") : "";
    agree = !strcmp(in.answer, "agree");
    if (!agree && strcmp(in.answer, "dispute"))
        page_errors_add(&err, "answer", "apprenticeships.signoff.error_answer");
    else if (!agree && (!*in.reason || strlen(in.reason) > APPR_NOTES_MAX))
        page_errors_add(&err, "reason", "apprenticeships.signoff.error_reason");
    if (page_errors_any(&err))
        return render(r, &s, "form", &in, &err);
    rc = appr_store_signoff_answer(r->db, hash, agree, in.reason, r->client_ip);
    if (rc == DB_CONFLICT)
        return render(r, &s, "used", NULL, NULL);
    if ((st = page_status(rc)) != 0)
        return st;
    return render(r, &s, agree ? "signed" : "disputed", NULL, NULL);
}
