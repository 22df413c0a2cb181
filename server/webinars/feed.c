/*
 * A person's private calendar feed: GET /calendar/{token}.ics holds the
 * webinars they have a place on (or are offered) and the sessions of the
 * cohorts they learn in or run (trainer_feed_sessions), as one calendar
 * (ics.c). The address is a token (auth/token.h) kept only as its hash in
 * calendar_feeds; POST /{lang}/me/calendar makes a new one, which is shown
 * once, and the old one finds nothing from then on (404).
 */
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "auth/session.h"
#include "auth/token.h"
#include "core/arena.h"
#include "core/kepttable.h"
#include "core/persongen.h"
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

static const char *const sql_owner = "SELECT user_id FROM calendar_feeds WHERE token_hash = ?";

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

/*
 * Kept (issue 22, core/kepttable.h): which person an address is (by its
 * hash, read under the addresses' generation, moved when one is made or
 * reset here), and each person's finished calendar, read under
 * webinar_kept_gen(): their own changes (a registration, their language),
 * a webinar this process changes (webinar_writes_touch()) and a cohort
 * session their trainer moves (trainer/ touches its learners and trainers)
 * show at once; anything else within PERSON_KEPT_TTL_MS.
 */
static atomic_ullong feeds_gen = 1;

/* What the loaders need: the request's parts, the address's hash, its owner. */
struct feed_arg {
    struct db *db;
    const struct app *app;
    const char *hash;
    long long user_id;
};

static int load_owner(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct feed_arg *k = arg;
    long long *user_id = arena_alloc(a, sizeof(*user_id));
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(k->db, &st, sql_owner, "s", k->hash);

    if (rc == DB_OK)
        rc = db_row_next(st, NULL, "l", user_id);
    db_done(st);
    *value = user_id;
    *size = sizeof(*user_id);
    return (int)rc;
}

/* The calendar of the address k->hash, if it is still k->user_id's: the
 * text (its length in *size), or DB_NOT_FOUND. */
static int load_calendar(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct feed_arg *k = arg;
    char *lang = NULL;
    long long user_id = 0;
    struct webinar *w = NULL;
    size_t n = 0, i;
    struct webinar_ics c = { k->app->cfg->base_url, LANG_CY, time(NULL), NULL };
    struct feed f = { a, &c, NULL, 0 };
    time_t since = c.now - (time_t)FEED_PAST_DAYS * 86400;
    const char *text;
    enum db_rc rc = owner_webinars(k->db, a, k->hash, since, &user_id, &lang, &w, &n);

    *value = NULL;
    *size = 0;
    if (rc == DB_OK && user_id != k->user_id)
        rc = DB_NOT_FOUND; /* reset meanwhile */
    if (rc != DB_OK)
        return (int)rc;
    c.lang = lang && !strcmp(lang, "en") ? LANG_EN : LANG_CY;
    c.speakers_label = i18n_text(k->app->i18n, c.lang, "webinars.speakers_heading");
    f.v = arena_alloc(a, sizeof(*f.v) * FEED_ENTRIES_MAX);
    for (i = 0; i < n; i++)
        webinar_ics_event_of(a, &c, &w[i], &f.v[f.n++]);
    if ((rc = trainer_feed_sessions(k->db, a, user_id, since, FEED_SESSIONS_MAX, add_session,
                                    &f)) != DB_OK)
        return (int)rc;
    if (!(text = webinar_ics_events(a, &c, f.v, f.n)))
        return (int)DB_ERROR;
    *value = text;
    *size = strlen(text);
    return (int)DB_OK;
}

#define FEED_SLOTS 1024

static struct kept_table owners = KEPT_TABLE_INIT(load_owner, PERSON_KEPT_TTL_MS, FEED_SLOTS);
static struct kept_table calendars = KEPT_TABLE_INIT(load_calendar, PERSON_KEPT_TTL_MS, FEED_SLOTS);

/* GET /calendar/{token}.ics — 200 text/calendar; 404 for an unknown or
 * reset address (or one without ".ics"); 500 when libical cannot read back
 * what was written; 503 without the database. */
int webinar_page_calendar(struct req *r)
{
    const char *raw = req_param(r, "token");
    size_t len = raw ? strlen(raw) : 0, size = 0;
    char hash[TOKEN_HASH_HEX + 1];
    struct feed_arg k = { r->db, r->app, hash, 0 };
    const void *v = NULL;
    int rc;

    if (len != TOKEN_TEXT_LEN + 4 || strcmp(raw + TOKEN_TEXT_LEN, ".ics") ||
        token_hash(arena_strndup(r->arena, raw, TOKEN_TEXT_LEN), hash))
        return 404;
    rc = kept_table_get(r->arena, &owners, hash, strlen(hash), atomic_load(&feeds_gen), &k, &v,
                        &size);
    if (rc != DB_OK)
        return page_status((enum db_rc)rc);
    k.user_id = *(const long long *)v;
    rc = kept_table_get(r->arena, &calendars, &k.user_id, sizeof(k.user_id),
                        webinar_kept_gen(k.user_id), &k, &v, &size);
    if (rc != DB_OK)
        return page_status((enum db_rc)rc);
    resp_header(r, "Cache-Control", "private, no-store");
    resp_header(r, "X-Robots-Tag", "noindex");
    return resp_send(r, 200, "text/calendar; charset=utf-8", v, size);
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
    atomic_fetch_add(&feeds_gen, 1); /* the old address finds nobody from now on */
    vm = page_vm(r, "webinars.calendar.title");
    json_object_set_new(
        vm, "address",
        json_string(arena_printf(r->arena, "%s/calendar/%s.ics", r->app->cfg->base_url, text)));
    resp_header(r, "Cache-Control", "no-store");
    return page_render(r, "webinars/calendar", vm);
}
