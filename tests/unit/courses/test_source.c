/*
 * courses/source_*.c: the course folder read and checked. Fixture folders
 * under tests/unit/data/courses/: good/ passes; bad/<case>/ each hold one
 * kind of mistake and must give exactly the expected "FILE: FIELD: PROBLEM"
 * lines. Rules of course.json and of lesson text are also fed from memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "courses/courses.h"
#include "courses/source.h"
#include "testing.h"

#define DATA DYSGU_SOURCE_DIR "/tests/unit/data/courses"

static void assert_sane_tree(const struct course_tree *t)
{
    size_t i, j;
    int l;

    for (i = 0; i < t->n_courses; i++) {
        const struct course_src *c = &t->courses[i];

        CU_ASSERT(course_slug_ok(c->slug, strlen(c->slug)));
        CU_ASSERT(c->n_lessons >= 1 && c->n_lessons <= COURSE_LESSONS_MAX);
        CU_ASSERT(c->in_lang[LANG_CY] || c->in_lang[LANG_EN]);
        for (j = 0; j < c->n_lessons; j++) {
            CU_ASSERT_EQUAL(c->lessons[j].position, (int)j + 1);
            for (l = LANG_CY; l < LANG__COUNT; l++)
                if (c->in_lang[l])
                    CU_ASSERT_PTR_NOT_NULL(c->lessons[j].title[l]);
        }
    }
}

static void source__good_tree(void)
{
    struct course_tree t;
    struct src_errors e;
    struct arena a;
    const struct course_src *cy, *both;

    arena_init(&a, 0);
    src_errors_init(&e, &a);
    CU_ASSERT_EQUAL_FATAL(course_tree_load(&a, &e, DATA "/good", &t), 0);
    CU_ASSERT_STRING_EQUAL(e.text.buf, "");
    CU_ASSERT_EQUAL_FATAL(t.n_courses, 2);
    assert_sane_tree(&t);
    /* in slug order; README.md is skipped */
    cy = &t.courses[0];
    both = &t.courses[1];
    CU_ASSERT_STRING_EQUAL(cy->slug, "cymraeg-yn-unig");
    CU_ASSERT_STRING_EQUAL(both->slug, "gwasanaethau-digidol");
    CU_ASSERT_STRING_EQUAL(cy->title[LANG_CY], "Ysgrifennu i\xe2\x80\x99r we");
    CU_ASSERT(cy->in_lang[LANG_CY] && !cy->in_lang[LANG_EN]);
    CU_ASSERT(cy->published_set && !cy->published);
    CU_ASSERT(!both->published_set && both->published);
    CU_ASSERT_EQUAL(cy->n_lessons, 3);
    CU_ASSERT_STRING_EQUAL(cy->lessons[2].name, "rhestrau");
    CU_ASSERT_STRING_EQUAL(cy->lessons[2].title[LANG_CY], "Rhestrau");
    CU_ASSERT_PTR_NULL(cy->lessons[2].title[LANG_EN]);
    CU_ASSERT_PTR_NULL(cy->lessons[2].file[LANG_EN]);
    CU_ASSERT_STRING_EQUAL(both->outcomes[LANG_CY],
                           "Deall anghenion defnyddwyr\nCynllunio gwasanaeth dwyieithog");
    CU_ASSERT_EQUAL(both->n_outcomes, 2);
    CU_ASSERT_STRING_EQUAL(both->role_family, "user-centred-design");
    CU_ASSERT_STRING_EQUAL(both->role, "any");
    CU_ASSERT_EQUAL(both->duration_minutes, 45);
    CU_ASSERT_STRING_EQUAL(both->lessons[1].title[LANG_EN], "Bilingual services");
    CU_ASSERT_STRING_EQUAL(both->lessons[1].file[LANG_EN], "lessons/02-dau.en.md");
    CU_ASSERT(both->lessons[1].body_len[LANG_EN] > 0 &&
              !strncmp(both->lessons[1].body[LANG_EN], "\nEvery service", 14));
    /* "Every service starts with the people who use it. Try this Talk to a user." */
    CU_ASSERT_EQUAL(both->lessons[1].words[LANG_EN], 15);
    CU_ASSERT_EQUAL_FATAL(t.n_pathways, 1);
    CU_ASSERT_STRING_EQUAL(t.pathways[0].slug, "llwybr-prawf");
    CU_ASSERT_STRING_EQUAL(t.pathways[0].community, "content-design");
    CU_ASSERT_EQUAL_FATAL(t.pathways[0].n_courses, 2);
    CU_ASSERT_STRING_EQUAL(t.pathways[0].courses[0], "gwasanaethau-digidol");
    CU_ASSERT_STRING_EQUAL(t.pathways[0].courses[1], "cymraeg-yn-unig");
    arena_release(&a);
}

