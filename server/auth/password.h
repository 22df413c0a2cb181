/*
 * password: Argon2id hashing with libsodium (reference/security.md section 2)
 * and the password policy (ASVS 6.2, security.md 1.1).
 *
 * Interactive limits (t=2, 64 MiB); hashes are 128-byte ASCII strings. Every
 * password is NFKC-normalised before it is checked, hashed or verified, so the
 * same text typed two ways (precomposed or combining accents) is one password.
 *
 * Argon2id needs 64 MiB for each hash, so hashing from requests goes through
 * pw_hash_limited/pw_verify_limited, which let only as many run at once as
 * there are cores; the rest wait up to 2 s and then report "busy".
 */
#pragma once

#include <stddef.h>

struct arena;

#define PW_HASH_LEN 128 /* crypto_pwhash_STRBYTES, including the NUL */

#define PW_MIN_CHARS 8    /* code points */
#define PW_MAX_BYTES 1024 /* after NFKC */

enum pw_problem {
    PW_OK = 0,
    PW_INVALID,          /* not valid UTF-8 or has control characters */
    PW_TOO_SHORT,        /* < 8 code points */
    PW_TOO_LONG,         /* > 1024 bytes after NFKC */
    PW_COMMON,           /* on the common-passwords list */
    PW_CONTAINS_SERVICE, /* contains one of the service's names (Dysgu, Cymru, Wales...) */
    PW_CONTEXT,          /* contains a word of the person's own name or e-mail address */
};

/* Hash pw into out. 0, or -1 when memory for the hash could not be had. */
int pw_hash(char out[PW_HASH_LEN], const char *pw, size_t len);

/* 1 if pw matches the stored hash, 0 otherwise (also for a malformed hash). */
int pw_verify(const char *stored, const char *pw, size_t len);

/* 1 if stored was made with other limits than today's and should be redone. */
int pw_needs_rehash(const char *stored);

/* Fill out (size >= 21) with a random 20-character password for one-time use. */
void pw_random(char *out, size_t size);

/*
 * NFKC-normalise pw (ICU unorm2_getNFKCInstance) into the arena; NULL when pw
 * is not valid UTF-8 (or is longer than any password could usefully be, 64 KiB).
 * Set and verify both go through this, so "tŷ" typed precomposed or as
 * t + y + U+0302 is the same password. The result is NUL-terminated, its byte
 * length in *out_len; allocated in a, valid until a is reset.
 */
char *pw_normalise(struct arena *a, const char *pw, size_t len, size_t *out_len);

/*
 * Policy on a normalised password (ASVS 6.2): 8..1024, never truncated, no
 * composition rules; refused if on the common list (compared case-insensitively)
 * or if it contains the service's name. Control characters (C0, DEL, C1) make
 * it PW_INVALID. Checks in this order: INVALID, TOO_SHORT, TOO_LONG,
 * CONTAINS_SERVICE, COMMON.
 */
enum pw_problem pw_check_policy(const char *normalised, size_t len);

/*
 * Context words (ASVS 6.2.11): PW_CONTEXT when the normalised password
 * contains, ignoring case (ICU full folding), a word of at least
 * PW_CONTEXT_MIN code points from one of the n strings in context (the
 * person's name, their e-mail address); words are split at ASCII that is not
 * a letter, so "Siân Lewis" gives "siân" and "lewis", "jo.jones@llyw.cymru"
 * gives "jones" and "llyw" (and "jo", too short to count). PW_OK otherwise.
 */
#define PW_CONTEXT_MIN 4
enum pw_problem pw_check_context(const char *normalised, size_t len, const char *const *context,
                                 size_t n);

/*
 * Load the common list once at start (sorted array + bsearch): one password a
 * line, '#' starts a comment line, blank lines ignored, entries lowercased.
 * 0, or -1 if unreadable. pw_check_policy works (without the list) if never
 * loaded. Owned by the module until pw_policy_free(). Not thread-safe: call
 * before threads start.
 */
int pw_policy_load(const char *path);

/*
 * Add the entries of a second list in the same format (the breached-password
 * list, docs/security.md 6.2.12) to the loaded one: still one sorted array, so
 * a check stays one bsearch. Returns how many entries the file held, or -1
 * (logged) if it is unreadable, the list loaded before staying as it was.
 * Not thread-safe: call before threads start.
 */
long pw_policy_add(const char *path);

void pw_policy_free(void);

/*
 * Argon2id limited to as many at once as there are cores
 * (sysconf(_SC_NPROCESSORS_ONLN), each needs 64 MiB): a counting semaphore;
 * waits up to 2 s for a slot; returns -2 when busy (the caller answers 503 with
 * Retry-After).
 *
 * pw_hash_limited: 0 ok, -1 out of memory, -2 busy.
 * pw_verify_limited: 1 match, 0 no match, -2 busy. stored == NULL verifies
 * against a dummy hash made at first use with the current limits, so an unknown
 * e-mail costs the same time (and always answers 0). Stored hashes whose m or t
 * exceed a ceiling (m > 256 MiB or t > 10) are refused (0) without verifying.
 * pw is hashed as given: pass the pw_normalise() result.
 */
int pw_hash_limited(char out[PW_HASH_LEN], const char *pw, size_t len);
int pw_verify_limited(const char *stored, const char *pw, size_t len);

/* Slots of the semaphore (cores online, at least 1). */
int pw_slots(void);

/*
 * Take one slot of the same semaphore, waiting up to timeout_ms: 0, or -1 when
 * none came free. For other work that needs as much memory as a hash, and for
 * tests that hold the slots. Every 0 needs one pw_slot_release().
 */
int pw_slot_acquire(int timeout_ms);
void pw_slot_release(void);
