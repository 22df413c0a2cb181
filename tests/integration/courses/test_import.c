/*
 * dysgu import-courses, the real binary against the real test database:
 * the first run adds, a second run writes nothing, a changed lesson updates
 * its course, reordering keeps a learner's progress, a removed lesson keeps
 * its row (out of the order), an admin's unpublish survives, and a broken
 * file changes nothing at all. Each course's search_fold (migration 0017)
 * holds its titles and summaries folded, mutations and all, and a course
 * whose fold is empty is written again. The fixture course folders of
 * tests/unit/data/courses/good are copied under slugs unique to the run.
 * Finally the real courses/ folder must import.
 */
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define GOOD DYSGU_SOURCE_DIR "/tests/unit/data/courses/good"

static char tmp[256];    /* the run's courses folder */
static char slug_a[128]; /* both languages, two lessons: un, dau */
static char slug_b[128]; /* Welsh only, "published": false */
static char slug_p[128]; /* the pathway */
static char out[65536];  /* the last run's stdout and stderr */

/* 0, or -1 (these run in the suite's set-up too, where CUnit asserts cannot). */
static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *o = fopen(to, "wb");
    char buf[8192];
    size_t n;
    int rc = in && o ? 0 : -1;

    while (rc == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0)
        rc = fwrite(buf, 1, n, o) == n ? 0 : -1;
    if (in)
        fclose(in);
    if (o && fclose(o))
        rc = -1;
    return rc;
}

/* Copy the folder from into to (files and sub-folders). 0 or -1. */
static int copy_tree(const char *from, const char *to)
{
    DIR *d = opendir(from);
    struct dirent *de;
    char a[1024], b[1024];
    struct stat st;
    int rc = d && (mkdir(to, 0700) == 0 || errno == EEXIST) ? 0 : -1;

    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        snprintf(a, sizeof(a), "%s/%s", from, de->d_name);
        snprintf(b, sizeof(b), "%s/%s", to, de->d_name);
        if (stat(a, &st))
            rc = -1;
        else
            rc = S_ISDIR(st.st_mode) ? copy_tree(a, b) : copy_file(a, b);
    }
    if (d)
        closedir(d);
    return rc;
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");

    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f) ? -1 : 0;
}

/* Path of a file in course slug's folder. */
static const char *in_course(const char *slug, const char *rel)
{
    static char path[2][1024];
    static int turn;

    turn ^= 1;
    snprintf(path[turn], sizeof(path[turn]), "%s/%s/%s", tmp, slug, rel);
    return path[turn];
}

