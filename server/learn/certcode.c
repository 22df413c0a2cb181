#include "learn/certcode.h"

#include <sodium.h>

const char certcode_alphabet[33] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void certcode_new(char out[CERTCODE_LEN + 1])
{
    unsigned char raw[CERTCODE_LEN];
    size_t i;

    randombytes_buf(raw, sizeof(raw));
    /* 256 is a multiple of 32, so the low five bits of a byte are uniform */
    for (i = 0; i < CERTCODE_LEN; i++)
        out[i] = certcode_alphabet[raw[i] & 31];
    out[CERTCODE_LEN] = '\0';
    sodium_memzero(raw, sizeof(raw));
}

/* The symbol c stands for when typed by a person, or 0 if none. */
static char symbol(char c)
{
    size_t i;

    if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    if (c == 'O')
        return '0';
    if (c == 'I' || c == 'L')
        return '1';
    for (i = 0; i < 32; i++)
        if (certcode_alphabet[i] == c)
            return c;
    return 0;
}

int certcode_normalise(const char *s, char out[CERTCODE_LEN + 1])
{
    size_t n = 0;

    if (!s)
        return -1;
    for (; *s; s++) {
        char c;

        if (*s == ' ' || *s == '\t' || *s == '-')
            continue;
        c = symbol(*s);
        if (!c || n == CERTCODE_LEN)
            return -1;
        out[n++] = c;
    }
    out[n] = '\0';
    return n == CERTCODE_LEN ? 0 : -1;
}

void certcode_grouped(const char code[CERTCODE_LEN + 1], char out[CERTCODE_LEN + 3])
{
    size_t i, o = 0;

    for (i = 0; i < CERTCODE_LEN && code[i]; i++) {
        if (i && i % 4 == 0)
            out[o++] = '-';
        out[o++] = code[i];
    }
    out[o] = '\0';
}
