/*
 * forumgen: the forum generation (issue 22), in its own header so that
 * every store file of the forums can move it. What is kept of the forums
 * for a signed-in reader (forum_kept.c) is read again once it moves.
 */
#pragma once

#include "db/db.h"

/* The forum generation: moved (forum_gen_bump()) by every store function
 * that changes what a thread, a community or a moderation page shows
 * (posts, threads, reports, reviews, edits, mentions, mutes, membership),
 * after its commit, whichever page, API call or CLI command called it. */
unsigned long long forum_gen_get(void);
void forum_gen_bump(void);

/* rc, the forum generation moved first when it is DB_OK (a commit's). */
enum db_rc forum_gen_after(enum db_rc rc);
