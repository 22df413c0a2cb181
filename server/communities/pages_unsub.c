/*
 * pages_unsub: stopping the forums' e-mail from a mail's link, signed in or
 * not (docs/communities.md "E-mail of notifications"). The link's token is
 * the secret: a GET only shows a confirmation page with a button (so a
 * mail scanner following links changes nothing); the button POSTs with
 * CSRF as every form does; a mail program's one-click POST (RFC 8058,
 * List-Unsubscribe-Post) carries no CSRF token and needs none. Either turns
 * all of the person's forum e-mail off (their choice "off"); the
 * notifications stay on the site. Personal: never shared.
 */
#include "app/page.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"

/* The page: the question with its button, or (done) that it is done. */
static int unsub_render(struct req *r, int done)
{
    json_t *vm = page_vm(r, "communities.unsubscribe.title");

    json_object_set_new(vm, "done", json_boolean(done));
    json_object_set_new(vm, "token", json_string(req_param(r, "token")));
    return page_render(r, "communities/unsubscribe", vm);
}

/* The person of the route's {token}: 0, or 404 (malformed, unknown or too
 * old) or 503. */
static int unsub_person(struct req *r, long long *user_id)
{
    return page_status(forum_store_unsub_find(r->db, req_param(r, "token"), user_id));
}

/* GET /{lang}/notifications/unsubscribe/{token} — 200 the question; 404. */
int forum_page_unsub(struct req *r)
{
    long long user_id;
    int st = unsub_person(r, &user_id);

    return st ? st : unsub_render(r, 0);
}

static int unsub(struct req *r)
{
    long long user_id;
    int st = unsub_person(r, &user_id);

    if (st)
        return st;
    st = page_status(forum_store_mail_set(r->db, user_id, FORUM_MAIL_OFF));
    return st ? st : unsub_render(r, 1);
}

/* POST /{lang}/notifications/unsubscribe/{token} — one click: forum e-mail
 * off, 200 saying so; 404; 503. */
int forum_page_unsub_one_click(struct req *r)
{
    return unsub(r);
}

/* POST /{lang}/notifications/unsubscribe/{token}/confirm — the page's
 * button: the same. */
int forum_page_unsub_confirm(struct req *r)
{
    return unsub(r);
}
