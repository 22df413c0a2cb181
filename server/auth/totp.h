/*
 * totp: time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps,
 * 6 digits, what every authenticator app reads from an otpauth:// QR code)
 * checked with liboath, and the single-use recovery codes (issue 23 finding
 * 4, ASVS 6.3.3, 6.5.x). Pure apart from the random numbers: the store keeps
 * the secret and the last step used, so a code is never accepted twice.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;

#define TOTP_SECRET_LEN   20 /* bytes (160 bits, RFC 4226's recommendation) */
#define TOTP_SECRET_HEX   (2 * TOTP_SECRET_LEN)
#define TOTP_STEP         30 /* seconds */
#define TOTP_DIGITS       6
#define RECOVERY_CODES    10
#define RECOVERY_CODE_LEN 14 /* "abcd-efgh-jkmn": 12 characters of 31 (59 bits) */
#define RECOVERY_HASH_HEX 64

/* A new random secret, as hex (TOTP_SECRET_HEX + 1 bytes). */
void totp_secret_new(char hex[TOTP_SECRET_HEX + 1]);

/* The secret as base32 without padding (what a person types into an app), in a. */
char *totp_secret_base32(struct arena *a, const char *hex);

/* otpauth://totp/<issuer>:<account>?secret=...&issuer=... for the QR code, in a. */
char *totp_uri(struct arena *a, const char *hex, const char *issuer, const char *account);

/*
 * 1 when code (6 digits; spaces allowed) is right for the secret at now
 * within one step either side, with *step the time step it belongs to;
 * 0 otherwise. The caller refuses a step at or before the last one used.
 */
int totp_check(const char *hex, const char *code, time_t now, uint64_t *step);

/* A new recovery code, "xxxx-xxxx-xxxx" from an alphabet without 0/o, 1/l/i. */
void recovery_code_new(char out[RECOVERY_CODE_LEN + 1]);

/* The stored hash of a recovery code as typed (case, spaces and hyphens
 * ignored); 0, or -1 when it cannot be one. */
int recovery_code_hash(const char *typed, char out[RECOVERY_HASH_HEX + 1]);

/* 1 when what a person typed looks like a recovery code rather than a TOTP code. */
int recovery_code_like(const char *typed);
