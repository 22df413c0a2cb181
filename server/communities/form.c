/*
 * form: reading the post and report forms, and the posting and editing
 * limits.
 */
#include <stdio.h>
#include <string.h>

#include "auth/ratelimit.h"
#include "auth/session.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "http/req.h"

/* Posts an account may make in FORUM_RATE_WINDOW seconds: tighter until it
 * has made a few (a new member is where spam comes from). */
#define FORUM_RATE_WINDOW 600
#define FORUM_RATE_NEW    3
#define FORUM_RATE_MEMBER 20
#define FORUM_NEW_POSTS   10

/* s has something besides spaces and line ends. */
static int filled(const char *s)
{
    return s && s[strspn(s, " \t\r\n")] != '\0';
}

void forum_form_post(struct req *r, const char **title, const char **body, const char **lang,
                     struct page_errors *err)
{
    const char *l = req_form(r, "lang");

    *body = req_form(r, "body");
    *lang = l && (!strcmp(l, "cy") || !strcmp(l, "en")) ? l : lang_code(r->lang);
    if (l && *l && strcmp(l, *lang))
        page_errors_add(err, "lang", "communities.errors.lang");
    if (title) {
        *title = req_form(r, "title");
        if (!filled(*title))
            page_errors_add(err, "title", "communities.errors.title_missing");
        else if (utf8_count(*title, strlen(*title)) > FORUM_TITLE_MAX)
            page_errors_add(err, "title", "communities.errors.title_long");
    }
    if (!filled(*body))
        page_errors_add(err, "body", "communities.errors.body_missing");
    else if (strlen(*body) > FORUM_BODY_MAX)
        page_errors_add(err, "body", "communities.errors.body_long");
}

int forum_rate_hit(struct req *r, const char *what, int posts, int *retry)
{
    char key[64];
    int limited;
    enum db_rc rc;

    snprintf(key, sizeof(key), "%s:%lld", what, r->user->id);
    rc = ratelimit_hit(r->db, key, posts < FORUM_NEW_POSTS ? FORUM_RATE_NEW : FORUM_RATE_MEMBER,
                       FORUM_RATE_WINDOW, &limited, retry);
    if (rc != DB_OK)
        return rc == DB_UNAVAILABLE || rc == DB_STALE ? 503 : 500;
    return limited ? 429 : 0;
}

int forum_rate_check(struct req *r, int posts)
{
    int retry = 0, st = forum_rate_hit(r, "forum-post", posts, &retry);

    return st == 429 ? ratelimit_reply(r, retry) : st;
}

const char *forum_post_field(struct req *r, const char *prefix, long long post_id, const char *name)
{
    const char *own = arena_printf(r->arena, "%s-%lld", prefix, post_id);

    return req_form(r, own) ? own : name;
}
