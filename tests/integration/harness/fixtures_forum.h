/*
 * fixtures_forum: the forum threads the communities tests start
 * (tests/integration/communities/): through the page, as a member would,
 * or straight into the tables when a test needs a thread without the
 * watching, counters and notifications posting brings. Call fx_init()
 * first; the person must be a member of the community.
 */
#pragma once

#include "client.h"
#include "fixtures.h"

/* A new thread started by s in community slug through its form (POST
 * /cy/communities/{slug}/threads, the CSRF token with it), title and
 * body as typed, written in lang ("cy" or "en"): the thread's id. An
 * answer other than 303 fails the test (0). */
long long fx_forum_thread(const struct server *srv, const struct fx_session *s, const char *slug,
                          const char *title, const char *body, const char *lang);

/* user a member of community with posts posts to their name (20: past the
 * review queue and the new members' rate limit; 0: a new member): 0, or -1
 * when the row could not be written. */
int fx_forum_member(long long community, long long user, int posts);

/* The first post of thread (its opening post), or 0. */
long long fx_forum_first_post(long long thread);

/* A published thread in community by author with one post (body, Welsh),
 * straight into forum_threads and forum_posts: no watching, notification,
 * search fold or member count. The thread's id, or 0 (the reason on
 * stderr). */
long long fx_forum_thread_row(long long community, long long author, const char *title,
                              const char *body);
