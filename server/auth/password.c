#include "password.h"

#include <string.h>

#include <sodium.h>

int pw_hash(char out[PW_HASH_LEN], const char *pw, size_t len)
{
    return crypto_pwhash_str(out, pw, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE)
               ? -1
               : 0;
}

/* the prototypes read a full crypto_pwhash_STRBYTES: copy into a zeroed buffer */
static int load(char buf[PW_HASH_LEN], const char *stored)
{
    size_t n = strlen(stored);

    if (n >= PW_HASH_LEN)
        return -1;
    memset(buf, 0, PW_HASH_LEN);
    memcpy(buf, stored, n);
    return 0;
}

int pw_verify(const char *stored, const char *pw, size_t len)
{
    char buf[PW_HASH_LEN];

    if (load(buf, stored))
        return 0;
    return crypto_pwhash_str_verify(buf, pw, len) == 0;
}

int pw_needs_rehash(const char *stored)
{
    char buf[PW_HASH_LEN];

    if (load(buf, stored))
        return 1;
    return crypto_pwhash_str_needs_rehash(buf, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

void pw_random(char *out, size_t size)
{
    /* no look-alikes (0/O, 1/l/I) so it can be read out and typed */
    static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    size_t i, n = size - 1 < 20 ? size - 1 : 20;

    for (i = 0; i < n; i++)
        out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
    out[n] = '\0';
}
