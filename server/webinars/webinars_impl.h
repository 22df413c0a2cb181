/* What only the webinars folder's own files share. */
#pragma once

#include <jansson.h>

#include "app/page_kept.h"
#include "seats/seats.h"
#include "webinars/webinars.h"

struct req;
struct page_errors;

/* The columns webinar_read_list reads (store.c), from webinars w and
 * communities c; the caller adds WHERE and ORDER BY. */
#define WEBINAR_COLUMNS WEBINAR_COLUMNS_FROM("webinars w ")

/* The same from webinars w with an index hint: from_w is "webinars w ..." */
#define WEBINAR_COLUMNS_FROM(from_w)                                                               \
    "SELECT w.id, w.slug, w.title_cy, w.title_en, w.summary_cy, w.summary_en, c.name_cy, "         \
    "c.name_en, w.speaker, w.language, w.interpretation, w.audience = 'members', w.cancelled, "    \
    "w.starts_at, w.duration_min, w.capacity, w.taken, w.sequence, c.slug, w.recording_url, "      \
    "w.slides_url, w.audience FROM " from_w "LEFT JOIN communities c ON c.id = w.community_id "

/* At most max webinars of st's result into *out (arena a); st is done after. */
enum db_rc webinar_read_list(struct db_stmt *st, struct arena *a, int max, struct webinar **out,
                             size_t *n);

/* The shared part of a webinar (the same for every reader): title, when,
 * speaker, language, community, seats left, link. */
json_t *webinar_vm_card(struct req *r, const struct webinar *w);

/* The viewer's own part (their registration, queue place, offer, the panel
 * for ?done=): everything personal on the page, under "mine". */
json_t *webinar_vm_mine(struct req *r, const struct webinar *w, const struct webinar_mine *m);

/* The webinar as a seat pool (store.c), and its hook: the person is told. */
extern const struct seat_pool webinar_seats;
enum db_rc webinar_seat_event(void *ctx, struct db *db, const struct seat_event *e);

/* The manage form read and checked (form.c): problems into err, at the
 * ids of their inputs; in keeps what was typed. with_slug: a new webinar. */
void webinar_form_read(struct req *r, struct webinar_input *in, struct page_errors *err,
                       int with_slug);

/* SQL: the names of the speakers of the webinar whose id is id_sql, in order,
 * joined ("A, B"; "" when none): what webinars.speaker holds. */
#define WEBINAR_SPEAKER_NAMES(id_sql)                                                              \
    "(SELECT COALESCE(GROUP_CONCAT(name ORDER BY position SEPARATOR ', '), '') FROM "              \
    "webinar_speakers WHERE webinar_id = " id_sql ")"

/* 1 if every field of s is empty: a fieldset of the form left blank. */
int webinar_speaker_blank(const struct webinar_speaker *s);

/* Replace webinar_id's speakers with the ones of in that are not blank, in
 * order, and set webinars.speaker to their names joined: in the caller's
 * transaction (store_speakers.c). */
enum db_rc webinar_speakers_write(struct db *db, long long webinar_id,
                                  const struct webinar_input *in);

/* The speakers of s[0..n) as the page shows them: name, role and bio in the
 * reader's language (the other, marked with its lang, when only that one is
 * written), organisation, the bio as paragraphs (vm.c). */
json_t *webinar_vm_speakers(struct req *r, const struct webinar_speaker *s, size_t n);

/* One row of the list's grouped count (store_list.c): visible webinars by
 * community (slug "" for none), language and audience (the ENUMs' 1-based
 * indexes). */
struct webinar_facet_row {
    const char *slug, *name_cy, *name_en;
    int lang, aud;
    long long n;
};

#define WEBINAR_FACET_ROWS 512 /* communities x 3 x 3, with room */

/* Every visible webinar grouped into *rows[0..*n) (store_list.c), in a. */
enum db_rc webinar_store_facet_rows(struct db *db, struct arena *a, struct webinar_facet_row **rows,
                                    size_t *n);

/* The same, kept in memory (facets_kept.c, core/kept): the same for every
 * filter, so one statement serves every list page for RENDERCACHE_TTL_MS,
 * or until rendercache_forget() (a change in this process). The rows are
 * shared (read only) and valid until a is reset. */
enum db_rc webinar_facets_kept(struct db *db, struct arena *a,
                               const struct webinar_facet_row **rows, size_t *n);

/* --- writes.c: what a change moves (issue 22) ----------------------- */

/* The webinars' generation (never 0): moved by webinar_writes_touch(). */
unsigned long long webinar_gen(void);

/* What a kept value of person_id's that shows webinars is read under: their
 * generation (core/persongen.h) and the webinars'. */
unsigned long long webinar_kept_gen(long long person_id);

/* After the commit of a change to webinars, from every write path of the
 * folder: the webinars' generation moves (every kept page of the folder
 * reads it), and the people whose own pages (/me, their feed) show the
 * change are touched (persongen_touch()): everyone with a registration on
 * webinar_id (itself, its speakers, time, seats or attendance changed; 0:
 * none), and on each webinar whose seats m's seat events passed on (a seat
 * promoted or offered, an offer lapsed; m may be NULL). When they cannot be
 * read, everyone is. */
void webinar_writes_touch(struct db *db, const struct webinar_mailer *m, long long webinar_id);

/* --- kept.c: what is kept of one person's (issue 22) ----------------- */

/* A webinar and the reader's registration (the webinar page's mine hook). */
struct webinar_loaded {
    struct webinar w;
    struct webinar_mine m;
};

/* A webinar an organiser may change, with its speakers (the edit form) or
 * its people (the people page and export). */
struct webinar_owned {
    struct webinar w;
    struct webinar_speaker speakers[WEBINAR_SPEAKERS_MAX];
    size_t n_speakers;
    struct webinar_person *people;
    size_t n_people;
};

/* The webinar of slug and the signed-in reader's registration, kept under
 * webinar_kept_gen(): a copy into *out whose strings are valid until
 * r->arena is reset; DB_NOT_FOUND for no such webinar (never kept). */
enum db_rc webinar_kept_mine(struct req *r, const char *slug, struct webinar_loaded *out);

/* The webinar of slug if the signed-in reader may change it, with its people
 * (with_people) or its speakers, kept as above: *out shared, read only,
 * valid until r->arena is reset; DB_NOT_FOUND unknown or not theirs. */
enum db_rc webinar_kept_owned(struct req *r, const char *slug, int with_people,
                              const struct webinar_owned **out);

/* Managing webinars (pages_manage.c), shared with its people's pages
 * (pages_people.c). */
int webinar_manager_is_admin(const struct req *r);

/* /{lang}/manage/webinars[/{slug}]{rest} in r's language. */
const char *webinar_manage_path(struct req *r, const char *slug, const char *rest);

/* The webinar of {slug} if the viewer may manage it: 0 or 404/503. */
int webinar_manage_load(struct req *r, struct webinar *w);

/* The same for a page (GET), kept (kept.c): with its people or its
 * speakers; *o valid until the request ends. */
int webinar_manage_load_kept(struct req *r, int with_people, const struct webinar_owned **o);

/*
 * A page the same for every manager who may see it (its reader's right to is
 * checked before): without a query it is rendered once and kept for all of
 * them at gen (app/page_kept.h page_kept_shared(), scope 0), each reader's
 * own CSRF token put in its forms; with one (?saved=, a flash) it is
 * rendered for the reader alone. Returns as page_kept_shared().
 */
int webinar_manage_render(struct req *r, struct kept_table *t, unsigned long long gen,
                          page_build_fn *build);
