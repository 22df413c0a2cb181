/*
 * password: Argon2id hashing with libsodium (reference/security.md section 2).
 * Interactive limits (t=2, 64 MiB); hashes are 128-byte ASCII strings.
 */
#pragma once

#include <stddef.h>

#define PW_HASH_LEN 128 /* crypto_pwhash_STRBYTES, including the NUL */

/* Hash pw into out. 0, or -1 when memory for the hash could not be had. */
int pw_hash(char out[PW_HASH_LEN], const char *pw, size_t len);

/* 1 if pw matches the stored hash, 0 otherwise (also for a malformed hash). */
int pw_verify(const char *stored, const char *pw, size_t len);

/* 1 if stored was made with other limits than today's and should be redone. */
int pw_needs_rehash(const char *stored);

/* Fill out (size >= 21) with a random 20-character password for one-time use. */
void pw_random(char *out, size_t size);
