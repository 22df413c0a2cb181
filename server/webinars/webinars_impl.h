/* What only the webinars folder's own files share. */
#pragma once

#include <jansson.h>

#include "seats/seats.h"
#include "webinars/webinars.h"

struct req;
struct page_errors;

/* The columns webinar_read_list reads (store.c), from webinars w and
 * communities c; the caller adds WHERE and ORDER BY. */
#define WEBINAR_COLUMNS                                                                            \
    "SELECT w.id, w.slug, w.title_cy, w.title_en, w.summary_cy, w.summary_en, c.name_cy, "         \
    "c.name_en, w.speaker, w.language, w.interpretation, w.audience = 'members', w.cancelled, "    \
    "w.starts_at, w.duration_min, w.capacity, w.taken, w.sequence, c.slug, w.recording_url, "      \
    "w.slides_url, w.audience FROM webinars w "                                                    \
    "LEFT JOIN communities c ON c.id = w.community_id "

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
