/* What only the webinars folder's own files share. */
#pragma once

#include <jansson.h>

#include "seats/seats.h"
#include "webinars/webinars.h"

struct req;
struct page_errors;

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
