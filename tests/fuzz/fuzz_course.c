/*
 * fuzz_course: the course file checks (courses/source_*.c) fed from memory.
 *
 * The input is split at NUL bytes: course.json, then pathways.json, then any
 * number of lesson files written "FILE-NAME\nCONTENT". Whatever the bytes,
 * nothing crashes; every mistake is one well-formed "FILE: FIELD: PROBLEM"
 * line; and a course that passes every check has what the importer relies
 * on (lessons 1..n in order, a title in each language it is delivered in,
 * bounded text), is hashed, and its lessons render.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "courses/courses.h"
#include "courses/source.h"
#include "view/markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LESSON_FILES_MAX 64

/* Every line is "FILE: FIELD: PROBLEM" with no control character. */
static void check_lines(const struct src_errors *e)
{
    const char *p = e->text.buf;
    size_t lines = 0;

    if (e->text.failed)
        return;
    while (*p) {
        const char *nl = strchr(p, '\n');
        const char *q;

        if (!nl)
            abort();
        for (q = p; q < nl; q++)
            if ((unsigned char)*q < 0x20 || *q == 0x7f)
                abort();
        q = strstr(p, ": ");
        if (!q || q >= nl || !strstr(q + 2, ": ") || strstr(q + 2, ": ") >= nl)
            abort();
        lines++;
        p = nl + 1;
    }
    if (lines != e->n)
        abort();
}

static void check_course(struct arena *a, const struct course_src *c)
{
    char hash[65];
    size_t i;
    int l;

    if (c->n_lessons < 1 || c->n_lessons > COURSE_LESSONS_MAX)
        abort();
    for (l = LANG_CY; l < LANG__COUNT; l++)
        if (!c->title[l] || utf8_count(c->title[l], strlen(c->title[l])) > COURSE_TITLE_MAX)
            abort();
    for (i = 0; i < c->n_lessons; i++) {
        const struct lesson_src *ls = &c->lessons[i];

        if (ls->position != (int)i + 1)
            abort();
        for (l = LANG_CY; l < LANG__COUNT; l++) {
            if (c->in_lang[l] && !ls->title[l])
                abort();
            if (ls->title[l])
                markdown_html(a, ls->body[l], ls->body_len[l]);
        }
    }
    course_source_hash(c, hash);
    if (strlen(hash) != 64)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data, *end = text + size;
    const char *seg[2 + LESSON_FILES_MAX];
    size_t seg_len[2 + LESSON_FILES_MAX], n_seg = 0, i;
    struct course_tree tree;
    struct course_src c;
    struct src_errors e;
    struct arena a;
    int ok;

    while (n_seg < 2 + LESSON_FILES_MAX) {
        const char *nul = memchr(text, '\0', (size_t)(end - text));

        seg[n_seg] = text;
        seg_len[n_seg] = nul ? (size_t)(nul - text) : (size_t)(end - text);
        n_seg++;
        if (!nul)
            break;
        text = nul + 1;
    }
    arena_init(&a, 0);
    src_errors_init(&e, &a);
    course_src_init(&c, "fuzz-course");
    ok = course_src_parse_json(&a, &e, &c, seg[0], seg_len[0]) == 0;
    for (i = 2; i < n_seg; i++) {
        const char *nl = memchr(seg[i], '\n', seg_len[i]);
        size_t name_len = nl ? (size_t)(nl - seg[i]) : seg_len[i];
        char *name = arena_strndup(&a, seg[i], name_len);
        const char *body = nl ? nl + 1 : seg[i] + seg_len[i];

        if (course_src_add_lesson(&a, &e, &c, name, body, (size_t)(seg[i] + seg_len[i] - body)))
            ok = 0;
    }
    if (course_src_finish(&a, &e, &c))
        ok = 0;
    memset(&tree, 0, sizeof(tree));
    tree.courses = &c;
    tree.n_courses = 1;
    if (n_seg > 1 && pathways_src_parse(&a, &e, "pathways.json", seg[1], seg_len[1], &tree))
        ok = 0;
    check_lines(&e);
    if (ok != (e.n == 0))
        abort();
    if (ok)
        check_course(&a, &c);
    arena_release(&a);
    return 0;
}
