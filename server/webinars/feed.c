/*
 * A person's private calendar feed: GET /calendar/{token}.ics holds the
 * webinars they have a place on (or are offered) and the sessions of the
 * cohorts they learn in or run (trainer_feed_sessions), as one calendar
 * (ics.c). The address is a token (auth/token.h) kept only as its hash in
 * calendar_feeds; POST /{lang}/me/calendar makes a new one, which is shown
 * once, and the old one finds nothing from then on (404).
 */
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "auth/session.h"
#include "auth/token.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "trainer/trainer.h"
#include "view/datefmt.h"
#include "view/i18n.h"
#include "webinars/webinars_impl.h"

#define FEED_PAST_DAYS    30  /* how far back the feed reaches */
#define FEED_WEBINARS_MAX 200 /* entries of each kind at most */
#define FEED_SESSIONS_MAX 300
#define FEED_ENTRIES_MAX  (FEED_WEBINARS_MAX + FEED_SESSIONS_MAX)

/* The address's owner and the webinars they are registered for or offered,
 * with both parts of the SEQUENCE of the person's invitations (notify.c):
 * one statement (issue 22), one row with no webinar (w.id NULL) when there
 * are none, no row for an unknown address. */
static const char *const sql_owner_webinars =
    "SELECT f.user_id, u.lang, w.id, w.slug, w.title_cy, w.title_en, w.summary_cy, "
    "w.summary_en, w.starts_at, w.duration_min, w.cancelled, w.sequence, r.ics_sequence, "
    "w.speaker FROM calendar_feeds f JOIN users u ON u.id = f.user_id LEFT JOIN "
    "(webinar_registrations r JOIN webinars w ON w.id = r.webinar_id AND w.starts_at > ?) ON "
    "r.user_id = f.user_id AND r.status IN ('registered', 'offered') WHERE f.token_hash = ? AND "
    "u.disabled = 0 ORDER BY w.starts_at, w.id LIMIT ?";

struct feed {
    struct arena *a;
    const struct webinar_ics *c;
    struct webinar_ics_event *v;
    size_t n;
};

static int add_session(void *ctx, const struct trainer_session *s, const char *name_cy,
                       const char *name_en, int sequence)
{
    struct feed *f = ctx;
    struct webinar_ics_event *e = &f->v[f->n++];

    *e = (struct webinar_ics_event){
        .kind = "cohort-session",
        .id = s->id,
        .sequence = sequence,
        .minutes = s->minutes,
        .cancelled = s->cancelled,
        .starts_at = s->starts_at,
        .summary = f->c->lang == LANG_CY ? name_cy : name_en,
        .location = s->place,
        .url = s->online_url,
    };
    return f->n == FEED_ENTRIES_MAX;
}

/* The owner of the address whose hash is hash (*user_id, *lang) and their
 * webinars (*v, *n: SEQUENCE as in their invitations), in a: DB_NOT_FOUND
 * for no owner. */
static enum db_rc owner_webinars(struct db *db, struct arena *a, const char *hash, time_t since,
                                 long long *user_id, char **lang, struct webinar **v, size_t *n)
{
    struct db_stmt *st = NULL;
    struct webinar w = { 0 };
    int ics_sequence, rows = 0;
    enum db_rc rc = db_query(db, &st, sql_owner_webinars, "tsi", since, hash, FEED_WEBINARS_MAX);

    *n = 0;
    *v = arena_alloc(a, sizeof(**v) * FEED_WEBINARS_MAX);
    while (rc == DB_OK &&
           (rc = db_row_next(st, a, "lslssssstibiis", user_id, lang, &w.id, &w.slug,
                             &w.title[LANG_CY], &w.title[LANG_EN], &w.summary[LANG_CY],
                             &w.summary[LANG_EN], &w.starts_at, &w.duration_min, &w.cancelled,
                             &w.sequence, &ics_sequence, &w.speaker)) == DB_OK) {
        rows++;
        if (!w.id || *n == FEED_WEBINARS_MAX)
            continue;               /* the owner alone: no webinar */
        w.sequence += ics_sequence; /* as in the person's invitations */
        (*v)[(*n)++] = w;
    }
    db_done(st);
    return rc == DB_NOT_FOUND && rows ? DB_OK : rc;
}

/* GET /calendar/{token}.ics — 200 text/calendar; 404 for an unknown or
 * reset address (or one without ".ics"); 503 without the database. */
int webinar_page_calendar(struct req *r)
{
    const char *raw = req_param(r, "token");
    size_t len = raw ? strlen(raw) : 0;
    char hash[TOKEN_HASH_HEX + 1], *lang = NULL;
    long long user_id = 0;
    struct webinar *w = NULL;
    size_t n = 0, i;
    struct webinar_ics c = { r->app->cfg->base_url, LANG_CY, time(NULL), NULL };
    struct feed f = { r->arena, &c, NULL, 0 };
    time_t since = c.now - (time_t)FEED_PAST_DAYS * 86400;
    const char *text;
    enum db_rc rc;

    if (len != TOKEN_TEXT_LEN + 4 || strcmp(raw + TOKEN_TEXT_LEN, ".ics") ||
        token_hash(arena_strndup(r->arena, raw, TOKEN_TEXT_LEN), hash))
        return 404;
    if ((rc = owner_webinars(r->db, r->arena, hash, since, &user_id, &lang, &w, &n)) != DB_OK)
        return page_status(rc);
    c.lang = lang && !strcmp(lang, "en") ? LANG_EN : LANG_CY;
    c.speakers_label = i18n_text(r->app->i18n, c.lang, "webinars.speakers_heading");
    f.v = arena_alloc(r->arena, sizeof(*f.v) * FEED_ENTRIES_MAX);
    for (i = 0; i < n; i++)
        webinar_ics_event_of(r->arena, &c, &w[i], &f.v[f.n++]);
    if ((rc = trainer_feed_sessions(r->db, r->arena, user_id, since, FEED_SESSIONS_MAX, add_session,
                                    &f)) != DB_OK)
        return page_db_status(rc);
    if (!(text = webinar_ics_events(r->arena, &c, f.v, f.n)))
        return 500;
    resp_header(r, "Cache-Control", "private, no-store");
    resp_header(r, "X-Robots-Tag", "noindex");
    return resp_send(r, 200, "text/calendar; charset=utf-8", text, strlen(text));
}

/* POST /{lang}/me/calendar — a new private address (the old one, if any,
 * stops working), shown once on the page this answers with. */
int webinar_page_calendar_new(struct req *r)
{
    char text[TOKEN_TEXT_LEN + 1], hash[TOKEN_HASH_HEX + 1];
    json_t *vm;
    enum db_rc rc;

    token_new(text, hash);
    rc = db_exec(r->db,
                 "INSERT INTO calendar_feeds (user_id, token_hash) VALUES (?, ?) ON DUPLICATE "
                 "KEY UPDATE token_hash = VALUES(token_hash), created_at = CURRENT_TIMESTAMP",
                 "ls", r->user->id, hash);
    if (rc != DB_OK)
        return page_db_status(rc);
    vm = page_vm(r, "webinars.calendar.title");
    json_object_set_new(
        vm, "address",
        json_string(arena_printf(r->arena, "%s/calendar/%s.ics", r->app->cfg->base_url, text)));
    resp_header(r, "Cache-Control", "no-store");
    return page_render(r, "webinars/calendar", vm);
}
