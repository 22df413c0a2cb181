#include "auth/token.h"

#include <sodium.h>

#include "auth/session.h"

void token_new(char text[TOKEN_TEXT_LEN + 1], char hash[TOKEN_HASH_HEX + 1])
{
    unsigned char raw[32];

    randombytes_buf(raw, sizeof(raw));
    session_hash(raw, sizeof(raw), hash);
    sodium_bin2base64(text, TOKEN_TEXT_LEN + 1, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

int token_hash(const char *text, char hash[TOKEN_HASH_HEX + 1])
{
    unsigned char raw[32];

    hash[0] = '\0';
    if (!text || session_token_decode(text, raw))
        return -1;
    session_hash(raw, sizeof(raw), hash);
    sodium_memzero(raw, sizeof(raw));
    return 0;
}
