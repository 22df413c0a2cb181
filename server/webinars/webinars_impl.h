/* What only the webinars folder's own files share. */
#pragma once

#include <jansson.h>

#include "webinars/webinars.h"

struct req;

/* The shared part of a webinar (the same for every reader): title, when,
 * speaker, language, community, seats left, link. */
json_t *webinar_vm_card(struct req *r, const struct webinar *w);

/* The viewer's own part (their registration, queue place, offer, the panel
 * for ?done=): everything personal on the page, under "mine". */
json_t *webinar_vm_mine(struct req *r, const struct webinar *w, const struct webinar_mine *m);
