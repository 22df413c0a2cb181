/*
 * auth/totp.c: the RFC 6238 Appendix B test vectors (SHA-1, the last six
 * digits of the published eight), the window of one step either side and
 * the step a code belongs to, codes that are not six digits, the otpauth
 * URI and base32 key, and recovery codes (format, hashing ignores case and
 * hyphens, anything else refused). Also view/qrsvg.c: a QR code is an SVG
 * with its label escaped, and text it cannot hold gives NULL.
 */
#include <string.h>

#include "auth/totp.h"
#include "core/arena.h"
#include "testing.h"
#include "view/qrsvg.h"

/* "12345678901234567890", RFC 6238's SHA-1 key */
#define RFC_KEY "3132333435363738393031323334353637383930"

static void totp__rfc6238_vectors(void)
{
    static const struct {
        long long t;
        const char *code;
    } v[] = {
        { 59, "287082" },         { 1111111109, "081804" }, { 1111111111, "050471" },
        { 1234567890, "005924" }, { 2000000000, "279037" },
    };

    uint64_t step;

    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        CU_ASSERT(totp_check(RFC_KEY, v[i].code, (time_t)v[i].t, &step));
        CU_ASSERT_EQUAL(step, (uint64_t)(v[i].t / 30));
    }
    /* spaces allowed; a step either side accepted, two steps away not */
    CU_ASSERT(totp_check(RFC_KEY, "081 804", 1111111109, &step));
    CU_ASSERT(totp_check(RFC_KEY, "081804", 1111111109 + 30, &step));
    CU_ASSERT_EQUAL(step, (uint64_t)(1111111109 / 30));
    CU_ASSERT(totp_check(RFC_KEY, "081804", 1111111109 - 30, &step));
    CU_ASSERT(!totp_check(RFC_KEY, "081804", 1111111109 + 90, &step));
    CU_ASSERT(!totp_check(RFC_KEY, "081804", 1111111109 - 90, &step));
}

static void totp__bad_codes_and_keys(void)
{
    static const char *const bad[] = { "", "28708", "2870822", "28708a", "287-08", NULL };
    uint64_t step;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CU_ASSERT(!totp_check(RFC_KEY, bad[i], 59, &step));
    CU_ASSERT(!totp_check("zz", "287082", 59, &step));
    CU_ASSERT(!totp_check(NULL, "287082", 59, &step));
}

static void totp__uri_and_base32(void)
{
    struct arena a;
    char hex[TOTP_SECRET_HEX + 1], other[TOTP_SECRET_HEX + 1];

    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(totp_secret_base32(&a, RFC_KEY), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    CU_ASSERT_STRING_EQUAL(totp_uri(&a, RFC_KEY, "Dysgu", "a b@example.org"),
                           "otpauth://totp/Dysgu:a%20b%40example.org?secret="
                           "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Dysgu&algorithm=SHA1&digits=6"
                           "&period=30");
    totp_secret_new(hex);
    totp_secret_new(other);
    CU_ASSERT_EQUAL(strlen(hex), TOTP_SECRET_HEX);
    CU_ASSERT(strcmp(hex, other) != 0);
    arena_release(&a);
}

static void recovery__format_and_hash(void)
{
    char code[RECOVERY_CODE_LEN + 1], h1[RECOVERY_HASH_HEX + 1], h2[RECOVERY_HASH_HEX + 1];
    char typed[RECOVERY_CODE_LEN + 1];

    recovery_code_new(code);
    CU_ASSERT_EQUAL(strlen(code), RECOVERY_CODE_LEN);
    CU_ASSERT(code[4] == '-' && code[9] == '-');
    CU_ASSERT(recovery_code_like(code));
    CU_ASSERT_EQUAL(recovery_code_hash(code, h1), 0);
    {
        size_t n = 0;

        for (size_t i = 0; code[i]; i++) /* upper case, no hyphens */
            if (code[i] != '-')
                typed[n++] = (char)(code[i] >= 'a' && code[i] <= 'z' ? code[i] - 32 : code[i]);
        typed[n] = '\0';
    }
    CU_ASSERT_EQUAL(recovery_code_hash(typed, h2), 0);
    CU_ASSERT_STRING_EQUAL(h1, h2);
    CU_ASSERT(!recovery_code_like("123456"));
    CU_ASSERT(!recovery_code_like("abcd-efgh-jkm0")); /* 0 is not in the alphabet */
    CU_ASSERT(!recovery_code_like("abcd-efgh-jkmnp"));
    CU_ASSERT_EQUAL(recovery_code_hash("abcd", h1), -1);
}

static void qrsvg__svg_with_escaped_label(void)
{
    struct arena a;
    char *svg, big[QRSVG_MAX_INPUT + 2];

    arena_init(&a, 0);
    svg = qrsvg_render(&a, "otpauth://totp/x", 16, "a \"<b>\" & c");
    CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
    CU_ASSERT(!strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39));
    CU_ASSERT(strstr(svg, "aria-label=\"a &quot;&lt;b&gt;&quot; &amp; c\"") != NULL);
    CU_ASSERT(strstr(svg, "<path fill=\"#000\" d=\"M") != NULL);
    CU_ASSERT(!strcmp(svg + strlen(svg) - 6, "</svg>"));
    memset(big, 'x', sizeof(big));
    CU_ASSERT_PTR_NULL(qrsvg_render(&a, big, sizeof(big), "x"));
    CU_ASSERT_PTR_NULL(qrsvg_render(&a, "", 0, "x"));
    CU_ASSERT_PTR_NULL(qrsvg_render(&a, "a\0b", 3, "x"));
    arena_release(&a);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "totp__rfc6238_vectors", totp__rfc6238_vectors },
        { "totp__bad_codes_and_keys", totp__bad_codes_and_keys },
        { "totp__uri_and_base32", totp__uri_and_base32 },
        { "recovery__format_and_hash", recovery__format_and_hash },
        { "qrsvg__svg_with_escaped_label", qrsvg__svg_with_escaped_label },
        { NULL, NULL },
    };
    test_add_suite("auth/totp", cases);
}