struct mistake {
    const char *folder; /* under bad/ */
    const char *lines;  /* every line, exactly */
};

static const struct mistake mistakes[] = {
    { "json-syntax",
      "cwrs-prawf/course.json: json: line 3 column 1: string or '}' expected near '}'\n" },
    { "unknown-field", "cwrs-prawf/course.json: colour: unknown field\n" },
    { "missing-english", "cwrs-prawf/course.json: title.en: missing\n" },
    { "title-too-long", "cwrs-prawf/course.json: title.cy: is 201 characters long, at most 200\n" },
    { "bad-role", "cwrs-prawf/course.json: role: 'data-analyst' is not a role of the family "
                  "'user-centred-design'\n" },
    { "bad-level",
      "cwrs-prawf/course.json: level: must be one of awareness, working, practitioner, expert\n" },
    { "bad-duration",
      "cwrs-prawf/course.json: duration_minutes: must be a whole number from 5 to 6000\n" },
    { "bad-languages", "cwrs-prawf/course.json: languages: item 1 is not \"cy\" or \"en\"\n" },
    { "outcomes-mismatch",
      "cwrs-prawf/course.json: outcomes: 2 in Welsh but 3 in English: they must match\n" },
    { "not-nfc", "cwrs-prawf/course.json: title.cy: is not in Unicode NFC (normalise it: "
                 "composed characters)\n" },
    { "no-course-json", "cwrs-prawf/course.json: file: missing\n" },
    { "lesson-gap", "cwrs-prawf/lessons/: position: no lesson 02: lessons are numbered from 01 "
                    "without gaps\n" },
    { "missing-language-file", "cwrs-prawf/lessons/02-dau.en.md: file: missing: the course is "
                               "delivered in English (languages)\n" },
    { "bad-title-line",
      "cwrs-prawf/lessons/01-un.cy.md: title: the first line must be '# Title'\n" },
    { "bad-file-name",
      "cwrs-prawf/lessons/1-un.cy.md: file name: must be NN-name.cy.md or NN-name.en.md\n"
      "cwrs-prawf/lessons/01-un.cy.md: file: missing: the course is delivered in Welsh "
      "(languages)\n" },
    { "invalid-utf8", "cwrs-prawf/lessons/01-un.en.md: encoding: not UTF-8 text at byte 23\n" },
    { "empty-lesson", "cwrs-prawf/lessons/02-dau.cy.md: text: no words after the title line\n" },
    { "name-twice", "cwrs-prawf/lessons/02-un.en.md: name: 'un' is also lesson 01\n"
                    "cwrs-prawf/lessons/02-dau.en.md: file: missing: the course is delivered in "
                    "English (languages)\n" },
    { "no-lessons", "cwrs-prawf/lessons/: lessons: none: a course has 1 to 30\n" },
    { "unknown-file", "cwrs-prawf/notes.txt: file: unknown: a course folder holds course.json "
                      "and lessons/\n" },
    { "bad-slug", "Cwrs_Prawf/: slug: the folder name must be 3 to 80 of a-z, 0-9 and '-', with "
                  "no '-' at either end\n" },
    { "pathway-unknown-course",
      "pathways.json: [0].courses[1]: no course 'dim-cwrs' in this folder\n" },
    { "pathway-repeat", "pathways.json: [0].courses[2]: 'cwrs-prawf' is already in the pathway\n" },
    { "pathway-one-course",
      "pathways.json: [0].courses: must be a list of 2 to 12 course slugs\n" },
    { "pathway-community",
      "pathways.json: [0].community: must be null or one of building-bilingual-services, "
      "content-design, user-research, designing-digital-experiences, service-design, "
      "automation-and-ai\n" },
    /* every mistake is reported, not just the first */
    { "many",
      "cwrs-prawf/course.json: level: must be one of awareness, working, practitioner, expert\n"
      "cwrs-prawf/course.json: colour: unknown field\n"
      "cwrs-prawf/lessons/01-un.cy.md: title: the first line must be '# Title'\n"
      "cwrs-prawf/lessons/02-dau.en.md: file: missing: the course is delivered in English "
      "(languages)\n" },
};

