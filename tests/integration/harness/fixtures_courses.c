#include "fixtures_courses.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "courses/courses.h"
#include "view/collate.h"
#include "view/welshfold.h"

static const char *const status_names[] = {
    [FX_ENROLLED] = "enrolled",   [FX_WAITLISTED] = "waitlisted", [FX_COMPLETED] = "completed",
    [FX_CANCELLED] = "cancelled", [FX_OFFERED] = "offered",
};

const char *fx_enrol_status_name(enum fx_enrol_status s)
{
    return s >= FX_ENROLLED && s <= FX_OFFERED ? status_names[s] : NULL;
}

void fx_course_refold(long long id)
{
    static const char *const get =
        "SELECT title_cy, title_en, summary_cy, summary_en FROM courses WHERE id = ?";
    static const char *const put = "UPDATE courses SET search_fold = ? WHERE id = ?";
    static struct welshfold *wf; /* the server's list, loaded once for the run */
    char *t[LANG__COUNT] = { NULL, NULL }, *sm[LANG__COUNT] = { NULL, NULL };
    const char *title[LANG__COUNT], *summary[LANG__COUNT];
    struct db_stmt *st = NULL;
    struct sbuf fold;
    int ok;

    if (!wf)
        wf = welshfold_load(DYSGU_WELSH_WORDS);
    ok = db_query(fx_dbh, &st, get, "l", id) == DB_OK;
    if (ok) {
        ok = db_row_next(st, &fx_mem, "ssss", &t[LANG_CY], &t[LANG_EN], &sm[LANG_CY],
                         &sm[LANG_EN]) == DB_OK;
        db_done(st);
    }
    title[LANG_CY] = t[LANG_CY];
    title[LANG_EN] = t[LANG_EN];
    summary[LANG_CY] = sm[LANG_CY];
    summary[LANG_EN] = sm[LANG_EN];
    sbuf_init(&fold, &fx_mem, COURSE_FOLD_MAX);
    if (ok)
        course_search_fold(wf, title, summary, &fold);
    fx_require(ok && !sbuf_failed(&fold) && db_exec(fx_dbh, put, "sl", fold.buf, id) == DB_OK,
               "fx_course_refold");
}

long long fx_course(const char *slug, const char *title_cy, const char *title_en,
                    const char *format, int n_lessons, char *slug_out)
{
    static const char *const ins =
        "INSERT INTO courses (slug, title_cy, title_en, summary_cy, summary_en, outcomes_cy, "
        "outcomes_en, audience_cy, audience_en, role_family, role, level, format, "
        "duration_minutes, in_cy, in_en, sort_cy, sort_en, source_hash, lesson_count) VALUES "
        "(?, ?, ?, 'Crynodeb prawf', 'Test summary', 'Canlyniad un\\nCanlyniad dau', "
        "'Outcome one\\nOutcome two', 'Pawb', 'Everyone', 'product-delivery', 'any', "
        "'awareness', ?, 60, 1, 1, ?, ?, REPEAT('0', 64), ?)";
    static const char *const ins_lesson =
        "INSERT INTO lessons (course_id, name, position, title_cy, title_en, body_cy, body_en, "
        "html_cy, html_en, minutes) VALUES (?, ?, ?, ?, ?, 'Gwers', 'Lesson', ?, ?, 5)";
    char tcy[256], ten[256], name[32], lcy[64], len_[64], hcy[128], hen[128];
    unsigned char kcy[255], ken[255];
    size_t ncy, nen;
    long long id;
    int i;

    snprintf(slug_out, 96, "%s-%s", slug, fx_tag);
    snprintf(tcy, sizeof(tcy), "%s %s", title_cy, fx_tag);
    snprintf(ten, sizeof(ten), "%s %s", title_en, fx_tag);
    ncy = collate_sortkey(LANG_CY, tcy, kcy, sizeof(kcy));
    nen = collate_sortkey(LANG_EN, ten, ken, sizeof(ken));
    if (db_exec(fx_dbh, ins, "ssssSSi", slug_out, tcy, ten, format, (const char *)kcy, ncy,
                (const char *)ken, nen, n_lessons) != DB_OK)
        return 0;
    id = (long long)db_insert_id(fx_dbh);
    for (i = 1; i <= n_lessons; i++) {
        snprintf(name, sizeof(name), "lesson-%d", i);
        snprintf(lcy, sizeof(lcy), "Gwers %d", i);
        snprintf(len_, sizeof(len_), "Lesson %d", i);
        snprintf(hcy, sizeof(hcy), "<p>Testun gwers %d</p>\n", i);
        snprintf(hen, sizeof(hen), "<p>Text of lesson %d</p>\n", i);
        if (db_exec(fx_dbh, ins_lesson, "lsissss", id, name, i, lcy, len_, hcy, hen) != DB_OK)
            return 0;
    }
    fx_course_refold(id);
    return id;
}

