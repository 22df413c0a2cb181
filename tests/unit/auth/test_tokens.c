/*
 * Token handling in auth/session.c and auth/csrf.c: the BLAKE2b-256 hash that
 * is all the database keeps of a session token, decoding cookie tokens, the
 * shape check and the constant-time compare csrf_check relies on.
 */
#include <string.h>

#include <sodium.h>

#include "auth/csrf.h"
#include "auth/session.h"
#include "testing.h"

static int suite_init(void)
{
    return sodium_init() < 0;
}

/* known answers, computed independently (Python hashlib.blake2b, digest_size=32) */
static void hash__known_vectors(void)
{
    unsigned char zero[32] = { 0 };
    char out[65];

    session_hash(zero, sizeof(zero), out);
    CU_ASSERT_STRING_EQUAL(out, "89eb0d6a8a691dae2cd15ed0369931ce0a949ecafa5c3f93f8121833646e15c3");
    session_hash(zero, 0, out);
    CU_ASSERT_STRING_EQUAL(out, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

static void hash__differs_per_token(void)
{
    unsigned char a[32] = { 0 }, b[32] = { 0 };
    char ha[65], hb[65];

    b[31] = 1;
    session_hash(a, sizeof(a), ha);
    session_hash(b, sizeof(b), hb);
    CU_ASSERT_EQUAL(strlen(ha), 64);
    CU_ASSERT_STRING_NOT_EQUAL(ha, hb);
}

static void decode__good(void)
{
    unsigned char raw[32], want[32];
    size_t i;

    for (i = 0; i < 32; i++)
        want[i] = (unsigned char)i;
    CU_ASSERT_EQUAL_FATAL(session_token_decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", raw),
                          0);
    CU_ASSERT_EQUAL(memcmp(raw, want, 32), 0);
    CU_ASSERT_EQUAL(session_token_decode("__________________________________________8", raw), 0);
    CU_ASSERT_EQUAL(raw[0], 0xff);
}

static void decode__bad(void)
{
    static const char *const bad[] = {
        "",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh",   /* 42 */
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8A", /* 44 */
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", /* padding */
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd+h8",  /* standard alphabet */
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd/h8",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd h8",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9", /* non-zero spare bits */
    };
    unsigned char raw[32];
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CU_ASSERT_EQUAL(session_token_decode(bad[i], raw), -1);
    CU_ASSERT_EQUAL(session_token_decode(NULL, raw), -1);
}

struct valid_case {
    const char *s;
    int want;
};

static const struct valid_case valid_cases[] = {
    { "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", 1 },
    { "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN-_0", 1 },
    { "", 0 },
    { "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh", 0 },
    { "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8A", 0 },
    { "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh=", 0 },
    { "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdH+8", 0 },
    { "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdH/8", 0 },
    { "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdH 8", 0 },
    { "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd\xc5\xb5", 0 },
    { "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdH\n8", 0 },
};

static void csrf__token_valid_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(valid_cases) / sizeof(valid_cases[0]); i++)
        CU_ASSERT_EQUAL(csrf_token_valid(valid_cases[i].s), valid_cases[i].want);
    CU_ASSERT_EQUAL(csrf_token_valid(NULL), 0);
}

/* csrf_check compares the two well-formed tokens with sodium_memcmp over
 * CSRF_TOKEN_LEN bytes: equality only, whichever byte differs */
static void csrf__constant_time_compare(void)
{
    char a[CSRF_TOKEN_LEN + 1] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    char b[CSRF_TOKEN_LEN + 1];
    size_t i;

    memcpy(b, a, sizeof(a));
    CU_ASSERT_EQUAL(sodium_memcmp(a, b, CSRF_TOKEN_LEN), 0);
    for (i = 0; i < CSRF_TOKEN_LEN; i++) {
        b[i] = b[i] == 'x' ? 'y' : 'x';
        CU_ASSERT_EQUAL(sodium_memcmp(a, b, CSRF_TOKEN_LEN), -1);
        b[i] = a[i];
    }
    /* not an ordering: a smaller and a larger byte both give -1 */
    b[0] = 'A' - 1;
    CU_ASSERT_EQUAL(sodium_memcmp(a, b, CSRF_TOKEN_LEN), -1);
    b[0] = 'B';
    CU_ASSERT_EQUAL(sodium_memcmp(a, b, CSRF_TOKEN_LEN), -1);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "hash__known_vectors", hash__known_vectors },
        { "hash__differs_per_token", hash__differs_per_token },
        { "decode__good", decode__good },
        { "decode__bad", decode__bad },
        { "csrf__token_valid_table", csrf__token_valid_table },
        { "csrf__constant_time_compare", csrf__constant_time_compare },
        { NULL, NULL },
    };

    test_add_suite_with("tokens", cases, suite_init, NULL);
}
