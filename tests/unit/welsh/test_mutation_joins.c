/*
 * No Welsh sentence assembled across a mutation: in locales/cy.json, a
 * {placeholder} must not stand right after a word that mutates the next one
 * ("i {date}" would need "i ddydd Llun", "yn {place}" "yng Nghaerdydd"), since
 * the code cannot mutate what it puts there. Rewrite such a string as a label
 * and a value ("Lleoliad: {place}") or a whole sentence per case.
 *
 * A placeholder may stand there only if it is safe: its value can never
 * begin with a letter that mutates. Safe are
 *   - the names in safe_names below: numbers, times and codes ({n} "3",
 *     {time} "14:30", {code} "7K3M-Q9TD-2XRB"), and any name ending in _url
 *     or _link (a web address);
 *   - one placeholder of one key in safe_in_key below, with the reason (what
 *     the code puts there).
 * A new safe name or key goes in these lists, with its reason, in review.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "testing.h"

/* Words after which the next word mutates (soft, nasal or aspirate), lower case. */
static const char *const mutating[] = {
    /* prepositions: soft */
    "i",
    "o",
    "ar",
    "am",
    "at",
    "gan",
    "heb",
    "dros",
    "drwy",
    "trwy",
    "wrth",
    "dan",
    "tan",
    "hyd",
    "tua",
    "gyda",
    "efo",
    "â",
    "a",
    "na",
    "ni",
    "neu",
    "pa",
    "mor",
    "rhy",
    "go",
    /* numbers */
    "un",
    "dau",
    "dwy",
    "tri",
    "tair",
    "chwe",
    "saith",
    "wyth",
    /* possessives and yn */
    "fy",
    "dy",
    "ei",
    "eu",
    "ein",
    "yn",
    "ym",
    "yng",
    /* the article: a feminine noun after it mutates */
    "y",
    "yr",
    NULL,
};

/* Clitics after an apostrophe that mutate the next word: i'r, o'r ('r: the
 * article), i'w ('w: his/her/their), a'i ('i), mae'n ('n: predicative yn),
 * a'm ('m), a'th ('th). */
static const char *const mutating_clitics[] = { "r", "w", "i", "n", "m", "th", NULL };

static const char *const safe_names[] = {
    "n",     "count",   "done", "total", "page", "pages", "percent", "position",
    "hours", "minutes", "time", "start", "end",  "id",    "code",    NULL,
};

static const struct {
    const char *key, *name, *why;
} safe_in_key[] = {
    { "learn.lesson.done_on", "date", "datefmt_date(): begins with the day number, '23 Tachwedd'" },
    { NULL, NULL, NULL },
};

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (!strcmp(*list, s))
            return 1;
    return 0;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);

    return n >= t && !strcmp(s + n - t, tail);
}

static int placeholder_safe(const char *key, const char *name)
{
    size_t i;

    if (in_list(safe_names, name) || ends_with(name, "_url") || ends_with(name, "_link"))
        return 1;
    for (i = 0; safe_in_key[i].key; i++)
        if (!strcmp(safe_in_key[i].key, key) && !strcmp(safe_in_key[i].name, name))
            return 1;
    return 0;
}

/* 1 if word (lower case, may hold apostrophes) mutates the word after it. */
static int word_mutates(const char *word)
{
    const char *apos = strrchr(word, '\'');

    if (in_list(mutating, word))
        return 1;
    return apos && in_list(mutating_clitics, apos + 1);
}

/*
 * The word just before s[at], when only spaces separate them, lower-cased
 * (ASCII) into buf with ’ as '; "" when something else (a quote, a bracket,
 * a colon, the start) comes first.
 */
static void word_before(const char *s, size_t at, char *buf, size_t cap)
{
    size_t end = at, start, o = 0;

    while (end && s[end - 1] == ' ')
        end--;
    buf[0] = '\0';
    if (end == at)
        return; /* no space: "‘{q}’", "({n})" */
    start = end;
    while (start) {
        unsigned char c = (unsigned char)s[start - 1];

        if (isalpha(c) || c == '\'' || c >= 0x80)
            start--;
        else
            break;
    }
    while (start < end && o + 1 < cap) {
        if (!strncmp(s + start, "\xe2\x80\x99", 3)) {
            buf[o++] = '\'';
            start += 3;
            continue;
        }
        buf[o++] = (char)tolower((unsigned char)s[start++]);
    }
    buf[o] = '\0';
}

