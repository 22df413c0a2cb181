/*
 * config: settings from dysgu.json and DYSGU_* environment variables,
 * validated once at start. The environment wins over the file.
 *
 * | key (json)      | environment            | default                  |
 * | root            | DYSGU_ROOT             | "." (web/, locales/, migrations/, courses/) |
 * | listen          | DYSGU_LISTEN           | "127.0.0.1:8080"         |
 * | threads         | DYSGU_THREADS          | 256 (4..4096): connections served at once |
 * | db_pool         | DYSGU_DB_POOL          | 4 per core, 8..32 (1..1024): MariaDB connections |
 * | db              | DYSGU_DB               | none: required to serve  |
 * | base_url        | DYSGU_BASE_URL         | "http://localhost:8080"  |
 * | secure_cookies  | DYSGU_SECURE_COOKIES   | false; always true when  |
 * |                 |                        | base_url is https://     |
 * | max_body        | DYSGU_MAX_BODY         | 65536 (1 KiB..16 MiB)    |
 * | request_timeout_ms | DYSGU_REQUEST_TIMEOUT_MS | 10000 (1000..120000) |
 * | log_level       | DYSGU_LOG_LEVEL        | "info"                   |
 * | access_log      | DYSGU_ACCESS_LOG       | true                     |
 * | render_cache    | DYSGU_RENDER_CACHE     | true: anonymous shared pages from memory |
 * |                 |                        | (http/rendercache.h, app/refill.h)       |
 * | mail_dir        | DYSGU_MAIL_DIR         | "var/mail" (.eml files when no SMTP) |
 * | smtp_url        | DYSGU_SMTP_URL         | "" (none: write mail_dir) |
 * | mail_from       | DYSGU_MAIL_FROM        | "Dysgu <dysgu@localhost>" |
 * | trusted_proxies | DYSGU_TRUSTED_PROXIES  | "" (none): comma-separated proxy addresses whose
 * X-Forwarded-For is believed |
 * | budget_exempt   | DYSGU_BUDGET_EXEMPT    | "" (none): client addresses the per-address request
 * budgets of reading and member actions (app/budgets.h) never count: a load generator |
 * | twofactor_grace_days | DYSGU_TWOFACTOR_GRACE_DAYS | 30 (0..3650): days an admin may work
 * without two-step sign-in, from the account's creation or its arrival (migration 0023) |
 * | reauth_minutes  | DYSGU_REAUTH_MINUTES   | 15 (1..1440): how long a sign-in or a confirmed
 * password (and code) lets a session do sensitive actions (ROUTE_REAUTH, app/router.h) |
 * | breached_passwords | DYSGU_BREACHED_PASSWORDS | "var/data/breached-passwords.txt" (relative:
 * to root; "" none): refused like data/common-passwords.txt when the file exists (ops/lib.sh
 * ensure_breached_list makes it) |
 * | forum_review_posts | DYSGU_FORUM_REVIEW_POSTS | 2 (0..100): a member's first posts, and their
 * posts with a link until they have this many published, wait for a moderator (0: none wait) |
 * | digest_hour     | DYSGU_DIGEST_HOUR      | 7 (0..23): the London hour the forums' daily digest
 * goes at (docs/communities.md "E-mail of notifications") |
 * | search_ms       | DYSGU_SEARCH_MS        | 1500 (1..60000): the time limit of each statement of
 * the forums' search (max_statement_time); past it the reader is told the search is busy |
 *
 * The file is DYSGU_CONFIG if set, else ./dysgu.json if it exists. Unknown
 * keys in the file are an error, so a misspelt setting is never ignored.
 * Strings are owned by the struct and valid until config_release().
 */
#pragma once

#include <stddef.h>

struct config {
    char *root;
    char *listen;
    int threads;
    int db_pool;
    char *db_url;
    char *base_url;
    int secure_cookies;
    size_t max_body;
    int request_timeout_ms;
    int log_level; /* enum log_level */
    int access_log;
    int render_cache;
    char *mail_dir;
    char *smtp_url;        /* "" = write .eml files into mail_dir */
    char *mail_from;       /* From: header, e.g. "Dysgu <dysgu@localhost>" */
    char *trusted_proxies; /* "" or "127.0.0.1,::1": see core/addrlist.h */
    char *budget_exempt;   /* "" or addresses: no reading budgets (app/budgets.h) */
    int twofactor_grace_days;
    int reauth_minutes;
    char *breached_passwords; /* "" = none; relative to root */
    int forum_review_posts;   /* docs/communities.md "The review queue" */
    int digest_hour;          /* the forums' daily digest: London hour, 0..23 */
    int search_ms;            /* docs/communities.md "Search" */
};

/* Fill c from defaults, the file and the environment. On a bad value return -1
 * with a message naming the setting in err. */
int config_load(struct config *c, char *err, size_t errlen);

void config_release(struct config *c);