long long fx_course_elearning(const char *what, int n_lessons, char *slug_out)
{
    char s[64], cy[128], en[128];
    long long id;

    snprintf(s, sizeof(s), "%s-%d", what, fx_next_serial());
    snprintf(cy, sizeof(cy), "Cwrs %s", what);
    snprintf(en, sizeof(en), "Course %s", what);
    id = fx_course(s, cy, en, "e-learning", n_lessons, slug_out);
    return fx_require(id > 0, "fx_course_elearning") ? id : 0;
}

void fx_course_set(long long id, const char *column, const char *value)
{
    /* statements are cached by pointer, and a column cannot be a parameter */
    static const char *const sql[][2] = {
        { "role_family", "UPDATE courses SET role_family = ? WHERE id = ?" },
        { "level", "UPDATE courses SET level = ? WHERE id = ?" },
        { "summary_cy", "UPDATE courses SET summary_cy = ? WHERE id = ?" },
        { "summary_en", "UPDATE courses SET summary_en = ? WHERE id = ?" },
    };
    size_t i;

    for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
        if (!strcmp(column, sql[i][0])) {
            fx_require(fx_exec_sl(sql[i][1], value, id) == 1, "fx_course_set");
            fx_course_refold(id); /* a summary is searched */
            return;
        }
    fx_require(0, "fx_course_set of a column it does not know");
}

void fx_course_languages(long long id, int cy, int en)
{
    static const char *const q = "UPDATE courses SET in_cy = ?, in_en = ? WHERE id = ?";

    fx_require(db_exec(fx_dbh, q, "bbl", cy, en, id) == DB_OK, "fx_course_languages");
}

void fx_course_published(long long id, int published)
{
    static const char *const q = "UPDATE courses SET published = ? WHERE id = ?";

    fx_require(db_exec(fx_dbh, q, "bl", published, id) == DB_OK, "fx_course_published");
}

void fx_course_minutes(long long id, int minutes)
{
    static const char *const q = "UPDATE courses SET duration_minutes = ? WHERE id = ?";

    fx_require(db_exec(fx_dbh, q, "il", minutes, id) == DB_OK, "fx_course_minutes");
}

long long fx_cohort(long long course_id, int days_ahead, int capacity, const char *lang)
{
    static const char *const ins =
        "INSERT INTO cohorts (course_id, starts_at, ends_at, location_cy, location_en, lang, "
        "capacity) VALUES (?, UTC_TIMESTAMP() + INTERVAL ? DAY, "
        "UTC_TIMESTAMP() + INTERVAL ? DAY + INTERVAL 6 HOUR, 'Caerdydd', 'Cardiff', ?, ?)";

    if (db_exec(fx_dbh, ins, "liisi", course_id, days_ahead, days_ahead, lang, capacity) != DB_OK)
        return 0;
    return (long long)db_insert_id(fx_dbh);
}

long long fx_pathway(const char *base, const char *title_cy, const char *title_en, int published,
                     char *slug_out)
{
    static const char *const ins =
        "INSERT INTO pathways (slug, title_cy, title_en, summary_cy, summary_en, audience_cy, "
        "audience_en, position, published) VALUES (?, ?, ?, 'Crynodeb y llwybr', "
        "'Pathway summary', 'Dylunwyr cynnwys', 'Content designers', 1, ?)";
    char tcy[160], ten[160];

    snprintf(slug_out, 96, "%s-%s", base, fx_tag);
    snprintf(tcy, sizeof(tcy), "%s %s", title_cy, fx_tag);
    snprintf(ten, sizeof(ten), "%s %s", title_en, fx_tag);
    if (db_exec(fx_dbh, ins, "sssb", slug_out, tcy, ten, published) != DB_OK)
        return 0;
    return (long long)db_insert_id(fx_dbh);
}

int fx_pathway_step(long long pathway_id, int position, long long course_id)
{
    static const char *const ins =
        "INSERT INTO pathway_courses (pathway_id, position, course_id) VALUES (?, ?, ?)";

    return db_exec(fx_dbh, ins, "lil", pathway_id, position, course_id) == DB_OK ? 0 : -1;
}

long long fx_enrol(long long user_id, long long course_id, long long cohort_id,
                   enum fx_enrol_status status, int lessons_done)
{
    static const char *const ins =
        "INSERT INTO enrolments (user_id, course_id, cohort_id, status, enrolled_at, "
        "waitlisted_at, completed_at, cancelled_at, lessons_done) VALUES (?, ?, NULLIF(?, 0), ?, "
        "UTC_TIMESTAMP(), IF(?, UTC_TIMESTAMP(), NULL), IF(?, UTC_TIMESTAMP(), NULL), "
        "IF(?, UTC_TIMESTAMP(), NULL), ?)";
    static const char *const count =
        "UPDATE courses SET enrolled_count = enrolled_count + 1 WHERE id = ?";
    long long id;