static void source__mistakes(void)
{
    size_t i;

    for (i = 0; i < sizeof(mistakes) / sizeof(mistakes[0]); i++) {
        const struct mistake *m = &mistakes[i];
        struct course_tree t;
        struct src_errors e;
        struct arena a;
        char dir[512];
        int rc;

        arena_init(&a, 0);
        src_errors_init(&e, &a);
        snprintf(dir, sizeof(dir), "%s/bad/%s", DATA, m->folder);
        rc = course_tree_load(&a, &e, dir, &t);
        if (rc != -1 || strcmp(e.text.buf, m->lines)) {
            fprintf(stderr, "\n  %s: got\n%s  want\n%s", m->folder, e.text.buf, m->lines);
            CU_FAIL("mistake lines differ");
        }
        arena_release(&a);
    }
}

static void source__missing_folder(void)
{
    struct course_tree t;
    struct src_errors e;
    struct arena a;

    arena_init(&a, 0);
    src_errors_init(&e, &a);
    CU_ASSERT_EQUAL(course_tree_load(&a, &e, DATA "/no-such-folder", &t), -1);
    CU_ASSERT_EQUAL(e.n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.text.buf, "no-such-folder: folder: cannot list: "));
    arena_release(&a);
}

/* A valid course.json with one field replaced (or removed: value NULL). */
static const char *json_with(struct arena *a, const char *key, const char *value)
{
    static const char *const fields[][2] = {
        { "title", "{\"cy\": \"Hanfodion ystwyth\", \"en\": \"Agile foundations\"}" },
        { "summary", "{\"cy\": \"Crynodeb.\", \"en\": \"Summary.\"}" },
        { "outcomes", "{\"cy\": [\"Un\"], \"en\": [\"One\"]}" },
        { "audience", "{\"cy\": \"Pawb.\", \"en\": \"Everyone.\"}" },
        { "role_family", "\"product-delivery\"" },
        { "role", "\"delivery-manager\"" },
        { "level", "\"working\"" },
        { "format", "\"blended\"" },
        { "duration_minutes", "90" },
        { "languages", "[\"cy\", \"en\"]" },
    };
    struct sbuf b;
    size_t i;
    int found = 0;

    sbuf_init(&b, a, 1 << 20);
    sbuf_addc(&b, '{');
    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        const char *v = fields[i][1];

        if (!strcmp(fields[i][0], key)) {
            found = 1;
            v = value;
        }
        if (v)
            sbuf_addf(&b, "%s\"%s\": %s", b.len > 1 ? ", " : "", fields[i][0], v);
    }
    if (!found && value)
        sbuf_addf(&b, ", \"%s\": %s", key, value);
    sbuf_addc(&b, '}');
    return b.buf;
}

struct json_case {
    const char *key;
    const char *value; /* NULL: the field is left out */
    const char *line;  /* the one error, or NULL: none */
};

