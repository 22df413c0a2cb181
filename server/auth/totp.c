#include "totp.h"

#include <ctype.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/arena.h"

static const char recovery_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789"; /* 31: no 0 o 1 l i */

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_ready;

static void oath_start(void)
{
    oath_ready = oath_init() == OATH_OK;
}

void totp_secret_new(char hex[TOTP_SECRET_HEX + 1])
{
    unsigned char raw[TOTP_SECRET_LEN];

    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(hex, TOTP_SECRET_HEX + 1, raw, sizeof(raw));
    sodium_memzero(raw, sizeof(raw));
}

static int secret_raw(const char *hex, unsigned char raw[TOTP_SECRET_LEN])
{
    size_t n = 0;

    return hex && strlen(hex) == TOTP_SECRET_HEX &&
                   sodium_hex2bin(raw, TOTP_SECRET_LEN, hex, TOTP_SECRET_HEX, NULL, &n, NULL) ==
                       0 &&
                   n == TOTP_SECRET_LEN
               ? 0
               : -1;
}

char *totp_secret_base32(struct arena *a, const char *hex)
{
    unsigned char raw[TOTP_SECRET_LEN];
    char *b32 = NULL, *out;
    size_t len = 0;

    pthread_once(&oath_once, oath_start);
    if (!oath_ready || secret_raw(hex, raw) ||
        oath_base32_encode((const char *)raw, sizeof(raw), &b32, &len) != OATH_OK) {
        sodium_memzero(raw, sizeof(raw));
        return arena_strdup(a, "");
    }
    sodium_memzero(raw, sizeof(raw));
    while (len && b32[len - 1] == '=')
        len--;
    out = arena_strndup(a, b32, len);
    sodium_memzero(b32, len);
    free(b32);
    return out;
}

/* Percent-encode s for a URI path or query value (unreserved kept). */
static char *uri_enc(struct arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, 3 * n + 1), *o = out;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            *o++ = (char)c;
        else
            o += snprintf(o, 4, "%%%02X", c);
    }
    *o = '\0';
    return out;
}

char *totp_uri(struct arena *a, const char *hex, const char *issuer, const char *account)
{
    return arena_printf(a,
                        "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d"
                        "&period=%d",
                        uri_enc(a, issuer), uri_enc(a, account), totp_secret_base32(a, hex),
                        uri_enc(a, issuer), TOTP_DIGITS, TOTP_STEP);
}

int totp_check(const char *hex, const char *code, time_t now, uint64_t *step)
{
    unsigned char raw[TOTP_SECRET_LEN];
    char digits[TOTP_DIGITS + 1];
    size_t n = 0;
    int pos = 0, rc;

    *step = 0;
    for (; code && *code && n <= TOTP_DIGITS; code++) {
        if (*code == ' ' || *code == '-')
            continue;
        if (!isdigit((unsigned char)*code))
            return 0;
        if (n < TOTP_DIGITS)
            digits[n] = *code;
        n++;
    }
    pthread_once(&oath_once, oath_start);
    if (n != TOTP_DIGITS || !oath_ready || secret_raw(hex, raw))
        return 0;
    digits[n] = '\0';
    rc = oath_totp_validate3((const char *)raw, sizeof(raw), now, TOTP_STEP, 0, 1, &pos, step,
                             digits);
    sodium_memzero(raw, sizeof(raw));
    return rc >= 0;
}

void recovery_code_new(char out[RECOVERY_CODE_LEN + 1])
{
    size_t i, o = 0;

    for (i = 0; i < 12; i++) {
        if (i && i % 4 == 0)
            out[o++] = '-';
        out[o++] = recovery_alphabet[randombytes_uniform(sizeof(recovery_alphabet) - 1)];
    }
    out[o] = '\0';
}

/* The 12 characters of a typed code, lower case, or -1. */
static int recovery_norm(const char *typed, char out[13])
{
    size_t n = 0;

    for (; typed && *typed; typed++) {
        int c = tolower((unsigned char)*typed);

        if (c == ' ' || c == '-')
            continue;
        if (n == 12 || !strchr(recovery_alphabet, c))
            return -1;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return n == 12 ? 0 : -1;
}

int recovery_code_hash(const char *typed, char out[RECOVERY_HASH_HEX + 1])
{
    unsigned char h[32];
    char norm[13];

    if (recovery_norm(typed, norm))
        return -1;
    crypto_generichash(h, sizeof(h), (const unsigned char *)norm, 12, NULL, 0);
    sodium_bin2hex(out, RECOVERY_HASH_HEX + 1, h, sizeof(h));
    return 0;
}

int recovery_code_like(const char *typed)
{
    char norm[13];

    return recovery_norm(typed, norm) == 0;
}
