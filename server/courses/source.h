/*
 * source: the courses/ folder (docs/courses-format.md) read into structs and
 * checked, every mistake collected as one "FILE: FIELD: PROBLEM" line with
 * FILE relative to the folder given ("agile-foundations/course.json").
 *
 * Parsing works on bytes in memory (course_src_parse_json,
 * course_src_add_lesson, course_src_finish, pathways_src_parse), so fuzzers
 * and unit tests feed it directly; course_tree_load() reads a folder and
 * calls them. Nothing here touches the database.
 *
 * Every string and array lives in the arena given, valid until it is reset.
 * Text that passed the checks is valid UTF-8, NFC, without NUL or control
 * characters (other than tab and newlines in multi-line text).
 */
#pragma once

#include <stddef.h>

#include "core/lang.h"
#include "core/sbuf.h"

struct arena;

#define COURSE_JSON_MAX     (64 * 1024)  /* bytes of course.json */
#define PATHWAYS_JSON_MAX   (256 * 1024) /* bytes of pathways.json */
#define LESSON_FILE_MAX     200000       /* bytes of one lesson file */
#define COURSE_LESSONS_MAX  30
#define COURSE_SLUG_MIN     3
#define COURSE_SLUG_MAX     80
#define LESSON_NAME_MAX     80
#define COURSE_TITLE_MAX    200 /* code points; lesson titles too */
#define COURSE_TEXT_MAX     2000
#define COURSE_OUTCOMES_MAX 10
#define COURSE_OUTCOME_MAX  300
#define COURSE_MINUTES_MIN  5
#define COURSE_MINUTES_MAX  6000
#define PATHWAY_COURSES_MIN 2
#define PATHWAY_COURSES_MAX 12
#define PATHWAYS_MAX        100
#define SRC_ERRORS_TEXT_MAX (1024 * 1024)

/* The mistakes found so far: n lines "FILE: FIELD: PROBLEM\n" in text. */
struct src_errors {
    struct sbuf text;
    size_t n;
};

/* Start an empty list whose text lives in a. */
void src_errors_init(struct src_errors *e, struct arena *a);

/* Add one line; control characters in any part (a file or key name can hold
 * a newline) become '?', so one mistake is always one line. */
void src_error(struct src_errors *e, const char *file, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* One lesson: the files NN-name.cy.md and NN-name.en.md. */
struct lesson_src {
    const char *name; /* the stable identity: progress follows it */
    int position;     /* NN: 1.. */
    /* per language; file NULL when the course has no file in that language */
    const char *file[LANG__COUNT]; /* "lessons/01-why-agile.cy.md" */
    const char *raw[LANG__COUNT];  /* the file's bytes (for the source hash) */
    size_t raw_len[LANG__COUNT];
    const char *title[LANG__COUNT]; /* the "# Title" line's text */
    const char *body[LANG__COUNT];  /* the Markdown after the title line */
    size_t body_len[LANG__COUNT];
    unsigned words[LANG__COUNT]; /* words in the body */
};

struct course_src {
    const char *slug; /* the folder's name */
    const char *title[LANG__COUNT];
    const char *summary[LANG__COUNT];
    const char *audience[LANG__COUNT];
    const char *outcomes[LANG__COUNT]; /* one outcome a line, as stored */
    size_t n_outcomes;
    const char *role_family;
    const char *role;
    const char *level;
    const char *format;
    int duration_minutes;
    int in_lang[LANG__COUNT]; /* delivered in the language ("languages") */
    int published;            /* the file's value, 1 when absent */
    int published_set;        /* 1 when the file says "published" */
    int json_ok;              /* course.json parsed and passed every check */
    int languages_ok;         /* "languages" parsed and passed (in_lang is known) */
    const char *json;         /* course.json's bytes (for the source hash) */
    size_t json_len;
    struct lesson_src *lessons; /* by position after course_src_finish() */
    size_t n_lessons;
    size_t alloc_lessons;
};

struct pathway_src {
    const char *slug;
    const char *title[LANG__COUNT];
    const char *summary[LANG__COUNT];
    const char *audience[LANG__COUNT];
    const char *community; /* NULL: none */
    const char **courses;  /* course slugs in the pathway's order */
    size_t n_courses;
};

struct course_tree {
    struct course_src *courses; /* in slug order */
    size_t n_courses;
    struct pathway_src *pathways; /* in the file's order */
    size_t n_pathways;
};

/* 1 if s[0..len) is a slug: a-z 0-9 '-', 3-80 long, no '-' at either end. */
int course_slug_ok(const char *s, size_t len);

/* An empty course for the folder slug (checked by the caller). */
void course_src_init(struct course_src *c, const char *slug);

/*
 * Parse and check course.json's bytes into c (errors name "SLUG/course.json").
 * 0 when it passed, -1 when errors were added.
 */
int course_src_parse_json(struct arena *a, struct src_errors *e, struct course_src *c,
                          const char *text, size_t len);

/*
 * Add the lesson file lessons/<filename> with its bytes to c: checks the
 * name (NN-name.LANG.md), size, encoding, "# Title" line and that NN and
 * name agree with the lessons added before. 0, or -1 when errors were added.
 */
int course_src_add_lesson(struct arena *a, struct src_errors *e, struct course_src *c,
                          const char *filename, const char *text, size_t len);

/*
 * After every lesson was added: sort them by position and check the set
 * (1-30 lessons, NN contiguous from 01, a file in every language the course
 * is delivered in). 0, or -1 when errors were added.
 */
int course_src_finish(struct arena *a, struct src_errors *e, struct course_src *c);

/*
 * Parse and check pathways.json's bytes (errors name file) into
 * out->pathways; course slugs must be courses of out (out->courses set).
 * 0, or -1 when errors were added.
 */
int pathways_src_parse(struct arena *a, struct src_errors *e, const char *file, const char *text,
                       size_t len, struct course_tree *out);

/*
 * Read the folder dir: every sub-folder is a course, pathways.json (optional)
 * the pathways; files whose names start with '.' are skipped, README.md too.
 * 0 when everything passed (t filled), -1 when e has errors (t is then
 * partial and must not be imported).
 */
int course_tree_load(struct arena *a, struct src_errors *e, const char *dir, struct course_tree *t);
