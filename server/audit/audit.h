/*
 * audit: the audit log (reference/security.md 1.11). One row per
 * security-relevant event: who did it (actor), to whom (subject), from where
 * and a short detail. Never secrets: no passwords, tokens or hashes.
 *
 * Event names: "login", "login_failed", "logout", "password_changed",
 * "password_reset", "role_changed", "account_disabled", "account_enabled",
 * "session_ended", "registered", "locked", "course_published",
 * "course_unpublished" (detail: the course's slug), "apprentice_viewed",
 * "apprentice_status", "apprentice_enrolled", "apprentice_hours_logged",
 * "apprentice_hours_approved", "apprentice_hours_returned", "apprentice_reviewed",
 * "apprentice_review_signed", "apprentice_review_employer_sent",
 * "apprentice_review_employer_answered", "apprentice_unit_recorded", "apprentice_hours_resubmitted"
 * (subject: the apprentice's account; detail: the record), "apprentice_hours_exported"
 * (subject: the apprentice's account; detail: the record, the state asked for and the rows),
 * "apprentices_exported",
 * "apprentice_reports_viewed" (no subject; detail: the rows or report and filters),
 * "appr_scheme_created", "appr_scheme_updated" (no subject; detail "scheme=N staff=K"),
 * "apprentice_trainer_assigned" (subject: the apprentice's account; detail: the trainers),
 * "cohort_viewed", "cohort_exported", "attendance_marked" (detail: "cohort N
 * [session M]" or "webinar N"), "webinar_exported" (detail: "webinar N"),
 * "cohort_created", "cohort_trainer_added", "cohort_trainer_removed" (subject: the trainer; detail
 * "cohort N [user U]"), "session_added", "session_changed", "session_cancelled" (detail "cohort N
 * session M"), "cohort_messaged" (detail "cohort N: recipients"), "forum_post_hidden",
 * "forum_post_restored", "forum_thread_locked", "forum_thread_unlocked" (detail: "post N: why" /
 * "thread N: why"), "forum_thread_pinned", "forum_thread_unpinned" (detail "thread N: why"),
 * "forum_thread_moved" (detail "thread N, community A to B: why"), "forum_member_muted" (subject:
 * the member; detail "D days: why"), "forum_member_unmuted" (detail: why), "twofactor_enabled",
 * "twofactor_failed" (a wrong code at sign-in; detail: "code" or "recovery code"),
 * "twofactor_disabled", "recovery_codes_renewed", "reauth" (the password, and the code, confirmed
 * before a sensitive action), "reauth_failed" (detail: "password" or "code"),
 * "api_token_created", "api_token_revoked" (detail: "token N: its name"; never
 * the token). A cohort read through the API is "cohort_exported" ("cohort N (API)"),
 * "email_verified" (the registration link used), "unlocked" (the unlock
 * link used: the sign-in rest lifted, that browser remembered).
 */
#pragma once

#include "db/db.h"

#define AUDIT_DETAIL_MAX 255 /* bytes */

/*
 * Write one row, in the caller's transaction if one is open. actor_id or
 * subject_id 0 = NULL; ip NULL = none; detail NULL = none, otherwise cut to
 * at most 255 bytes (never inside a UTF-8 sequence) with control characters
 * stripped, so a log reader is never fooled by forged lines. An event name not
 * in the list above is DB_ERROR (a bug in the caller).
 */
enum db_rc audit_write(struct db *db, const char *event, long long actor_id, long long subject_id,
                       const char *ip, const char *detail);

/*
 * The same for a view that is audited but often repeated (a trainer
 * reloading a cohort, a record opened again): written only if this process
 * has not written the same event by the same actor of the same subject with
 * the same detail in the last every_s seconds; otherwise DB_OK and nothing
 * written. A small table of the last writes, by hash: a pair pushed out by
 * another is written again on its next view, which is safe (more rows, never
 * fewer than one per every_s). Only outside a transaction (a rolled-back row
 * would still count as written). Each server process keeps its own table.
 */
enum db_rc audit_write_every(struct db *db, int every_s, const char *event, long long actor_id,
                             long long subject_id, const char *ip, const char *detail);

/* Every event name the log takes, in the order the admin's filter lists
 * them (each has a label "admin.audit.events.NAME" in both languages:
 * tests/unit/audit/test_events.c); NULL-terminated. */
extern const char *const audit_events[];

/* 1 if event is one of audit_events, else 0. */
int audit_event_known(const char *event);
