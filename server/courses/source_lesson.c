/*
 * lessons/NN-name.LANG.md: one lesson in one language (docs/courses-format.md).
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "courses/source.h"
#include "courses/source_impl.h"

#define POSITION_MAX 99 /* NN is two digits */

static const char *const lang_names[LANG__COUNT] = { "Welsh", "English" };

static int name_ok(const char *s, size_t len)
{
    size_t i;

    if (len < 1 || len > LESSON_NAME_MAX || s[0] == '-' || s[len - 1] == '-')
        return 0;
    for (i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return 0;
    return 1;
}

/* NN-name.LANG.md into its parts; 0, or -1 after adding the error. */
static int parse_filename(struct arena *a, struct src_errors *e, const char *file, const char *fn,
                          int *pos, const char **name, enum lang *l)
{
    size_t len = strlen(fn);

    if (len < 10 || fn[0] < '0' || fn[0] > '9' || fn[1] < '0' || fn[1] > '9' || fn[2] != '-' ||
        (strcmp(fn + len - 6, ".cy.md") && strcmp(fn + len - 6, ".en.md"))) {
        src_error(e, file, "file name", "must be NN-name.cy.md or NN-name.en.md");
        return -1;
    }
    if (!name_ok(fn + 3, len - 9)) {
        src_error(e, file, "name", "must be 1 to %d of a-z, 0-9 and '-', with no '-' at either end",
                  LESSON_NAME_MAX);
        return -1;
    }
    *pos = (fn[0] - '0') * 10 + (fn[1] - '0');
    if (*pos == 0) {
        src_error(e, file, "position", "00: lessons are numbered from 01");
        return -1;
    }
    *name = arena_strndup(a, fn + 3, len - 9);
    *l = fn[len - 5] == 'c' ? LANG_CY : LANG_EN;
    return 0;
}

/* Byte offset of the first byte that is not text (invalid UTF-8, NUL, control). */
static size_t first_bad_byte(const char *s, size_t len)
{
    size_t i = 0, n;

    while (i < len) {
        n = utf8_seq_len(s + i, len - i);
        if (n == 0 || !utf8_valid_text(s + i, n))
            return i;
        i += n;
    }
    return len;
}

/* Words: runs of non-space bytes holding a letter, a digit or a non-ASCII byte. */
static unsigned count_words(const char *s, size_t len)
{
    unsigned n = 0;
    int counted = 0;
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned char lower = (unsigned char)(c | 0x20);

        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            counted = 0;
        else if (!counted &&
                 (c >= 0x80 || (c >= '0' && c <= '9') || (lower >= 'a' && lower <= 'z'))) {
            n++;
            counted = 1;
        }
    }
    return n;
}

/* The title in the first line text[0..line_len) ("# Title", an optional
 * closing run of '#' after a space dropped as in CommonMark) as [*t, *end);
 * -1 when the line is not a level-1 heading. */
static int title_line(const char *text, size_t line_len, const char **t, const char **end)
{
    const char *b, *e = text + line_len, *h;

    if (line_len && text[line_len - 1] == '\r')
        e--;
    if (e - text < 2 || text[0] != '#' || (text[1] != ' ' && text[1] != '\t'))
        return -1;
    b = text + 2;
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    for (h = e; h > b && h[-1] == '#'; h--)
        ;
    if (h < e && (h == b || h[-1] == ' ' || h[-1] == '\t'))
        for (e = h; e > b && (e[-1] == ' ' || e[-1] == '\t'); e--)
            ;
    *t = b;
    *end = e;
    return 0;
}

/* The "# Title" line and the Markdown after it into lesson slot l. */
static int parse_text(struct arena *a, struct src_errors *e, const char *file, const char *text,
                      size_t len, struct lesson_src *ls, enum lang l)
{
    const char *nl = memchr(text, '\n', len);
    const char *t, *end;
    size_t bad;

    if (len > LESSON_FILE_MAX) {
        src_error(e, file, "size", "%zu bytes, at most %d", len, LESSON_FILE_MAX);
        return -1;
    }
    bad = first_bad_byte(text, len);
    if (bad < len) {
        src_error(e, file, "encoding", "not UTF-8 text at byte %zu", bad);
        return -1;
    }
    if (!src_is_nfc(text, len)) {
        src_error(e, file, "encoding", "not in Unicode NFC (normalise it: composed characters)");
        return -1;
    }
    if (title_line(text, nl ? (size_t)(nl - text) : len, &t, &end)) {
        src_error(e, file, "title", "the first line must be '# Title'");
        return -1;
    }
    if (src_text_check(e, file, "title", t, (size_t)(end - t), COURSE_TITLE_MAX, 1))
        return -1;
    ls->title[l] = arena_strndup(a, t, (size_t)(end - t));
    ls->body[l] = nl ? nl + 1 : text + len;
    ls->body_len[l] = (size_t)(text + len - ls->body[l]);
    ls->words[l] = count_words(ls->body[l], ls->body_len[l]);
    if (ls->words[l] == 0) {
        src_error(e, file, "text", "no words after the title line");
        return -1;
    }
    ls->raw[l] = text;
    ls->raw_len[l] = len;
    return 0;
}

