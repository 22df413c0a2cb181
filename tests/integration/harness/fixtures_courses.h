/*
 * fixtures_courses: courses, lessons, cohorts, pathways, enrolments,
 * lesson progress, certificates and the outbox, made and read straight in
 * the test database (fixtures.h's connection and tag), for tests that need a
 * course or a learner in a known state without the pages that make it.
 *
 * Titles end in fx_tag and slugs in "-<tag>", so a search for the tag finds
 * exactly the run's own courses. Call fx_init() first.
 */
#pragma once

#include "fixtures.h"

/* An enrolment's status: the SQL ENUM enrolments.status (migrations/0006)
 * by name, and FX_NOT_ENROLLED where a person has no row for the course. */
enum fx_enrol_status {
    FX_ENROL_UNKNOWN = -1, /* a value the ENUM does not have, or a database error */
    FX_NOT_ENROLLED = 0,
    FX_ENROLLED,
    FX_WAITLISTED,
    FX_COMPLETED,
    FX_CANCELLED,
    FX_OFFERED, /* a seat kept for a waiter until a deadline (migration 0009) */
};

/* "enrolled", "waitlisted", "completed", "cancelled", "offered" (NULL for the
 * others). */
const char *fx_enrol_status_name(enum fx_enrol_status s);

/* A published course "<title> <tag>" (slug "<slug>-<tag>") with n_lessons
 * lessons in both languages ("Gwers N"/"Lesson N", bodies "Testun gwers N" /
 * "Text of lesson N"); its id, or 0. format: e-learning, classroom, webinar
 * or blended. The slug is written to slug_out (>= 96 bytes). */
long long fx_course(const char *slug, const char *title_cy, const char *title_en,
                    const char *format, int n_lessons, char *slug_out);

/* Set the course's search_fold from its titles and summaries as the import
 * does (course_search_fold with the server's word list): after any fixture
 * or statement that changes them (fx_course and fx_course_set call it). */
void fx_course_refold(long long id);

/* An e-learning course "Cwrs <what> <tag>" / "Course <what> <tag>" of n
 * lessons with a slug unique in the run. It, and the fixtures below that
 * change rows, fail the test if they cannot (fx_require). */
long long fx_course_elearning(const char *what, int n_lessons, char *slug_out);

/* Change the course: column is role_family, level, summary_cy or
 * summary_en; taught in Welsh / English (1/0); published (1/0); minutes. */
void fx_course_set(long long id, const char *column, const char *value);
void fx_course_languages(long long id, int cy, int en);
void fx_course_published(long long id, int published);
void fx_course_minutes(long long id, int minutes);

/* A cohort of course_id starting days_ahead days from now, for capacity
 * people, held in lang ("cy", "en" or "both"), in Caerdydd/Cardiff; its id,
 * or 0. */
long long fx_cohort(long long course_id, int days_ahead, int capacity, const char *lang);

/* A pathway "<title> <tag>" (slug "<base>-<tag>", into slug_out >= 96
 * bytes), published or not; its id, or 0. Then its course at position. */
long long fx_pathway(const char *base, const char *title_cy, const char *title_en, int published,
                     char *slug_out);
int fx_pathway_step(long long pathway_id, int position, long long course_id);

/* An enrolment made straight in the table as the store would leave it: the
 * status's own timestamp set, counted in courses.enrolled_count when it is
 * active (enrolled or completed), cohort_id 0 for none; a cohort's seats are
 * not taken (set cohorts.taken where it matters). Its id; if it cannot be
 * made, the test fails (fx_require), or 0 in a suite's set-up. */
long long fx_enrol(long long user_id, long long course_id, long long cohort_id,
                   enum fx_enrol_status status, int lessons_done);

/* Lesson position of course_id done by user_id (as the complete form would,
 * the enrolment's lessons_done too). */
void fx_lesson_done(long long user_id, long long course_id, int position);

/* user_id's status on course_id; how many enrolments of course_id have status. */
enum fx_enrol_status fx_enrolment_status(long long user_id, long long course_id);
long long fx_enrolments_in(long long course_id, enum fx_enrol_status status);

/* Seats taken in a cohort; a course's enrolled_count. */
long long fx_taken(long long cohort_id);
long long fx_enrolled_count(long long course_id);

/* user_id on course_id: lessons_done, progress rows, certificates, 1 when
 * completed with a completion time; the certificate's code (fx_mem) or NULL. */
long long fx_lessons_done(long long user_id, long long course_id);
long long fx_progress_rows(long long user_id, long long course_id);
long long fx_certificates(long long user_id, long long course_id);
long long fx_completed(long long user_id, long long course_id);
char *fx_cert_code(long long user_id, long long course_id);

/* The newest outbox message to addr: its lang, subject and body (fx_mem);
 * 0, or -1 when there is none. How many messages to user_id at addr. */
int fx_mail(const char *addr, char **lang, char **subject, char **body);
long long fx_mails_to(long long user_id, const char *addr);

/* The newest outbox message to addr: its id, calendar part's method and
 * iCalendar text (fx_mem; NULL when it has none); 0, or -1 when there is no
 * message. */
int fx_mail_calendar(const char *addr, long long *id, char **method, char **calendar);
