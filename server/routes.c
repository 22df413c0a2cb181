/*
 * routes: THE route table. One row per route: methods, language-neutral
 * pattern, handler, who may call it, flags. ROUTE_LANG rows live under both
 * /cy/ and /en/. tests/unit/app/test_routes.c proves the policy.
 *
 * This file and main.c are the only ones that know every feature: the funnel
 * (app/router.c) reaches a feature only through a row here (ops/checksrc).
 * Each feature keeps its rows in one block, headed by a comment.
 */
#include "accounts/accounts.h"
#include "admin/admin.h"
#include "admin/courses.h"
#include "app/metrics.h"
#include "app/router.h"
#include "apprenticeships/apprenticeships.h"
#include "catalogue/catalogue.h"
#include "communities/communities.h"
#include "enrol/enrol.h"
#include "http/req.h"
#include "http/static.h"
#include "learn/learn.h"
#include "site/site.h"
#include "trainer/trainer.h"
#include "webinars/webinars.h"

const struct route routes[] = {
    /* site: the language choice, home, health, metrics and static files */
    { HTTP_GET, "/", site_page_choose, GUARD_NONE, 0 },
    { HTTP_POST, "/", site_page_choose_submit, GUARD_NONE, 0 },
    { HTTP_GET, "/healthz", site_healthz, GUARD_NONE, ROUTE_PLAIN },
    { HTTP_GET, "/metrics", metrics_serve, GUARD_NONE, ROUTE_PLAIN | ROUTE_NO_DB },
    { HTTP_GET, "/favicon.ico", site_favicon, GUARD_NONE, ROUTE_PLAIN | ROUTE_NO_DB },
    { HTTP_GET, "/static/{*path}", static_serve, GUARD_NONE, ROUTE_PLAIN | ROUTE_NO_DB },
    { HTTP_GET, "/", site_page_home, GUARD_NONE, ROUTE_LANG | ROUTE_SHARED },
    /* accounts: sign-in, registration, the account page, password reset */
    { HTTP_GET, "/register", account_page_register, GUARD_NONE, ROUTE_LANG },
    { HTTP_POST, "/register", account_page_register_submit, GUARD_NONE, ROUTE_LANG },
    { HTTP_GET, "/register/done", account_page_register_done, GUARD_NONE, ROUTE_LANG },
    { HTTP_GET, "/login", account_page_login, GUARD_NONE, ROUTE_LANG },
    { HTTP_POST, "/login", account_page_login_submit, GUARD_NONE, ROUTE_LANG },
    { HTTP_POST, "/logout", account_page_logout, GUARD_NONE, ROUTE_LANG },
    { HTTP_GET, "/account", account_page_show, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/account/details", account_page_details, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/account/password", account_page_password, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/account/sessions/end", account_page_session_end, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/account/sessions/end-others", account_page_sessions_end_others, GUARD_LOGIN,
      ROUTE_LANG },
    { HTTP_GET, "/account/export", account_page_export, GUARD_LOGIN, ROUTE_LANG | ROUTE_REAUTH },
    { HTTP_GET, "/password-reset", account_page_reset_request, GUARD_NONE, ROUTE_LANG },
    { HTTP_POST, "/password-reset", account_page_reset_request_submit, GUARD_NONE, ROUTE_LANG },
    { HTTP_GET, "/password-reset/{token}", account_page_reset_form, GUARD_NONE, ROUTE_LANG },
    { HTTP_POST, "/password-reset/{token}", account_page_reset_submit, GUARD_NONE, ROUTE_LANG },
    /* two-step sign-in (issue 23 finding 4): setting it up, and the second step */
    { HTTP_GET, "/account/two-factor", account_page_twofactor, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/account/two-factor", account_page_twofactor_submit, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/account/two-factor/off", account_page_twofactor_off, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/account/two-factor/codes", account_page_twofactor_codes, GUARD_LOGIN,
      ROUTE_LANG | ROUTE_REAUTH },
    /* re-authentication before sensitive actions (ROUTE_REAUTH rows) */
    { HTTP_GET, "/account/confirm", account_page_confirm, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/account/confirm", account_page_confirm_submit, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_GET, "/login/code", account_page_login_code, GUARD_NONE, ROUTE_LANG },
    { HTTP_POST, "/login/code", account_page_login_code_submit, GUARD_NONE, ROUTE_LANG },
    /* admin: users, roles, the audit log, courses and enrolments */
    { HTTP_GET, "/admin", admin_page_home, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_GET, "/admin/users", admin_page_users, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_GET, "/admin/users/{id}", admin_page_user, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_POST, "/admin/users/{id}/roles", admin_page_user_roles, GUARD_ADMIN,
      ROUTE_LANG | ROUTE_REAUTH },
    { HTTP_POST, "/admin/users/{id}/disable", admin_page_user_disable, GUARD_ADMIN,
      ROUTE_LANG | ROUTE_REAUTH },
    { HTTP_POST, "/admin/users/{id}/enable", admin_page_user_enable, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_POST, "/admin/users/{id}/sessions", admin_page_user_sessions, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_GET, "/admin/audit", admin_page_audit, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_GET, "/admin/courses", admin_page_courses, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_GET, "/admin/courses/{slug}", admin_page_course, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_POST, "/admin/courses/{slug}/publish", admin_page_course_publish, GUARD_ADMIN,
      ROUTE_LANG },
    { HTTP_POST, "/admin/courses/{slug}/unpublish", admin_page_course_unpublish, GUARD_ADMIN,
      ROUTE_LANG },
    { HTTP_GET, "/admin/enrolments", admin_page_enrolments, GUARD_ADMIN, ROUTE_LANG },
    /* apprenticeships: schemes and apprentices (admin), enrolling one, a trainer's apprentice, my
     * apprenticeship, the off-the-job hours log (logged by the apprentice, decided by the trainer
     * or an admin), progress reviews (due lists, recorded by the trainer or an admin, signed off
     * by the apprentice), the CSV for a provider's LLWR return, the reports and their CSVs */
    { HTTP_GET, "/admin/apprenticeships", appr_page_admin_list, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_GET, "/admin/apprentices/new", appr_page_admin_new, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_POST, "/admin/apprentices/new", appr_page_admin_enrol, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_GET, "/admin/apprenticeships/{id}", appr_page_admin_show, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_POST, "/admin/apprenticeships/{id}/status", appr_page_admin_status, GUARD_ADMIN,
      ROUTE_LANG },
    { HTTP_GET, "/trainer/apprentices/{id}", appr_page_trainer_show, GUARD_TRAINER, ROUTE_LANG },
    { HTTP_GET, "/me/apprenticeship", appr_page_me, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/me/apprenticeship/hours", appr_page_me_log, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_GET, "/admin/apprenticeships/{id}/hours/{entry}", appr_page_admin_entry, GUARD_ADMIN,
      ROUTE_LANG },
    { HTTP_POST, "/admin/apprenticeships/{id}/hours/{entry}", appr_page_admin_decide, GUARD_ADMIN,
      ROUTE_LANG },
    { HTTP_GET, "/trainer/apprentices/{id}/hours/{entry}", appr_page_trainer_entry, GUARD_TRAINER,
      ROUTE_LANG },
    { HTTP_POST, "/trainer/apprentices/{id}/hours/{entry}", appr_page_trainer_decide, GUARD_TRAINER,
      ROUTE_LANG },
    { HTTP_GET, "/admin/apprentices/export", appr_page_admin_export, GUARD_ADMIN,
      ROUTE_LANG | ROUTE_REAUTH },
    { HTTP_GET, "/admin/apprentice-reviews", appr_page_admin_due, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_GET, "/admin/apprentice-reports", appr_page_admin_reports, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_GET, "/admin/apprentice-reports/export", appr_page_admin_report_csv, GUARD_ADMIN,
      ROUTE_LANG | ROUTE_REAUTH },
    { HTTP_GET, "/trainer/apprentice-reviews", appr_page_trainer_due, GUARD_TRAINER, ROUTE_LANG },
    { HTTP_GET, "/admin/apprenticeships/{id}/review", appr_page_admin_review_form, GUARD_ADMIN,
      ROUTE_LANG },
    { HTTP_POST, "/admin/apprenticeships/{id}/review", appr_page_admin_review, GUARD_ADMIN,
      ROUTE_LANG },
    { HTTP_GET, "/trainer/apprentices/{id}/review", appr_page_trainer_review_form, GUARD_TRAINER,
      ROUTE_LANG },
    { HTTP_POST, "/trainer/apprentices/{id}/review", appr_page_trainer_review, GUARD_TRAINER,
      ROUTE_LANG },
    { HTTP_POST, "/me/apprenticeship/reviews/{review}/sign", appr_page_me_sign, GUARD_LOGIN,
      ROUTE_LANG },
    /* apprenticeships: units achieved (recorded by the trainer or an admin), a returned hours
     * entry corrected and resubmitted by the apprentice */
    { HTTP_POST, "/admin/apprenticeships/{id}/units", appr_page_admin_unit, GUARD_ADMIN,
      ROUTE_LANG },
    { HTTP_POST, "/trainer/apprentices/{id}/units", appr_page_trainer_unit, GUARD_TRAINER,
      ROUTE_LANG },
    { HTTP_GET, "/me/apprenticeship/hours/{entry}", appr_page_me_entry, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/me/apprenticeship/hours/{entry}", appr_page_me_resubmit, GUARD_LOGIN,
      ROUTE_LANG },
    /* catalogue: the course catalogue, pathways and the public courses API */
    { HTTP_GET, "/courses", catalogue_page_courses, GUARD_NONE, ROUTE_LANG | ROUTE_SHARED },
    { HTTP_GET, "/pathways", catalogue_page_pathways, GUARD_NONE, ROUTE_LANG | ROUTE_SHARED },
    { HTTP_GET, "/pathways/{slug}", catalogue_page_pathway, GUARD_NONE, ROUTE_LANG | ROUTE_SHARED },
    { HTTP_GET, "/api/v1/courses", catalogue_api_courses, GUARD_NONE, ROUTE_PLAIN | ROUTE_SHARED },
    { HTTP_GET, "/api/v1/courses/{slug}", catalogue_api_course, GUARD_NONE,
      ROUTE_PLAIN | ROUTE_SHARED },
    /* enrol: the course page, enrolment, cohorts and the waiting list */
    { HTTP_GET, "/courses/{slug}", enrol_page_course, GUARD_NONE, ROUTE_LANG | ROUTE_SHARED },
    { HTTP_POST, "/courses/{slug}/enrol", enrol_page_enrol, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/courses/{slug}/cancel", enrol_page_cancel, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/courses/{slug}/accept", enrol_page_accept, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/courses/{slug}/decline", enrol_page_decline, GUARD_LOGIN, ROUTE_LANG },
    /* learn: lessons, progress, certificates and the learner dashboard */
    { HTTP_GET, "/courses/{slug}/lessons/{n}", learn_page_lesson, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/courses/{slug}/lessons/{n}/complete", learn_page_complete, GUARD_LOGIN,
      ROUTE_LANG },
    { HTTP_GET, "/courses/{slug}/certificate", learn_page_certificate, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_GET, "/certificates", learn_page_verify_form, GUARD_NONE, ROUTE_LANG },
    { HTTP_GET, "/certificates/{code}", learn_page_verify, GUARD_NONE, ROUTE_LANG },
    { HTTP_GET, "/me", learn_page_me, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_GET, "/courses/{slug}/continue", learn_page_continue, GUARD_LOGIN, ROUTE_LANG },
    /* webinars: the list, one webinar, registering, the waiting list and offers */
    { HTTP_GET, "/webinars", webinar_page_list, GUARD_NONE, ROUTE_LANG | ROUTE_SHARED },
    { HTTP_GET, "/webinars.ics", webinar_page_feed, GUARD_NONE, ROUTE_LANG | ROUTE_SHARED },
    { HTTP_GET, "/webinars/{slug}", webinar_page_show, GUARD_NONE, ROUTE_LANG | ROUTE_SHARED },
    { HTTP_POST, "/webinars/{slug}/register", webinar_page_register, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/webinars/{slug}/cancel", webinar_page_cancel, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/webinars/{slug}/accept", webinar_page_accept, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/webinars/{slug}/decline", webinar_page_decline, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_GET, "/manage/webinars/new", webinar_page_new, GUARD_TRAINER, ROUTE_LANG },
    { HTTP_POST, "/manage/webinars/new", webinar_page_create, GUARD_TRAINER, ROUTE_LANG },
    { HTTP_GET, "/manage/webinars/{slug}/edit", webinar_page_edit, GUARD_TRAINER, ROUTE_LANG },
    { HTTP_POST, "/manage/webinars/{slug}/edit", webinar_page_update, GUARD_TRAINER, ROUTE_LANG },
    { HTTP_POST, "/manage/webinars/{slug}/cancel", webinar_page_cancel_webinar, GUARD_TRAINER,
      ROUTE_LANG },
    { HTTP_GET, "/manage/webinars/{slug}/people", webinar_page_people, GUARD_TRAINER, ROUTE_LANG },
    { HTTP_GET, "/manage/webinars/{slug}/people.csv", webinar_page_people_csv, GUARD_TRAINER,
      ROUTE_LANG | ROUTE_REAUTH },
    { HTTP_POST, "/manage/webinars/{slug}/attendance", webinar_page_attendance, GUARD_TRAINER,
      ROUTE_LANG },
    { HTTP_GET, "/calendar/{token}", webinar_page_calendar, GUARD_NONE, ROUTE_PLAIN },
    { HTTP_POST, "/me/calendar", webinar_page_calendar_new, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_GET, "/api/v1/webinars", webinar_api_list, GUARD_NONE, ROUTE_PLAIN | ROUTE_SHARED },
    { HTTP_GET, "/api/v1/webinars/{slug}", webinar_api_one, GUARD_NONE,
      ROUTE_PLAIN | ROUTE_SHARED },
    /* trainer: the trainer's cohorts, learners at risk, attendance, the export, sessions,
     * messages; the admin's cohorts and their trainers */
    { HTTP_GET, "/trainer/cohorts", trainer_page_cohorts, GUARD_TRAINER, ROUTE_LANG },
    { HTTP_GET, "/trainer/cohorts/{id}", trainer_page_cohort, GUARD_TRAINER,
      ROUTE_LANG | ROUTE_HIDDEN },
    { HTTP_GET, "/trainer/cohorts/{id}/export.csv", trainer_page_export, GUARD_TRAINER,
      ROUTE_LANG | ROUTE_HIDDEN | ROUTE_REAUTH },
    { HTTP_GET, "/trainer/cohorts/{id}/new-session", trainer_page_session_new, GUARD_TRAINER,
      ROUTE_LANG | ROUTE_HIDDEN },
    { HTTP_POST, "/trainer/cohorts/{id}/new-session", trainer_page_session_create, GUARD_TRAINER,
      ROUTE_LANG | ROUTE_HIDDEN },
    { HTTP_GET, "/trainer/cohorts/{id}/sessions/{session}/edit", trainer_page_session_edit,
      GUARD_TRAINER, ROUTE_LANG | ROUTE_HIDDEN },
    { HTTP_POST, "/trainer/cohorts/{id}/sessions/{session}/edit", trainer_page_session_update,
      GUARD_TRAINER, ROUTE_LANG | ROUTE_HIDDEN },
    { HTTP_POST, "/trainer/cohorts/{id}/sessions/{session}/cancel", trainer_page_session_cancel,
      GUARD_TRAINER, ROUTE_LANG | ROUTE_HIDDEN },
    { HTTP_GET, "/trainer/cohorts/{id}/sessions/{session}", trainer_page_attendance, GUARD_TRAINER,
      ROUTE_LANG | ROUTE_HIDDEN },
    { HTTP_POST, "/trainer/cohorts/{id}/sessions/{session}", trainer_page_attendance_submit,
      GUARD_TRAINER, ROUTE_LANG | ROUTE_HIDDEN },
    { HTTP_GET, "/trainer/cohorts/{id}/message", trainer_page_message, GUARD_TRAINER,
      ROUTE_LANG | ROUTE_HIDDEN },
    { HTTP_POST, "/trainer/cohorts/{id}/message", trainer_page_message_send, GUARD_TRAINER,
      ROUTE_LANG | ROUTE_HIDDEN },
    { HTTP_GET, "/admin/courses/{slug}/cohorts/new", trainer_page_cohort_new, GUARD_ADMIN,
      ROUTE_LANG },
    { HTTP_POST, "/admin/courses/{slug}/cohorts/new", trainer_page_cohort_create, GUARD_ADMIN,
      ROUTE_LANG },
    { HTTP_GET, "/admin/cohorts/{id}", trainer_page_admin_cohort, GUARD_ADMIN, ROUTE_LANG },
    { HTTP_POST, "/admin/cohorts/{id}/trainers", trainer_page_trainer_add, GUARD_ADMIN,
      ROUTE_LANG },
    { HTTP_POST, "/admin/cohorts/{id}/trainers/{user}/remove", trainer_page_trainer_remove,
      GUARD_ADMIN, ROUTE_LANG },
    /* communities: communities of practice, their threads and posts, moderation */
    { HTTP_GET, "/communities", community_page_list, GUARD_NONE, ROUTE_LANG | ROUTE_SHARED },
    { HTTP_GET, "/search/communities", forum_page_search, GUARD_NONE, ROUTE_LANG },
    { HTTP_GET, "/communities/{slug}", community_page_show, GUARD_NONE, ROUTE_LANG | ROUTE_SHARED },
    { HTTP_POST, "/communities/{slug}/join", community_page_join, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/communities/{slug}/threads", community_page_new_thread, GUARD_LOGIN,
      ROUTE_LANG | ROUTE_LONG_BODY },
    { HTTP_GET, "/threads/{id}", forum_page_thread, GUARD_NONE, ROUTE_LANG | ROUTE_SHARED },
    { HTTP_POST, "/threads/{id}/posts", forum_page_reply, GUARD_LOGIN,
      ROUTE_LANG | ROUTE_LONG_BODY },
    { HTTP_POST, "/posts/{id}/report", forum_page_report, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_POST, "/posts/{id}/delete", forum_page_delete, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_GET, "/notifications", forum_page_notifications, GUARD_LOGIN, ROUTE_LANG },
    { HTTP_GET, "/moderation", forum_page_reports, GUARD_MODERATOR, ROUTE_LANG },
    { HTTP_POST, "/moderation/posts/{id}/hide", forum_page_hide, GUARD_MODERATOR, ROUTE_LANG },
    { HTTP_POST, "/moderation/posts/{id}/restore", forum_page_restore, GUARD_MODERATOR,
      ROUTE_LANG },
    { HTTP_POST, "/moderation/threads/{id}/lock", forum_page_lock, GUARD_MODERATOR, ROUTE_LANG },
    { HTTP_POST, "/moderation/threads/{id}/unlock", forum_page_unlock, GUARD_MODERATOR,
      ROUTE_LANG },
};

const size_t n_routes = sizeof(routes) / sizeof(routes[0]);
