/*
 * The Welsh glossary, enforced: every "avoid" phrase of locales/glossary.json
 * is looked for, as whole words in any case (’ read as '), in the places its
 * "where" names, and each hit is printed as FILE:LINE with the term to use.
 *
 *   locales    locales/cy.json, the values only (keys and {placeholders} are
 *              code, not Welsh)
 *   catalogue  courses/<slug>/course.json and courses/pathways.json, their
 *              Welsh sides only: a "cy": "..." line or the lines of a "cy": [
 *              array (the files are written one field a line)
 *   lessons    courses/<slug>/lessons/NN-name.cy.md, leaving out the phrases
 *              marked English, [...]{lang=en}
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "testing.h"

enum where { WHERE_LOCALES = 1, WHERE_CATALOGUE = 2, WHERE_LESSONS = 4 };

#define MAX_HIT_LINES 16

/* What one scan found: how many hits, and the first lines they were on. */
struct hits {
    int n;
    int lines[MAX_HIT_LINES];
};

static unsigned where_bit(const char *name)
{
    return !strcmp(name, "locales")     ? WHERE_LOCALES
           : !strcmp(name, "catalogue") ? WHERE_CATALOGUE
           : !strcmp(name, "lessons")   ? WHERE_LESSONS
                                        : 0;
}

/* 1 if the UTF-8 character starting at s is a letter or digit (punctuation
 * U+0080-U+00BF and U+2000-U+206F, such as ’ “ – and no-break space, is not). */
static int letter_at(const unsigned char *s)
{
    if (*s < 0x80)
        return isalnum(*s);
    if (*s == 0xC2)
        return 0;
    if (*s == 0xE2 && (s[1] == 0x80 || s[1] == 0x81))
        return 0;
    return *s >= 0xC0;
}

/* 1 if the character just before s[pos] is a letter. */
static int letter_before(const unsigned char *s, size_t pos)
{
    if (!pos)
        return 0;
    pos--;
    while (pos && (s[pos] & 0xC0) == 0x80)
        pos--;
    return letter_at(s + pos);
}

/* s as matched: ASCII lower case, ’ as '. Into out (at least strlen(s) + 1). */
static void normalise(const char *s, char *out)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p) {
        if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99) {
            *out++ = '\'';
            p += 3;
            continue;
        }
        *out++ = (char)(*p < 0x80 ? tolower(*p) : *p);
        p++;
    }
    *out = '\0';
}

/* The number of whole-word occurrences of phrase (normalised) in text (normalised). */
static int count_phrase(const char *text, const char *phrase)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t len = strlen(phrase);
    int first_letter = letter_at((const unsigned char *)phrase);
    int last_letter = len && letter_before((const unsigned char *)phrase, len);
    const char *p = text;
    int n = 0;

    while (len && (p = strstr(p, phrase)) != NULL) {
        size_t at = (size_t)(p - text);

        if ((!first_letter || !letter_before(t, at)) && (!last_letter || !letter_at(t + at + len)))
            n++;
        p++;
    }
    return n;
}

/* Blank s[from..to) with spaces. */
static void blank(char *s, size_t from, size_t to)
{
    memset(s + from, ' ', to - from);
}

/* Blank every [...]{lang=en} span, brackets and mark included. */
static void blank_english(char *s)
{
    static const char mark[] = "]{lang=en}";
    char *m;

    while ((m = strstr(s, mark)) != NULL) {
        size_t end = (size_t)(m - s), i = end;
        int depth = 0;

        while (i > 0) {
            i--;
            if (s[i] == ']')
                depth++;
            else if (s[i] == '[' && depth-- == 0)
                break;
        }
        if (s[i] == '[' && depth < 0)
            blank(s, i, end + sizeof(mark) - 1);
        else
            blank(s, end, end + sizeof(mark) - 1); /* no "[": the mark alone */
    }
}

/* Blank every {placeholder} (lower-case letters, digits and '_'). */
static void blank_placeholders(char *s)
{
    char *p = s;

    while ((p = strchr(p, '{')) != NULL) {
        size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789_");

        if (p[1 + n] == '}')
            blank(s, (size_t)(p - s), (size_t)(p - s) + n + 2);
        p++;
    }
}

/* A JSON line's value: what follows the first '": ' (a key), else the line. */
static char *json_value(char *line)
{
    char *v = strstr(line, "\": ");

    return v ? v + 3 : line;
}

/* Catalogue files: 1 if line is Welsh text. *state: 0, 'c' in a "cy" array,
 * 'e' in an "en" array. */
static int catalogue_line_is_welsh(const char *line, int *state)
{
    const char *t = line + strspn(line, " \t");
    int one_line = strchr(t, ']') != NULL;

    if (*state) {
        int was = *state;

        if (*t == ']') {
            *state = 0;
            return 0;
        }
        return was == 'c';
    }
    if (!strncmp(t, "\"cy\": [", 7)) {
        if (!one_line)
            *state = 'c';
        return one_line;
    }
    if (!strncmp(t, "\"en\": [", 7)) {
        if (!one_line)
            *state = 'e';
        return 0;
    }
    return !strncmp(t, "\"cy\": \"", 7);
}

