#include "acceptlang.h"

#include "core/lang.h"
#include "http/qlist.h"

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 1 if s[0..len) is 1*8ALPHA *("-" 1*8alphanum) (RFC 4647 section 2.1). */
static int range_ok(const char *s, size_t len)
{
    size_t i, run = 0, seg = 0;

    for (i = 0; i <= len; i++) {
        if (i == len || s[i] == '-') {
            if (run == 0 || run > 8)
                return 0;
            run = 0;
            seg++;
            continue;
        }
        if (!is_alpha(s[i]) && (seg == 0 || !is_digit(s[i])))
            return 0;
        run++;
    }
    return 1;
}

/* LANG_CY / LANG_EN if the range's primary subtag is cy / en, else -1. */
static int range_lang(const char *s, size_t len)
{
    char a, b;

    if (len < 2 || (len > 2 && s[2] != '-'))
        return -1;
    a = (char)(s[0] | 0x20); /* ASCII letters only, checked by range_ok() */
    b = (char)(s[1] | 0x20);
    if (a == 'c' && b == 'y')
        return LANG_CY;
    if (a == 'e' && b == 'n')
        return LANG_EN;
    return -1;
}

int acceptlang_pick(const char *header)
{
    size_t len = qlist_bound(header, ACCEPTLANG_MAX), pos = 0;
    struct qlist_item it;
    int best = -1, best_q = 0;

    if (!header)
        return -1;
    while (qlist_next(header, len, &pos, &it)) {
        int lang;

        if (!range_ok(it.name, it.name_len))
            continue;
        lang = range_lang(it.name, it.name_len);
        if (lang >= 0 && it.q > best_q) {
            best = lang;
            best_q = it.q;
        }
    }
    return best;
}