static const struct json_case json_cases[] = {
    { "published", "false", NULL },
    { "role", "\"any\"", NULL },
    { "languages", "[\"en\"]", NULL },
    { "title", "{\"cy\": \"Ŵ\", \"en\": \"W\"}", NULL },
    { "title", NULL,
      "c/course.json: title: missing (both languages: {\"cy\": \"...\", \"en\": "
      "\"...\"})" },
    { "title", "\"Agile\"", "c/course.json: title: must be {\"cy\": \"...\", \"en\": \"...\"}" },
    { "title", "{\"cy\": \"   \", \"en\": \"A\"}", "c/course.json: title.cy: is empty" },
    { "title", "{\"cy\": \"a\\nb\", \"en\": \"A\"}",
      "c/course.json: title.cy: must be one line (no tab or line break)" },
    { "title", "{\"cy\": \"a\\u0007\", \"en\": \"A\"}",
      "c/course.json: title.cy: has a control character or is not UTF-8" },
    { "title", "{\"cy\": \"a\", \"en\": 5}", "c/course.json: title.en: must be a string" },
    { "title", "{\"cy\": \"a\", \"en\": \"b\", \"fr\": \"c\"}",
      "c/course.json: title.fr: unknown field" },
    { "summary", "{\"cy\": \"Llinell un\\nLlinell dau\", \"en\": \"Two\\nlines\"}", NULL },
    { "outcomes", "{\"cy\": [], \"en\": [\"One\"]}",
      "c/course.json: outcomes.cy: must be a list of 1 to 10 outcomes" },
    { "outcomes", "{\"cy\": [\"Un\", 2], \"en\": [\"One\", \"Two\"]}",
      "c/course.json: outcomes.cy[1]: must be a string" },
    { "outcomes", "{\"cy\": [\"Un\"]}", "c/course.json: outcomes.en: missing" },
    { "role_family", "\"wizardry\"",
      "c/course.json: role_family: must be one of the role families in "
      "server/courses/taxonomy.c" },
    { "role", "\"wizard\"",
      "c/course.json: role: must be a role in server/courses/taxonomy.c or \"any\"" },
    { "format", "\"podcast\"",
      "c/course.json: format: must be one of e-learning, classroom, webinar, blended" },
    { "duration_minutes", "90.5",
      "c/course.json: duration_minutes: must be a whole number from "
      "5 to 6000" },
    { "duration_minutes", "6001",
      "c/course.json: duration_minutes: must be a whole number from "
      "5 to 6000" },
    { "duration_minutes", "\"90\"",
      "c/course.json: duration_minutes: must be a whole number "
      "from 5 to 6000" },
    { "languages", "[]",
      "c/course.json: languages: must be a list: [\"cy\", \"en\"], [\"cy\"] or "
      "[\"en\"]" },
    { "languages", "[\"cy\", \"cy\"]", "c/course.json: languages: \"cy\" is listed twice" },
    { "published", "\"yes\"", "c/course.json: published: must be true or false" },
    { "Title", "{}", "c/course.json: Title: unknown field" },
};

static void source__json_rules(void)
{
    size_t i;

    for (i = 0; i < sizeof(json_cases) / sizeof(json_cases[0]); i++) {
        const struct json_case *jc = &json_cases[i];
        struct course_src c;
        struct src_errors e;
        struct arena a;
        const char *json;
        char want[600];
        int rc;

        arena_init(&a, 0);
        src_errors_init(&e, &a);
        course_src_init(&c, "c");
        json = json_with(&a, jc->key, jc->value);
        rc = course_src_parse_json(&a, &e, &c, json, strlen(json));
        snprintf(want, sizeof(want), "%s%s", jc->line ? jc->line : "", jc->line ? "\n" : "");
        if (rc != (jc->line ? -1 : 0) || strcmp(e.text.buf, want)) {
            fprintf(stderr, "\n  %s\n  got:  %s  want: %s\n", json, e.text.buf, want);
            CU_FAIL("course.json check differs");
        }
        arena_release(&a);
    }
}