    if (!fx_require(fx_enrol_status_name(status) &&
                        db_exec(fx_dbh, ins, "lllsbbbi", user_id, course_id, cohort_id,
                                fx_enrol_status_name(status), status == FX_WAITLISTED,
                                status == FX_COMPLETED, status == FX_CANCELLED,
                                lessons_done) == DB_OK,
                    "fx_enrol"))
        return 0;
    id = (long long)db_insert_id(fx_dbh);
    if ((status == FX_ENROLLED || status == FX_COMPLETED) &&
        !fx_require(fx_exec_l(count, course_id) == 1, "fx_enrol's enrolled_count"))
        return 0;
    return id;
}

void fx_lesson_done(long long user_id, long long course_id, int position)
{
    static const char *const ins =
        "INSERT INTO lesson_progress (user_id, lesson_id, completed_at) SELECT ?, id, "
        "UTC_TIMESTAMP() - INTERVAL 1 DAY FROM lessons WHERE course_id = ? AND position = ?";
    static const char *const bump = "UPDATE enrolments SET lessons_done = lessons_done + 1 "
                                    "WHERE user_id = ? AND course_id = ?";

    fx_require(db_exec(fx_dbh, ins, "lli", user_id, course_id, position) == DB_OK &&
                   db_exec(fx_dbh, bump, "ll", user_id, course_id) == DB_OK,
               "fx_lesson_done");
}

enum fx_enrol_status fx_enrolment_status(long long user_id, long long course_id)
{
    static const char *const q = "SELECT COALESCE((SELECT status FROM enrolments WHERE "
                                 "user_id = ? AND course_id = ?), '')";
    struct db_stmt *st = NULL;
    enum fx_enrol_status s = FX_ENROL_UNKNOWN;
    char *name = NULL;

    if (db_query(fx_dbh, &st, q, "ll", user_id, course_id) != DB_OK)
        return FX_ENROL_UNKNOWN;
    if (db_row_next(st, &fx_mem, "s", &name) == DB_OK && name) {
        if (!*name)
            s = FX_NOT_ENROLLED;
        for (int i = FX_ENROLLED; i <= FX_OFFERED; i++)
            if (!strcmp(name, status_names[i]))
                s = (enum fx_enrol_status)i;
    }
    db_done(st);
    return s;
}

long long fx_enrolments_in(long long course_id, enum fx_enrol_status status)
{
    return fx_num_ls("SELECT COUNT(*) FROM enrolments WHERE course_id = ? AND status = ?",
                     course_id, fx_enrol_status_name(status));
}

long long fx_taken(long long cohort_id)
{
    return fx_num_l("SELECT taken FROM cohorts WHERE id = ?", cohort_id);
}

long long fx_enrolled_count(long long course_id)
{
    return fx_num_l("SELECT enrolled_count FROM courses WHERE id = ?", course_id);
}

long long fx_lessons_done(long long user_id, long long course_id)
{
    return fx_num_ll("SELECT lessons_done FROM enrolments WHERE user_id = ? AND course_id = ?",
                     user_id, course_id);
}

long long fx_progress_rows(long long user_id, long long course_id)
{
    return fx_num_ll("SELECT COUNT(*) FROM lesson_progress p JOIN lessons l ON l.id = "
                     "p.lesson_id WHERE p.user_id = ? AND l.course_id = ?",
                     user_id, course_id);
}

long long fx_certificates(long long user_id, long long course_id)
{
    return fx_num_ll("SELECT COUNT(*) FROM certificates WHERE user_id = ? AND course_id = ?",
                     user_id, course_id);
}

long long fx_completed(long long user_id, long long course_id)
{
    return fx_num_ll("SELECT status = 'completed' AND completed_at IS NOT NULL FROM enrolments "
                     "WHERE user_id = ? AND course_id = ?",
                     user_id, course_id);
}

char *fx_cert_code(long long user_id, long long course_id)
{
    return fx_str_ll("SELECT code FROM certificates WHERE user_id = ? AND course_id = ?", user_id,
                     course_id);
}

int fx_mail(const char *addr, char **lang, char **subject, char **body)
{
    static const char *const q = "SELECT lang, subject, body_text FROM outbox WHERE to_addr = ? "
                                 "ORDER BY id DESC LIMIT 1";
    struct db_stmt *st = NULL;
    int rc;

    if (db_query(fx_dbh, &st, q, "s", addr) != DB_OK)
        return -1;
    rc = db_row_next(st, &fx_mem, "sss", lang, subject, body) == DB_OK ? 0 : -1;
    db_done(st);
    return rc;
}

int fx_mail_calendar(const char *addr, long long *id, char **method, char **calendar)
{
    static const char *const q = "SELECT id, calendar_method, calendar FROM outbox "
                                 "WHERE to_addr = ? ORDER BY id DESC LIMIT 1";
    struct db_stmt *st = NULL;
    int rc;

    if (db_query(fx_dbh, &st, q, "s", addr) != DB_OK)
        return -1;
    rc = db_row_next(st, &fx_mem, "lss", id, method, calendar) == DB_OK ? 0 : -1;
    db_done(st);
    return rc;
}

long long fx_mails_to(long long user_id, const char *addr)
{
    return fx_num_ls("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND to_addr = ?", user_id,
                     addr);
}
