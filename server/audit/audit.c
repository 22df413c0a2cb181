#include "audit.h"

#include <string.h>

#include "admin/kept.h"
#include "core/log.h"
#include "core/utf8.h"

enum audit_sql {
    SQL_AUDIT_INSERT,
    SQL_AUDIT__MAX,
};

static const char *const sql[SQL_AUDIT__MAX] = {
    [SQL_AUDIT_INSERT] = "INSERT INTO audit_log (at, event, actor_id, subject_id, ip, detail) "
                         "VALUES (UTC_TIMESTAMP(3), ?, ?, ?, ?, ?)",
};

const char *const audit_events[] = {
    "login",
    "login_failed",
    "logout",
    "password_changed",
    "password_reset",
    "role_changed",
    "account_disabled",
    "account_enabled",
    "session_ended",
    "registered",
    "locked",
    "course_published",
    "course_unpublished",
    "apprentice_viewed",
    "apprentice_status",
    "apprentice_enrolled",
    "apprentice_hours_logged",
    "apprentice_hours_approved",
    "apprentice_hours_returned",
    "apprentice_reviewed",
    "apprentice_review_signed",
    "apprentice_review_employer_sent",
    "apprentice_review_employer_answered",
    "apprentice_unit_recorded",
    "apprentice_hours_resubmitted",
    "apprentices_exported",
    "apprentice_hours_exported",
    "apprentice_reports_viewed",
    "appr_scheme_created",
    "appr_scheme_updated",
    "apprentice_trainer_assigned",
    "cohort_viewed",
    "cohort_exported",
    "attendance_marked",
    "webinar_exported",
    "cohort_created",
    "cohort_trainer_added",
    "cohort_trainer_removed",
    "session_added",
    "session_changed",
    "session_cancelled",
    "cohort_messaged",
    "forum_post_hidden",
    "forum_post_restored",
    "forum_thread_locked",
    "forum_thread_unlocked",
    "forum_thread_pinned",
    "forum_thread_unpinned",
    "forum_thread_moved",
    "forum_member_muted",
    "forum_member_unmuted",
    "forum_post_approved",
    "forum_post_rejected",
    "twofactor_enabled",
    "twofactor_failed",
    "twofactor_disabled",
    "recovery_codes_renewed",
    "reauth",
    "reauth_failed",
    "api_token_created",
    "api_token_revoked",
    "email_verified",
    "unlocked",
    NULL,
};

#define IP_MAX 45 /* the column: an IPv6 address in text */

int audit_event_known(const char *event)
{
    size_t i;

    for (i = 0; audit_events[i]; i++)
        if (!strcmp(event, audit_events[i]))
            return 1;
    return 0;
}

/* Copy s into out (size AUDIT_DETAIL_MAX + 1) without control characters (C0,
 * DEL, C1), invalid bytes as '?', and stop before a character that would not
 * fit, so out is valid UTF-8 of at most AUDIT_DETAIL_MAX bytes. */
static void clean_detail(const char *s, char out[AUDIT_DETAIL_MAX + 1])
{
    size_t len = strlen(s), i = 0, o = 0, n;

    while (i < len) {
        unsigned char c = (unsigned char)s[i];

        n = utf8_seq_len(s + i, len - i);
        if (n == 0) {
            if (o + 1 > AUDIT_DETAIL_MAX)
                break;
            out[o++] = '?';
            i++;
            continue;
        }
        if (n == 1 && (c < 0x20 || c == 0x7f)) {
            i++;
            continue;
        }
        if (n == 2 && c == 0xc2 && (unsigned char)s[i + 1] <= 0x9f) {
            i += 2;
            continue;
        }
        if (o + n > AUDIT_DETAIL_MAX)
            break;
        memcpy(out + o, s + i, n);
        o += n;
        i += n;
    }
    out[o] = '\0';
}

/* An address is printable ASCII of at most 45 bytes; anything else is dropped. */
static const char *clean_ip(const char *ip)
{
    size_t i;

    if (!ip)
        return "";
    for (i = 0; ip[i]; i++)
        if (i >= IP_MAX || ip[i] < 0x21 || ip[i] > 0x7e)
            return "";
    return ip;
}

enum db_rc audit_write(struct db *db, const char *event, long long actor_id, long long subject_id,
                       const char *ip, const char *detail)
{
    char clean[AUDIT_DETAIL_MAX + 1];

    if (!event || !audit_event_known(event)) {
        log_error("audit_write: unknown event '%s'", event ? event : "(null)");
        return DB_ERROR;
    }
    clean_detail(detail ? detail : "", clean);
    admin_kept_touch(); /* the admin's audit page, before the caller's commit (admin/kept.h) */
    return db_exec(db, sql[SQL_AUDIT_INSERT], "snlnlss", event,
                   actor_id ? (const long long *)&actor_id : NULL,
                   subject_id ? (const long long *)&subject_id : NULL, clean_ip(ip), clean);
}