/*
 * Look for every avoid phrase of terms that applies to kind in the file at
 * path, printing "shown:LINE: ..." for each hit. Returns -1 if unreadable.
 */
static int scan_file(json_t *terms, const char *path, const char *shown, unsigned kind,
                     struct hits *h)
{
    FILE *f = fopen(path, "r");
    char *line = NULL, *norm = NULL;
    size_t cap = 0;
    ssize_t got;
    int lineno = 0, state = 0;

    if (!f)
        return -1;
    while ((got = getline(&line, &cap, f)) != -1) {
        char *text = line;
        size_t i, j;
        json_t *term;

        lineno++;
        if (kind == WHERE_CATALOGUE && !catalogue_line_is_welsh(line, &state))
            continue;
        if (kind == WHERE_LOCALES || kind == WHERE_CATALOGUE)
            text = json_value(line);
        if (kind == WHERE_LOCALES)
            blank_placeholders(text);
        if (kind == WHERE_LESSONS)
            blank_english(text);
        norm = realloc(norm, strlen(text) + 1);
        normalise(text, norm);
        json_array_foreach(terms, i, term)
        {
            json_t *where = json_object_get(term, "where"), *avoid = json_object_get(term, "avoid");
            json_t *w, *a;
            unsigned bits = 0;

            json_array_foreach(where, j, w) bits |= where_bit(json_string_value(w));
            if (!(bits & kind))
                continue;
            json_array_foreach(avoid, j, a)
            {
                char phrase[256];
                int n;

                normalise(json_string_value(a), phrase);
                n = count_phrase(norm, phrase);
                if (!n)
                    continue;
                fprintf(stderr, "%s:%d: '%s': use %s\n", shown, lineno, json_string_value(a),
                        json_string_value(json_object_get(term, "cy")));
                if (h->n < MAX_HIT_LINES)
                    h->lines[h->n] = lineno;
                h->n += n;
            }
        }
    }
    free(norm);
    free(line);
    fclose(f);
    return 0;
}

static json_t *load_terms(void)
{
    json_error_t err;
    json_t *g = json_load_file(DYSGU_SOURCE_DIR "/locales/glossary.json", 0, &err), *terms;

    if (!g) {
        fprintf(stderr, "\n  locales/glossary.json:%d: %s\n", err.line, err.text);
        return NULL;
    }
    terms = json_incref(json_object_get(g, "terms"));
    json_decref(g);
    return terms;
}

/* Every entry: en, cy and note said, avoid a list of phrases, where known places. */
static void glossary__entries_are_complete(void)
{
    json_t *terms = load_terms(), *term;
    size_t i, j;

    CU_ASSERT_FATAL(json_is_array(terms) && json_array_size(terms) > 0);
    json_array_foreach(terms, i, term)
    {
        json_t *avoid = json_object_get(term, "avoid"), *where = json_object_get(term, "where");
        const char *cy = json_string_value(json_object_get(term, "cy"));
        json_t *v;
        char norm_cy[512];

        if (!cy || !*cy || !json_string_length(json_object_get(term, "en")) ||
            !json_string_length(json_object_get(term, "note")) || !json_is_array(avoid) ||
            !json_array_size(where) || strlen(cy) >= sizeof(norm_cy)) {
            fprintf(stderr, "\n  glossary entry %zu: needs en, cy, note, avoid and where\n", i);
            CU_FAIL("incomplete glossary entry");
            continue;
        }
        normalise(cy, norm_cy);
        json_array_foreach(where, j, v) if (!where_bit(json_string_value(v)))
        {
            fprintf(stderr, "\n  glossary entry %zu: unknown place '%s'\n", i,
                    json_string_value(v));
            CU_FAIL("unknown 'where'");
        }
        json_array_foreach(avoid, j, v)
        {
            const char *a = json_string_value(v);
            char phrase[256];

            if (!a || !*a || strlen(a) >= sizeof(phrase)) {
                CU_FAIL("an avoid phrase must be a short non-empty string");
                continue;
            }
            normalise(a, phrase);
            if (count_phrase(norm_cy, phrase)) {
                fprintf(stderr, "\n  glossary entry %zu: '%s' avoids its own term\n", i, a);
                CU_FAIL("a term avoids itself");
            }
        }
    }
    json_decref(terms);
}

/* Scan every file of kind under courses/: dir/<slug>/<sub> ending in suffix. */
static void scan_courses(json_t *terms, const char *sub, const char *suffix, unsigned kind,
                         struct hits *h, int *n_files)
{
    DIR *d = opendir(DYSGU_SOURCE_DIR "/courses");
    struct dirent *e;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    while ((e = readdir(d)) != NULL) {
        char dir[1024];
        DIR *ld;
        struct dirent *f;

