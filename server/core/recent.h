/*
 * recent: which keys (64-bit hashes) were noted lately, in a fixed table of
 * RECENT_SLOTS in sets of RECENT_WAYS: a key noted is found again until four
 * more keys of its set are noted after it, so a few hundred keys held at
 * once are never lost to each other (audit/every.c: a view audited at most
 * once per viewer every ten minutes). A lost key costs its user a repeat of
 * what it throttles, never a wrong answer.
 *
 *     static struct recent seen = RECENT_INIT;
 *     if (!recent_within(&seen, key, now, 600000)) { do it; recent_note(&seen, key, now); }
 *
 * Thread-safe; no init call.
 */
#pragma once

#include <pthread.h>

#define RECENT_SLOTS 4096
#define RECENT_WAYS  4

struct recent {
    pthread_mutex_t lock;

    struct recent_slot {
        unsigned long long key; /* 0: empty */
        long long at_ms;
    } slot[RECENT_SLOTS];
};

#define RECENT_INIT                                                                                \
    {                                                                                              \
        .lock = PTHREAD_MUTEX_INITIALIZER                                                          \
    }

/* 1 when key (not 0) was noted less than within_ms before now_ms, else 0. */
int recent_within(struct recent *t, unsigned long long key, long long now_ms, long long within_ms);

/* Note key (not 0) at now_ms, in place of the key of its set noted least lately. */
void recent_note(struct recent *t, unsigned long long key, long long now_ms);