/* Report each unsafe placeholder after a mutating word in text; the count. */
static int check_text(const char *file, const char *key, const char *text)
{
    const char *p = text;
    int bad = 0;

    while ((p = strchr(p, '{')) != NULL) {
        size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789_");
        char name[64], word[64];

        if (p[1 + n] != '}' || n == 0 || n >= sizeof(name)) {
            p++;
            continue;
        }
        memcpy(name, p + 1, n);
        name[n] = '\0';
        word_before(text, (size_t)(p - text), word, sizeof(word));
        if (*word && word_mutates(word) && !placeholder_safe(key, name)) {
            fprintf(stderr,
                    "\n  %s: %s: '%s {%s}': a placeholder after a word that mutates the "
                    "next one",
                    file, key, word, name);
            bad++;
        }
        p += n + 2;
    }
    return bad;
}

/* Every string under v (key path prefix), checked. */
static int check_tree(json_t *v, const char *prefix)
{
    const char *k;
    json_t *child;
    int bad = 0;

    if (json_is_string(v))
        return check_text("locales/cy.json", prefix, json_string_value(v));
    json_object_foreach(v, k, child)
    {
        char path[256];

        snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", k);
        bad += check_tree(child, path);
    }
    return bad;
}

static void mutation__no_placeholder_after_a_mutating_word(void)
{
    json_error_t err;
    json_t *cy = json_load_file(DYSGU_SOURCE_DIR "/locales/cy.json", 0, &err);
    int bad;

    CU_ASSERT_PTR_NOT_NULL_FATAL(cy);
    bad = check_tree(cy, "");
    if (bad)
        fprintf(stderr,
                "\n  %d strings join a placeholder to a mutating word: rewrite them "
                "(label and value, or a sentence per case) or mark the placeholder safe\n",
                bad);
    CU_ASSERT_EQUAL(bad, 0);
    json_decref(cy);
}

/* The check itself catches what it should (else the test above proves nothing). */
static void mutation__checker_catches(void)
{
    CU_ASSERT_EQUAL(check_text("planted", "t", "Croeso i {place}"), 1);
    CU_ASSERT_EQUAL(check_text("planted", "t", "Mae eich apwyntiad yn {town}."), 1);
    CU_ASSERT_EQUAL(check_text("planted", "t", "Mae lle i chi ar gyfer {cohort} yng {x}"), 1);
    CU_ASSERT_EQUAL(check_text("planted", "t", "Gwers {position} o'r {course}"), 1);
    CU_ASSERT_EQUAL(check_text("planted", "t", "Gwers {position} o\xe2\x80\x99r {course}"), 1);
    CU_ASSERT_EQUAL(check_text("planted", "t", "Mae'n {adjective} iawn"), 1);
    CU_ASSERT_EQUAL(check_text("planted", "t", "Tri {noun} a dau {noun}"), 2);
    CU_ASSERT_EQUAL(check_text("planted", "t", "{date} {start} i {end_date} {end}"), 1);
    /* safe: numbers, times, codes, addresses, label and value, quotes */
    CU_ASSERT_EQUAL(check_text("planted", "t", "Gwers {position} o {n}; {start} i {end}"), 0);
    CU_ASSERT_EQUAL(check_text("planted", "t", "Ewch i {reset_url} neu {login_link}"), 0);
    CU_ASSERT_EQUAL(
        check_text("planted", "t", "Lleoliad: {place}. Yn cyfateb i \xe2\x80\x98{q}\xe2\x80\x99"),
        0);
    CU_ASSERT_EQUAL(check_text("planted", "t", "Chi yw rhif {n} ar gyfer {cohort}"), 0);
    CU_ASSERT_EQUAL(check_text("planted", "learn.lesson.done_on", "ar {date}"), 0);
    CU_ASSERT_EQUAL(check_text("planted", "other.key", "ar {date}"), 1);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "mutation__checker_catches", mutation__checker_catches },
        { "mutation__no_placeholder_after_a_mutating_word",
          mutation__no_placeholder_after_a_mutating_word },
        { NULL, NULL },
    };
    test_add_suite("welsh/mutation_joins", cases);
}