/* The rules of one lesson file, fed from memory. */
static void source__lesson_rules(void)
{
    static const struct {
        const char *name;
        const char *text;
        size_t len; /* 0: strlen */
        const char *title;
        const char *line; /* or NULL */
    } cases[] = {
        { "01-a.cy.md", "# Teitl\nTestun.", 0, "Teitl", NULL },
        { "01-a.cy.md", "# Teitl\r\nTestun.\r\n", 0, "Teitl", NULL },
        { "01-a.cy.md", "#\tTeitl gyda ### \n\nTestun.", 0, "Teitl gyda", NULL },
        { "01-a.cy.md", "# C# a F#\n\nTestun.", 0, "C# a F#", NULL },
        { "01-a.cy.md", "#Teitl\n\nTestun.", 0, NULL,
          "c/lessons/01-a.cy.md: title: the first line must be '# Title'" },
        { "01-a.cy.md", "\xef\xbb\xbf# Teitl\n\nTestun.", 0, NULL,
          "c/lessons/01-a.cy.md: title: the first line must be '# Title'" },
        { "01-a.cy.md", "# \n\nTestun.", 0, NULL, "c/lessons/01-a.cy.md: title: is empty" },
        { "01-a.cy.md", "# Teitl\n\nTestun\0cudd.", 20, NULL,
          "c/lessons/01-a.cy.md: encoding: not UTF-8 text at byte 15" },
        { "01-a.cy.md", "# Teitl\n\nTestun \x1b[31m", 0, NULL,
          "c/lessons/01-a.cy.md: encoding: not UTF-8 text at byte 16" },
        { "01-a.cy.md", "# Teitl\n\nDw\xcc\x82r", 0, NULL,
          "c/lessons/01-a.cy.md: encoding: not in Unicode NFC (normalise it: composed "
          "characters)" },
        { "01-a.cy.md", "# Teitl\n\n# ## *", 0, NULL,
          "c/lessons/01-a.cy.md: text: no words after the title line" },
        { "00-a.cy.md", "# Teitl\nTestun.", 0, NULL,
          "c/lessons/00-a.cy.md: position: 00: lessons are numbered from 01" },
        { "01-A.cy.md", "# Teitl\nTestun.", 0, NULL,
          "c/lessons/01-A.cy.md: name: must be 1 to 80 of a-z, 0-9 and '-', with no '-' at "
          "either end" },
        { "01--a.cy.md", "# Teitl\nTestun.", 0, NULL,
          "c/lessons/01--a.cy.md: name: must be 1 to 80 of a-z, 0-9 and '-', with no '-' at "
          "either end" },
        { "01-a.fr.md", "# Teitl\nTestun.", 0, NULL,
          "c/lessons/01-a.fr.md: file name: must be NN-name.cy.md or NN-name.en.md" },
        { "01-a.cy.txt", "# Teitl\nTestun.", 0, NULL,
          "c/lessons/01-a.cy.txt: file name: must be NN-name.cy.md or NN-name.en.md" },
    };

    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
        struct course_src c;
        struct src_errors e;
        struct arena a;
        char want[600];
        int rc;

        arena_init(&a, 0);
        src_errors_init(&e, &a);
        course_src_init(&c, "c");
        rc = course_src_add_lesson(&a, &e, &c, cases[i].name, cases[i].text, len);
        snprintf(want, sizeof(want), "%s%s", cases[i].line ? cases[i].line : "",
                 cases[i].line ? "\n" : "");
        if (rc != (cases[i].line ? -1 : 0) || strcmp(e.text.buf, want) ||
            (cases[i].title && strcmp(c.lessons[0].title[LANG_CY], cases[i].title))) {
            fprintf(stderr, "\n  %s: got %s  want %s\n", cases[i].text, e.text.buf, want);
            CU_FAIL("lesson check differs");
        }
        arena_release(&a);
    }
}

