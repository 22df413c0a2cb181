/*
 * pages_mute: muting a member of the forums. A member's moderation page
 * (GUARD_MODERATOR) mutes them for 1, 7 or 30 days with a reason, or lifts
 * a running mute; the moderation page lists the running mutes. While muted,
 * a member cannot start threads, reply or report, and the forms say until
 * when.
 */
#include <string.h>

#include "app/page.h"
#include "app/page_kept.h"
#include "app/page_nav.h"
#include "auth/session.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "core/kepttable.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/datefmt.h"
#include "view/i18n.h"

static const char *const mute_days[] = { "1", "7", "30" };
static const int mute_days_n[] = { 1, 7, 30 };

/* "after 14:30 on 6 December 2026" as the catalogue's key says it, in a. */
static const char *until_text(struct req *r, const char *key, time_t until)
{
    return i18n_format(r->arena, req_t(r, key), "time", datefmt_time(r->arena, until), "date",
                       datefmt_date(r->arena, r->app->i18n, r->lang, until), NULL);
}

const char *forum_muted_text(struct req *r, enum db_rc *rc)
{
    time_t until;

    *rc = DB_OK;
    if (!r->user)
        return NULL;
    *rc = forum_store_muted_until(r->db, r->user->id, &until);
    if (*rc == DB_NOT_FOUND)
        *rc = DB_OK;
    else if (*rc == DB_OK)
        return until_text(r, "communities.mute.you_are_muted", until);
    return NULL;
}

int forum_mute_refuse(struct req *r, struct page_errors *err)
{
    enum db_rc rc;
    const char *muted = forum_muted_text(r, &rc);

    if (rc != DB_OK)
        return page_db_status(rc);
    if (!muted)
        return 0;
    if (err)
        page_errors_add(err, "body", "communities.errors.muted");
    return 403;
}

/* The member's page's data, or NULL with *rc. */
static json_t *member_vm(struct req *r, long long id, enum db_rc *rc)
{
    const char *name, *heading;
    time_t until;

    *rc = forum_store_mod_member(r->db, r->arena, id, &name, &until);
    if (*rc != DB_OK)
        return NULL;
    heading = i18n_format(r->arena, req_t(r, "communities.mute.title"), "name", name, NULL);
    return json_pack(
        "{s:s, s:s, s:o, s:o}", "page_title", heading, "heading", heading, "breadcrumbs",
        page_crumbs(r, &(struct page_crumb){ "/moderation", "communities.moderation.title", NULL },
                    1),
        "member",
        json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "name", name, "muted",
                  until ? json_string(until_text(r, "communities.mute.muted_until", until))
                        : json_null()));
}

/* The member's page's view model with err (NULL: none) and what was typed:
 * 0 with *vm (the caller's), or a status. */
static int member_page_vm(struct req *r, long long id, const struct page_errors *err,
                          const char *days, const char *why, const char *unmute_why, json_t **vm)
{
    struct page_form form;
    json_t *f, *data;
    enum db_rc rc;

    data = member_vm(r, id, &rc);
    if (!data)
        return page_status(rc);
    *vm = page_vm(r, "communities.mute.title");
    json_object_update(*vm, data);
    json_decref(data);
    page_form_init(&form, r, err);
    page_field_choices(&form, "days", "radio", "communities.mute.days",
                       page_options(r, "communities.mute.days_", mute_days, 3, NULL, days));
    f = page_field_input(&form, "mute_reason", "text", "communities.moderation.reason",
                         why ? why : "");
    page_field_set(f, "maxlength", "500");
    f = page_field_input(&form, "unmute_reason", "text", "communities.moderation.reason",
                         unmute_why ? unmute_why : "");
    page_field_set(f, "maxlength", "500");
    page_form_vm(&form, *vm);
    return 0;
}

/* The member's page with err and what was typed, for its reader alone. */
static int member_render(struct req *r, long long id, const struct page_errors *err,
                         const char *days, const char *why, const char *unmute_why)
{
    json_t *vm = NULL;
    int st = member_page_vm(r, id, err, days, why, unmute_why, &vm);

    return st ? st : page_render(r, "communities/mute", vm);
}

/* The page of the route's {id} with nothing typed: a page_build_fn. */
static int build_member(struct req *r, json_t **vm, const char **name)
{
    long long id = page_id(r, "id");

    *name = "communities/mute";
    return id ? member_page_vm(r, id, NULL, NULL, NULL, NULL, vm) : 404;
}

/* The page rendered once for every moderator per language and member, the
 * csrf token of its forms a hole (app/page_kept.h), read again when the
 * forums change (a mute: forumgen.h). */
static struct kept_table members = PAGE_KEPT_SHARED_INIT(64);

/* GET /{lang}/moderation/members/{id} — mute or unmute them. 200; 404; 503. */
int forum_page_mod_member(struct req *r)
{
    return page_kept_shared(r, &members, 0, forum_gen_get(), build_member);
}

static int to_moderation(struct req *r)
{
    return resp_see_other(r, arena_printf(r->arena, "/%s/moderation", lang_code(r->lang)));
}

/* POST /{lang}/moderation/members/{id}/mute — ?days (1, 7 or 30) and
 * ?mute_reason: 303 to the moderation page; 400 with the page (a missing
 * choice or reason, or oneself); 404; 503. */
int forum_page_mute(struct req *r)
{
    struct page_errors err = { .n = 0 };
    long long id = page_id(r, "id");
    const char *days = req_form(r, "days"), *why;
    size_t i;
    int n = 0;
    enum db_rc rc;

    if (!id)
        return 404;
    for (i = 0; days && i < sizeof(mute_days) / sizeof(mute_days[0]); i++)
        if (!strcmp(days, mute_days[i]))
            n = mute_days_n[i];
    if (!n)
        page_errors_add(&err, "days", "communities.errors.mute_days");
    if (id == r->user->id)
        page_errors_add(&err, "days", "communities.errors.mute_self");
    why = forum_mod_reason(r, "mute_reason", &err);
    if (page_errors_any(&err))
        return member_render(r, id, &err, days, req_form(r, "mute_reason"), NULL);
    rc = forum_store_mute(r->db, id, n, r->user->id, r->client_ip, why);
    return rc == DB_OK ? to_moderation(r) : page_status(rc);
}

/* POST /{lang}/moderation/members/{id}/unmute — ?unmute_reason: 303 to the
 * moderation page (also when no mute was running); 400 with the page
 * without a reason; 404; 503. */
int forum_page_unmute(struct req *r)
{
    struct page_errors err = { .n = 0 };
    long long id = page_id(r, "id");
    const char *why;
    enum db_rc rc;

    if (!id)
        return 404;
    why = forum_mod_reason(r, "unmute_reason", &err);
    if (!why)
        return member_render(r, id, &err, NULL, NULL, req_form(r, "unmute_reason"));
    rc = forum_store_unmute(r->db, id, r->user->id, r->client_ip, why);
    return rc == DB_OK || rc == DB_NOT_FOUND ? to_moderation(r) : page_status(rc);
}

json_t *forum_vm_mutes(struct req *r, const struct forum_mute *v, size_t n)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)v[i].user_id,
                            "name", v[i].name, "href",
                            arena_printf(r->arena, "/%s/moderation/members/%lld",
                                         lang_code(r->lang), v[i].user_id),
                            "until", until_text(r, "communities.mute.muted_until", v[i].until),
                            "reason", v[i].reason, "by", v[i].by));
    return list;
}