/* Run `dysgu import-courses dir`; its exit status, output in out. */
static int import(const char *dir)
{
    char cmd[1024];
    FILE *p;
    size_t n;
    int status;

    snprintf(cmd, sizeof(cmd), "'%s' import-courses '%s' 2>&1", DYSGU_BINARY, dir);
    p = popen(cmd, "r");
    CU_ASSERT_FATAL(p != NULL);
    n = fread(out, 1, sizeof(out) - 1, p);
    out[n] = '\0';
    status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int out_has(const char *needle)
{
    if (strstr(out, needle))
        return 1;
    fprintf(stderr, "\n  output lacks '%s':\n%s\n", needle, out);
    return 0;
}

/* The id of the course with slug, or -1. */
static long long course_id(const char *slug)
{
    return fx_num_s("SELECT id FROM courses WHERE slug = ?", slug);
}

/* The lesson named name of course id: its id and position (0 when NULL). */
static long long lesson(long long course, const char *name, int *position)
{
    static const char *const q =
        "SELECT id, COALESCE(position, 0) FROM lessons WHERE course_id = ? AND name = ?";
    struct db_stmt *st = NULL;
    long long id = 0;

    *position = -1;
    if (db_query(fx_dbh, &st, q, "ls", course, name) == DB_OK &&
        db_row_next(st, NULL, "li", &id, position) != DB_OK)
        id = 0;
    db_done(st);
    return id;
}

/* The run's rows: courses, lessons, pathways, pathway_courses (as one number). */
static long long run_rows(void)
{
    static const char *const q =
        "SELECT (SELECT COUNT(*) FROM courses WHERE slug LIKE ?) * 1000000 + "
        "(SELECT COUNT(*) FROM lessons l JOIN courses c ON c.id = l.course_id "
        "WHERE c.slug LIKE ?) * 10000 + (SELECT COUNT(*) FROM pathways WHERE slug LIKE ?) * 100 + "
        "(SELECT COUNT(*) FROM pathway_courses pc JOIN pathways p ON p.id = pc.pathway_id "
        "WHERE p.slug LIKE ?)";
    struct db_stmt *st = NULL;
    char like[64];
    long long n = -1;

    snprintf(like, sizeof(like), "%%-%s", fx_tag);
    if (db_query(fx_dbh, &st, q, "ssss", like, like, like, like) == DB_OK &&
        db_row_next(st, NULL, "l", &n) != DB_OK)
        n = -1;
    db_done(st);
    return n;
}

static void set_old_timestamps(void)
{
    static const char *const q =
        "UPDATE courses SET updated_at = '2000-01-01 00:00:00' WHERE slug LIKE ?";
    char like[64];

    snprintf(like, sizeof(like), "%%-%s", fx_tag);
    CU_ASSERT_FATAL(db_exec(fx_dbh, q, "s", like) == DB_OK);
}

static long long is_old(long long id)
{
    return fx_num_l("SELECT updated_at = '2000-01-01 00:00:00' FROM courses WHERE id = ?", id);
}

static int init(void)
{
    char pathways[2048];

    if (fx_init())
        return -1;
    snprintf(tmp, sizeof(tmp), "/tmp/dysgu-import-%s", fx_tag);
    snprintf(slug_a, sizeof(slug_a), "gwasanaethau-digidol-%s", fx_tag);
    snprintf(slug_b, sizeof(slug_b), "cymraeg-yn-unig-%s", fx_tag);
    snprintf(slug_p, sizeof(slug_p), "llwybr-%s", fx_tag);
    if (mkdir(tmp, 0700))
        return -1;
    if (copy_tree(GOOD "/gwasanaethau-digidol", in_course(slug_a, "")) ||
        copy_tree(GOOD "/cymraeg-yn-unig", in_course(slug_b, "")))
        return -1;
    snprintf(pathways, sizeof(pathways),
             "[{\"slug\": \"%s\", \"title\": {\"cy\": \"Llwybr\", \"en\": \"Pathway\"}, "
             "\"summary\": {\"cy\": \"Dau gwrs.\", \"en\": \"Two courses.\"}, "
             "\"audience\": {\"cy\": \"Pawb.\", \"en\": \"Everyone.\"}, \"community\": null, "
             "\"courses\": [\"%s\", \"%s\"]}]\n",
             slug_p, slug_b, slug_a);
    snprintf(out, sizeof(out), "%s/pathways.json", tmp);
    return write_file(out, pathways);
}

static int clean(void)
{
    char cmd[512];
    int rc;

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    rc = system(cmd);
    fx_done();
    return rc;
}

static void import__adds_then_writes_nothing(void)
{
    char want[256];
    long long a, b;
    int pos;

    CU_ASSERT_EQUAL_FATAL(import(tmp), 0);
    CU_ASSERT(out_has("courses: 2 added, 0 updated, 0 unchanged\n"));
    snprintf(want, sizeof(want), "  added %s\n", slug_a);
    CU_ASSERT(out_has(want));
    CU_ASSERT(out_has("pathways: 1 added, 0 updated, 0 unchanged\n"));
    a = course_id(slug_a);
    b = course_id(slug_b);
    CU_ASSERT_FATAL(a > 0 && b > 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT lesson_count FROM courses WHERE id = ?", a), 2);
    CU_ASSERT_EQUAL(fx_num_l("SELECT lesson_count FROM courses WHERE id = ?", b), 3);
    CU_ASSERT_EQUAL(fx_num_l("SELECT published FROM courses WHERE id = ?", a), 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT published FROM courses WHERE id = ?", b), 0);
    /* taught in Welsh only */
    CU_ASSERT_EQUAL(fx_num_l("SELECT in_cy FROM courses WHERE id = ?", b), 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT in_en FROM courses WHERE id = ?", b), 0);
    CU_ASSERT_STRING_EQUAL(fx_str_l("SELECT title_en FROM courses WHERE id = ?", a),
                           "Digital services for everyone");
    CU_ASSERT_STRING_EQUAL(fx_str_l("SELECT outcomes_en FROM courses WHERE id = ?", a),
                           "Understand user needs\nPlan a bilingual service");
    CU_ASSERT(lesson(a, "dau", &pos) > 0 && pos == 2);
    CU_ASSERT_STRING_EQUAL(
        fx_str_l("SELECT html_en FROM lessons WHERE course_id = ? AND position = 2", a),
        "<p>Every service starts with the people who use it.</p>\n<h2>Try this</h2>\n"
        "<ul>\n<li>Talk to a user.</li>\n</ul>\n");
    CU_ASSERT_PTR_NULL(
        fx_str_l("SELECT html_en FROM lessons WHERE course_id = ? AND position = 1", b));
    CU_ASSERT_EQUAL(fx_num_l("SELECT minutes FROM lessons WHERE course_id = ? AND position = 1", a),
                    1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM pathway_courses pc JOIN pathways p ON "
                             "p.id = pc.pathway_id JOIN courses c ON c.id = pc.course_id "
                             "WHERE c.id = ? AND pc.position = 2",
                             a),
                    1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT LENGTH(sort_cy) > 0 AND LENGTH(source_hash) = 64 "
                             "FROM courses WHERE id = ?",
                             a),
                    1);
    /* the same files again: nothing is written */
    set_old_timestamps();
    CU_ASSERT_EQUAL_FATAL(import(tmp), 0);
    CU_ASSERT(out_has("courses: 0 added, 0 updated, 2 unchanged\n"));
    CU_ASSERT(out_has("pathways: 0 added, 0 updated, 1 unchanged\n"));
    CU_ASSERT(!strstr(out, "  added") && !strstr(out, "  updated"));
    CU_ASSERT_EQUAL(is_old(a), 1);
    CU_ASSERT_EQUAL(is_old(b), 1);
}

/* search_fold: both languages' titles and summaries, folded (the summary's
 * "ddylunio" gives "dylunio" too, "Gymraeg" gives "cymraeg"); an empty one
 * (a row from before migration 0017) is written again though the files are
 * unchanged. */
static void import__search_fold(void)
{
    static const char *const terms[] = { "gwasanaethau", "digital", "ddylunio", "dylunio",
                                         "gymraeg",      "cymraeg", "everyone" };
    const char *fold = fx_str_l("SELECT search_fold FROM courses WHERE id = ?", course_id(slug_a));
    char *padded, want[64];
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(fold);
    padded = arena_printf(&fx_mem, " %s ", fold);
    for (i = 0; i < sizeof(terms) / sizeof(terms[0]); i++) {
        snprintf(want, sizeof(want), " %s ", terms[i]);
        if (!strstr(padded, want))
            fprintf(stderr, "\n  search_fold of %s lacks \"%s\"\n", slug_a, terms[i]);
        CU_ASSERT_PTR_NOT_NULL(strstr(padded, want));
    }
    CU_ASSERT_FATAL(fx_exec_s("UPDATE courses SET search_fold = '' WHERE slug = ?", slug_a) == 1);
    CU_ASSERT_EQUAL_FATAL(import(tmp), 0);
    CU_ASSERT(out_has("courses: 0 added, 1 updated, 1 unchanged\n"));
    fold = fx_str_l("SELECT search_fold FROM courses WHERE id = ?", course_id(slug_a));
    CU_ASSERT(fold && strstr(fold, "dylunio"));
}

static void import__changed_lesson_updates(void)
{
    char want[256];
    long long a = course_id(slug_a);

    set_old_timestamps();
    CU_ASSERT_FATAL(write_file(in_course(slug_a, "lessons/02-dau.en.md"),
                               "# Bilingual services, again\n\nWelsh *first*, always.\n") == 0);
    CU_ASSERT_EQUAL_FATAL(import(tmp), 0);
    CU_ASSERT(out_has("courses: 0 added, 1 updated, 1 unchanged\n"));
    snprintf(want, sizeof(want), "  updated %s\n", slug_a);
    CU_ASSERT(out_has(want));
    CU_ASSERT_EQUAL(is_old(a), 0);
    CU_ASSERT_EQUAL(is_old(course_id(slug_b)), 1);
    CU_ASSERT_STRING_EQUAL(
        fx_str_l("SELECT title_en FROM lessons WHERE course_id = ? AND position = 2", a),
        "Bilingual services, again");
    CU_ASSERT_STRING_EQUAL(
        fx_str_l("SELECT html_en FROM lessons WHERE course_id = ? AND position = 2", a),
        "<p>Welsh <em>first</em>, always.</p>\n");
}

/* Swap the two lessons' numbers: progress follows the name. */
static void import__reorder_keeps_progress(void)
{
    static const char *const enrol =
        "INSERT INTO enrolments (user_id, course_id, status, enrolled_at, lessons_done) "
        "VALUES (?, ?, 'enrolled', UTC_TIMESTAMP(), 2)";
    static const char *const done = "INSERT INTO lesson_progress (user_id, lesson_id, "
                                    "completed_at) VALUES (?, ?, UTC_TIMESTAMP())";
    long long a = course_id(slug_a), user = fx_user("Dysgwr Mewnforio", "learner");
    long long un, dau;
    int pos;

    un = lesson(a, "un", &pos);
    dau = lesson(a, "dau", &pos);
    CU_ASSERT_FATAL(user > 0 && un > 0 && dau > 0);
    CU_ASSERT_FATAL(db_exec(fx_dbh, enrol, "ll", user, a) == DB_OK);
    CU_ASSERT_FATAL(db_exec(fx_dbh, done, "ll", user, un) == DB_OK);
    CU_ASSERT_FATAL(db_exec(fx_dbh, done, "ll", user, dau) == DB_OK);
    CU_ASSERT_FATAL(rename(in_course(slug_a, "lessons/01-un.cy.md"),
                           in_course(slug_a, "lessons/02-un.cy.md")) == 0);
    CU_ASSERT_FATAL(rename(in_course(slug_a, "lessons/01-un.en.md"),
                           in_course(slug_a, "lessons/02-un.en.md")) == 0);
    CU_ASSERT_FATAL(rename(in_course(slug_a, "lessons/02-dau.cy.md"),
                           in_course(slug_a, "lessons/01-dau.cy.md")) == 0);
    CU_ASSERT_FATAL(rename(in_course(slug_a, "lessons/02-dau.en.md"),
                           in_course(slug_a, "lessons/01-dau.en.md")) == 0);
    CU_ASSERT_EQUAL_FATAL(import(tmp), 0);
    CU_ASSERT(out_has("courses: 0 added, 1 updated, 1 unchanged\n"));
    CU_ASSERT_EQUAL(lesson(a, "un", &pos), un);
    CU_ASSERT_EQUAL(pos, 2);
    CU_ASSERT_EQUAL(lesson(a, "dau", &pos), dau);
    CU_ASSERT_EQUAL(pos, 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM lesson_progress WHERE user_id = ?", user), 2);
    CU_ASSERT_EQUAL(fx_num_l("SELECT lessons_done FROM enrolments WHERE user_id = ?", user), 2);
    CU_ASSERT_EQUAL(fx_num_l("SELECT lesson_count FROM courses WHERE id = ?", a), 2);
}

/* Take lesson "dau" out: its row and progress stay, out of the order. */
static void import__removed_lesson_keeps_row(void)
{
    long long a = course_id(slug_a);
    long long dau;
    int pos;

    dau = lesson(a, "dau", &pos);
    CU_ASSERT_FATAL(unlink(in_course(slug_a, "lessons/01-dau.cy.md")) == 0);
    CU_ASSERT_FATAL(unlink(in_course(slug_a, "lessons/01-dau.en.md")) == 0);
    CU_ASSERT_FATAL(rename(in_course(slug_a, "lessons/02-un.cy.md"),
                           in_course(slug_a, "lessons/01-un.cy.md")) == 0);
    CU_ASSERT_FATAL(rename(in_course(slug_a, "lessons/02-un.en.md"),
                           in_course(slug_a, "lessons/01-un.en.md")) == 0);
    CU_ASSERT_EQUAL_FATAL(import(tmp), 0);
    CU_ASSERT(out_has("courses: 0 added, 1 updated, 1 unchanged\n"));
    CU_ASSERT_EQUAL(lesson(a, "dau", &pos), dau);
    CU_ASSERT_EQUAL(pos, 0); /* NULL */
    lesson(a, "un", &pos);
    CU_ASSERT_EQUAL(pos, 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT lesson_count FROM courses WHERE id = ?", a), 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM lesson_progress WHERE lesson_id = ?", dau), 1);
    /* the removed lesson no longer counts towards the learner's progress */
    CU_ASSERT_EQUAL(fx_num_l("SELECT lessons_done FROM enrolments WHERE course_id = ?", a), 1);
}

/* An admin's unpublish survives a re-import; a file saying false unpublishes. */
static void import__published_rules(void)
{
    long long a = course_id(slug_a), b = course_id(slug_b);

    CU_ASSERT_FATAL(db_exec(fx_dbh, "UPDATE courses SET published = 0 WHERE id = ?", "l", a) ==
                    DB_OK);
    CU_ASSERT_FATAL(db_exec(fx_dbh, "UPDATE courses SET published = 1 WHERE id = ?", "l", b) ==
                    DB_OK);
    CU_ASSERT_FATAL(write_file(in_course(slug_a, "lessons/01-un.en.md"),
                               "# Why users matter\n\nChanged.\n") == 0);
    CU_ASSERT_FATAL(write_file(in_course(slug_b, "lessons/03-rhestrau.cy.md"),
                               "# Rhestrau\n\nNewidiwyd.\n") == 0);
    CU_ASSERT_EQUAL_FATAL(import(tmp), 0);
    CU_ASSERT(out_has("courses: 0 added, 2 updated, 0 unchanged\n"));
    CU_ASSERT_EQUAL(fx_num_l("SELECT published FROM courses WHERE id = ?", a), 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT published FROM courses WHERE id = ?", b), 0);
}

/* A mistake anywhere: exit 1, every mistake named, nothing written. */
static void import__broken_file_changes_nothing(void)
{
    long long a = course_id(slug_a), rows = run_rows();
    char *hash = fx_str_l("SELECT source_hash FROM courses WHERE id = ?", a);
    char want[256];

    CU_ASSERT_FATAL(hash != NULL && rows > 0);
    set_old_timestamps();
    /* a valid change in one course, mistakes in the other and in the pathways */
    CU_ASSERT_FATAL(write_file(in_course(slug_a, "lessons/01-un.en.md"),
                               "# Why users matter\n\nAgain.\n") == 0);
    CU_ASSERT_FATAL(
        write_file(in_course(slug_a, "lessons/02-newydd.en.md"), "# New\n\nNew lesson.\n") == 0);
    CU_ASSERT_FATAL(write_file(in_course(slug_b, "course.json"),
                               "{\"title\": {\"cy\": \"T\", \"en\": \"T\"}, "
                               "\"colour\": \"glas\"}") == 0);
    CU_ASSERT_EQUAL(import(tmp), 1);
    snprintf(want, sizeof(want), "%s/course.json: colour: unknown field\n", slug_b);
    CU_ASSERT(out_has(want));
    snprintf(want, sizeof(want), "%s/course.json: level: missing\n", slug_b);
    CU_ASSERT(out_has(want));
    snprintf(want, sizeof(want),
             "%s/lessons/02-newydd.cy.md: file: missing: the course is delivered in Welsh "
             "(languages)\n",
             slug_a);
    CU_ASSERT(out_has(want));
    CU_ASSERT(out_has("nothing imported"));
    CU_ASSERT(!strstr(out, "added") && !strstr(out, "updated"));
    CU_ASSERT_EQUAL(run_rows(), rows);
    CU_ASSERT_STRING_EQUAL(fx_str_l("SELECT source_hash FROM courses WHERE id = ?", a), hash);
    CU_ASSERT_EQUAL(is_old(a), 1);
}

/* The real catalogue imports cleanly (ops/test imports it too). */
static void import__real_courses(void)
{
    glob_t g;
    int found = glob(DYSGU_SOURCE_DIR "/courses/*/course.json", 0, NULL, &g) == 0;

    globfree(&g);
    if (!found)
        return; /* no course written yet */
    CU_ASSERT_EQUAL(import(DYSGU_SOURCE_DIR "/courses"), 0);
    CU_ASSERT(out_has("courses: "));
    CU_ASSERT(out_has("pathways: "));
    /* and again: the files are as they were, so nothing is written */
    CU_ASSERT_EQUAL(import(DYSGU_SOURCE_DIR "/courses"), 0);
    CU_ASSERT(out_has("courses: 0 added, 0 updated, "));
    CU_ASSERT(out_has("pathways: 0 added, 0 updated, "));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "import__adds_then_writes_nothing", import__adds_then_writes_nothing },
        { "import__search_fold", import__search_fold },
        { "import__changed_lesson_updates", import__changed_lesson_updates },
        { "import__reorder_keeps_progress", import__reorder_keeps_progress },
        { "import__removed_lesson_keeps_row", import__removed_lesson_keeps_row },
        { "import__published_rules", import__published_rules },
        { "import__broken_file_changes_nothing", import__broken_file_changes_nothing },
        { "import__real_courses", import__real_courses },
        { NULL, NULL },
    };

    test_add_suite_with("import", cases, init, clean);
}