static void source__lesson_limits(void)
{
    struct course_src c;
    struct src_errors e;
    struct arena a;
    char *big = malloc(LESSON_FILE_MAX + 2), name[32];
    char long_title[256];
    int i;

    arena_init(&a, 0);
    src_errors_init(&e, &a);
    course_src_init(&c, "c");
    memset(big, 'a', LESSON_FILE_MAX + 1);
    memcpy(big, "# T\n", 4);
    CU_ASSERT_EQUAL(course_src_add_lesson(&a, &e, &c, "01-a.en.md", big, LESSON_FILE_MAX + 1), -1);
    CU_ASSERT_STRING_EQUAL(e.text.buf,
                           "c/lessons/01-a.en.md: size: 200001 bytes, at most 200000\n");
    /* exactly at the limit is fine */
    CU_ASSERT_EQUAL(course_src_add_lesson(&a, &e, &c, "01-a.cy.md", big, LESSON_FILE_MAX), 0);
    /* a title of 201 code points */
    memcpy(long_title, "# ", 2);
    memset(long_title + 2, 'x', 201);
    memcpy(long_title + 203, "\nT", 3);
    sbuf_reset(&e.text);
    e.n = 0;
    CU_ASSERT_EQUAL(course_src_add_lesson(&a, &e, &c, "02-b.cy.md", long_title, 205), -1);
    CU_ASSERT_STRING_EQUAL(e.text.buf,
                           "c/lessons/02-b.cy.md: title: is 201 characters long, at most 200\n");
    /* 31 lessons are too many */
    course_src_init(&c, "c");
    c.languages_ok = 1;
    c.in_lang[LANG_CY] = 1;
    for (i = 31; i >= 1; i--) {
        snprintf(name, sizeof(name), "%02d-l%d.cy.md", i, i);
        CU_ASSERT_EQUAL(course_src_add_lesson(&a, &e, &c, name, "# T\nx", 5), 0);
    }
    sbuf_reset(&e.text);
    e.n = 0;
    CU_ASSERT_EQUAL(course_src_finish(&a, &e, &c), -1);
    CU_ASSERT_STRING_EQUAL(e.text.buf, "c/lessons/: lessons: 31, at most 30\n");
    CU_ASSERT_EQUAL(c.lessons[0].position, 1);
    CU_ASSERT_EQUAL(c.lessons[30].position, 31);
    free(big);
    arena_release(&a);
}

/* A file name or key with a newline cannot forge a second error line. */
static void source__one_line_per_mistake(void)
{
    struct src_errors e;
    struct arena a;

    arena_init(&a, 0);
    src_errors_init(&e, &a);
    src_error(&e, "a\nb.md", "x\ry", "bad %s", "z\n");
    CU_ASSERT_STRING_EQUAL(e.text.buf, "a?b.md: x?y: bad z?\n");
    CU_ASSERT_EQUAL(e.n, 1);
    arena_release(&a);
}

/* The source hash covers every file and nothing else. */
static void source__hash(void)
{
    struct course_tree t;
    struct src_errors e;
    struct arena a;
    char h1[65], h2[65], h3[65];
    struct course_src *c;
    char *copy;

    arena_init(&a, 0);
    src_errors_init(&e, &a);
    CU_ASSERT_EQUAL_FATAL(course_tree_load(&a, &e, DATA "/good", &t), 0);
    c = &t.courses[1];
    course_source_hash(c, h1);
    course_source_hash(c, h2);
    CU_ASSERT_EQUAL(strlen(h1), 64);
    CU_ASSERT_STRING_EQUAL(h1, h2);
    copy = arena_strndup(&a, c->lessons[1].raw[LANG_EN], c->lessons[1].raw_len[LANG_EN]);
    copy[c->lessons[1].raw_len[LANG_EN] - 2] ^= 1;
    c->lessons[1].raw[LANG_EN] = copy;
    course_source_hash(c, h3);
    CU_ASSERT_STRING_NOT_EQUAL(h1, h3);
    arena_release(&a);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "source__good_tree", source__good_tree },
        { "source__mistakes", source__mistakes },
        { "source__missing_folder", source__missing_folder },
        { "source__json_rules", source__json_rules },
        { "source__lesson_rules", source__lesson_rules },
        { "source__lesson_limits", source__lesson_limits },
        { "source__one_line_per_mistake", source__one_line_per_mistake },
        { "source__hash", source__hash },
        { NULL, NULL },
    };

    test_add_suite("source", cases);
}