/* The lesson at pos, the one named name, or a new one (NULL after an error). */
static struct lesson_src *slot(struct arena *a, struct src_errors *e, const char *file,
                               struct course_src *c, int pos, const char *name)
{
    struct lesson_src *ls;
    size_t i;

    for (i = 0; i < c->n_lessons; i++) {
        ls = &c->lessons[i];
        if (ls->position == pos && strcmp(ls->name, name)) {
            src_error(e, file, "position", "%02d is also lesson '%s'", pos, ls->name);
            return NULL;
        }
        if (ls->position != pos && !strcmp(ls->name, name)) {
            src_error(e, file, "name", "'%s' is also lesson %02d", name, ls->position);
            return NULL;
        }
        if (ls->position == pos)
            return ls;
    }
    if (c->n_lessons == c->alloc_lessons) {
        size_t n = c->alloc_lessons ? c->alloc_lessons * 2 : 16;
        struct lesson_src *v = arena_calloc(a, n * sizeof(*v));

        if (c->n_lessons)
            memcpy(v, c->lessons, c->n_lessons * sizeof(*v));
        c->lessons = v;
        c->alloc_lessons = n;
    }
    ls = &c->lessons[c->n_lessons++];
    ls->name = name;
    ls->position = pos;
    return ls;
}

int course_src_add_lesson(struct arena *a, struct src_errors *e, struct course_src *c,
                          const char *filename, const char *text, size_t len)
{
    const char *file = arena_printf(a, "%s/lessons/%s", c->slug, filename);
    struct lesson_src *ls;
    const char *name;
    enum lang l;
    int pos;

    if (parse_filename(a, e, file, filename, &pos, &name, &l))
        return -1;
    ls = slot(a, e, file, c, pos, name);
    if (!ls)
        return -1;
    if (ls->file[l]) {
        src_error(e, file, "file", "given twice");
        return -1;
    }
    /* set first: a file with mistakes is not also reported missing */
    ls->file[l] = arena_printf(a, "lessons/%s", filename);
    return parse_text(a, e, file, text, len, ls, l);
}

static int by_position(const void *x, const void *y)
{
    const struct lesson_src *a = x, *b = y;

    return (a->position > b->position) - (a->position < b->position);
}

int course_src_finish(struct arena *a, struct src_errors *e, struct course_src *c)
{
    const char *dir = arena_printf(a, "%s/lessons/", c->slug);
    size_t before = e->n, i;
    int l, pos, max = 0;

    if (c->n_lessons == 0) {
        src_error(e, dir, "lessons", "none: a course has 1 to %d", COURSE_LESSONS_MAX);
        return -1;
    }
    if (c->n_lessons > COURSE_LESSONS_MAX)
        src_error(e, dir, "lessons", "%zu, at most %d", c->n_lessons, COURSE_LESSONS_MAX);
    qsort(c->lessons, c->n_lessons, sizeof(c->lessons[0]), by_position);
    max = c->lessons[c->n_lessons - 1].position;
    for (pos = 1, i = 0; pos <= max && pos <= POSITION_MAX; pos++) {
        if (i < c->n_lessons && c->lessons[i].position == pos) {
            i++;
            continue;
        }
        src_error(e, dir, "position", "no lesson %02d: lessons are numbered from 01 without gaps",
                  pos);
    }
    for (i = 0; c->languages_ok && i < c->n_lessons; i++) {
        const struct lesson_src *ls = &c->lessons[i];

        for (l = LANG_CY; l < LANG__COUNT; l++)
            if (c->in_lang[l] && !ls->file[l])
                src_error(e,
                          arena_printf(a, "%s/lessons/%02d-%s.%s.md", c->slug, ls->position,
                                       ls->name, lang_code((enum lang)l)),
                          "file", "missing: the course is delivered in %s (languages)",
                          lang_names[l]);
    }
    return e->n == before ? 0 : -1;
}