        if (e->d_name[0] == '.')
            continue;
        snprintf(dir, sizeof(dir), "%s/courses/%s/%s", DYSGU_SOURCE_DIR, e->d_name, sub);
        ld = opendir(dir);
        if (!ld)
            continue;
        while ((f = readdir(ld)) != NULL) {
            size_t n = strlen(f->d_name), sl = strlen(suffix);
            char path[2048], shown[1024];

            if (n < sl || strcmp(f->d_name + n - sl, suffix))
                continue;
            snprintf(path, sizeof(path), "%s/%s", dir, f->d_name);
            snprintf(shown, sizeof(shown), "courses/%s/%s%s", e->d_name, *sub ? "lessons/" : "",
                     f->d_name);
            CU_ASSERT(scan_file(terms, path, shown, kind, h) == 0);
            (*n_files)++;
        }
        closedir(ld);
    }
    closedir(d);
}

/* The shipped catalogue and courses use only the preferred terms. */
static void glossary__locales_and_courses_follow_it(void)
{
    json_t *terms = load_terms();
    struct hits h = { 0, { 0 } };
    int n_lessons = 0, n_courses = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(terms);
    CU_ASSERT(scan_file(terms, DYSGU_SOURCE_DIR "/locales/cy.json", "locales/cy.json",
                        WHERE_LOCALES, &h) == 0);
    CU_ASSERT(scan_file(terms, DYSGU_SOURCE_DIR "/courses/pathways.json", "courses/pathways.json",
                        WHERE_CATALOGUE, &h) == 0);
    scan_courses(terms, ".", "course.json", WHERE_CATALOGUE, &h, &n_courses);
    scan_courses(terms, "lessons", ".cy.md", WHERE_LESSONS, &h, &n_lessons);
    CU_ASSERT(n_courses >= 10);
    CU_ASSERT(n_lessons >= 40);
    if (h.n)
        fprintf(stderr, "\n  %d glossary hits (above): use the preferred terms\n", h.n);
    CU_ASSERT_EQUAL(h.n, 0);
    json_decref(terms);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

/* The scanner finds what it should, on the right line, and only there. */
static void glossary__checker_finds_planted_terms(void)
{
    json_t *terms = load_terms();
    char dir[] = "/tmp/dysgu-glossary-XXXXXX", path[256];
    struct hits h;

    CU_ASSERT_PTR_NOT_NULL_FATAL(terms);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));

    snprintf(path, sizeof(path), "%s/01-un.cy.md", dir);
    write_file(path, "# Teitl\n\n"
                     "Mae'r [webinar]{lang=en} a'r [[Webinar]{lang=cy} wedi]{lang=en} yma.\n"
                     "Mae rheolwyr\xe2\x80\x99 cyflenwi yn wahanol i reolwyr cyflenwi.\n"
                     "Does dim ots; rheolwyr cyflenwad; Webinar!\n");
    memset(&h, 0, sizeof(h));
    CU_ASSERT(scan_file(terms, path, "planted lesson", WHERE_LESSONS, &h) == 0);
    CU_ASSERT_EQUAL(h.n, 2); /* "reolwyr cyflenwi" and the last "Webinar" */
    CU_ASSERT_EQUAL(h.lines[0], 4);
    CU_ASSERT_EQUAL(h.lines[1], 5);

    snprintf(path, sizeof(path), "%s/course.json", dir);
    write_file(path, "{\n  \"audience\": {\n"
                     "    \"cy\": \"Pawb. Does dim angen profiad.\",\n"
                     "    \"en\": \"Everyone. It does not need a cohort.\"\n  },\n"
                     "  \"outcomes\": {\n    \"cy\": [\n      \"Gweithio i Safonau\"\n    ],\n"
                     "    \"en\": [\n      \"Does nothing for the cohort\"\n    ]\n  },\n"
                     "  \"languages\": [\"cy\", \"en\"]\n}\n");
    memset(&h, 0, sizeof(h));
    CU_ASSERT(scan_file(terms, path, "planted course.json", WHERE_CATALOGUE, &h) == 0);
    CU_ASSERT_EQUAL(h.n, 2);
    CU_ASSERT_EQUAL(h.lines[0], 3);
    CU_ASSERT_EQUAL(h.lines[1], 8);

    snprintf(path, sizeof(path), "%s/cy.json", dir);
    write_file(path, "{\n  \"cohort_text\": \"{cohort} ar gyfer {does}\",\n"
                     "  \"role\": \"Teulu r\xc3\xb4l DDaT\",\n"
                     "  \"archebu\": \"Cadw lle\"\n}\n");
    memset(&h, 0, sizeof(h));
    CU_ASSERT(scan_file(terms, path, "planted cy.json", WHERE_LOCALES, &h) == 0);
    CU_ASSERT_EQUAL(h.n, 1);
    CU_ASSERT_EQUAL(h.lines[0], 3);

    unlink(path);
    snprintf(path, sizeof(path), "%s/course.json", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/01-un.cy.md", dir);
    unlink(path);
    rmdir(dir);
    json_decref(terms);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "glossary__entries_are_complete", glossary__entries_are_complete },
        { "glossary__checker_finds_planted_terms", glossary__checker_finds_planted_terms },
        { "glossary__locales_and_courses_follow_it", glossary__locales_and_courses_follow_it },
        { NULL, NULL },
    };
    test_add_suite("welsh/glossary", cases);
}
