#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "addrlist.h"
#include "log.h"
#include "xalloc.h"

enum setting_type { T_STRING, T_INT, T_BOOL, T_LEVEL };

struct setting {
    const char *key;
    const char *env;
    enum setting_type type;
    size_t offset;
    long min, max;
};

#define S(k, e, t, f, lo, hi)                                                                      \
    {                                                                                              \
        k, e, t, offsetof(struct config, f), lo, hi                                                \
    }

static const struct setting settings[] = {
    S("root", "DYSGU_ROOT", T_STRING, root, 0, 0),
    S("listen", "DYSGU_LISTEN", T_STRING, listen, 0, 0),
    S("threads", "DYSGU_THREADS", T_INT, threads, 4, 4096),
    S("db_pool", "DYSGU_DB_POOL", T_INT, db_pool, 1, 1024),
    S("db", "DYSGU_DB", T_STRING, db_url, 0, 0),
    S("base_url", "DYSGU_BASE_URL", T_STRING, base_url, 0, 0),
    S("secure_cookies", "DYSGU_SECURE_COOKIES", T_BOOL, secure_cookies, 0, 1),
    S("max_body", "DYSGU_MAX_BODY", T_INT, max_body, 1024, 16L * 1024 * 1024),
    S("request_timeout_ms", "DYSGU_REQUEST_TIMEOUT_MS", T_INT, request_timeout_ms, 1000, 120000),
    S("log_level", "DYSGU_LOG_LEVEL", T_LEVEL, log_level, 0, 0),
    S("access_log", "DYSGU_ACCESS_LOG", T_BOOL, access_log, 0, 1),
    S("render_cache", "DYSGU_RENDER_CACHE", T_BOOL, render_cache, 0, 1),
    S("mail_dir", "DYSGU_MAIL_DIR", T_STRING, mail_dir, 0, 0),
    S("smtp_url", "DYSGU_SMTP_URL", T_STRING, smtp_url, 0, 0),
    S("mail_from", "DYSGU_MAIL_FROM", T_STRING, mail_from, 0, 0),
    S("trusted_proxies", "DYSGU_TRUSTED_PROXIES", T_STRING, trusted_proxies, 0, 0),
    S("budget_exempt", "DYSGU_BUDGET_EXEMPT", T_STRING, budget_exempt, 0, 0),
    S("twofactor_grace_days", "DYSGU_TWOFACTOR_GRACE_DAYS", T_INT, twofactor_grace_days, 0, 3650),
    S("reauth_minutes", "DYSGU_REAUTH_MINUTES", T_INT, reauth_minutes, 1, 1440),
    S("breached_passwords", "DYSGU_BREACHED_PASSWORDS", T_STRING, breached_passwords, 0, 0),
    S("forum_review_posts", "DYSGU_FORUM_REVIEW_POSTS", T_INT, forum_review_posts, 0, 100),
    S("digest_hour", "DYSGU_DIGEST_HOUR", T_INT, digest_hour, 0, 23),
    S("search_ms", "DYSGU_SEARCH_MS", T_INT, search_ms, 1, 60000),
};

#define N_SETTINGS (sizeof(settings) / sizeof(settings[0]))

static const char *const level_names[] = { "debug", "info", "warn", "error" };

static void set_string(struct config *c, const struct setting *s, const char *v)
{
    char **slot = (char **)((char *)c + s->offset);

    free(*slot);
    *slot = xstrdup(v);
}

static int set_from_text(struct config *c, const struct setting *s, const char *v, char *err,
                         size_t errlen)
{
    char *end;
    long n;
    size_t i;

    switch (s->type) {
    case T_STRING:
        set_string(c, s, v);
        return 0;
    case T_INT:
        errno = 0;
        n = strtol(v, &end, 10);
        if (errno || end == v || *end || n < s->min || n > s->max) {
            snprintf(err, errlen, "setting '%s' must be a whole number from %ld to %ld, not '%s'",
                     s->key, s->min, s->max, v);
            return -1;
        }
        if (s->offset == offsetof(struct config, max_body))
            c->max_body = (size_t)n;
        else
            *(int *)((char *)c + s->offset) = (int)n;
        return 0;
    case T_BOOL:
        if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes")) {
            *(int *)((char *)c + s->offset) = 1;
        } else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no")) {
            *(int *)((char *)c + s->offset) = 0;
        } else {
            snprintf(err, errlen, "setting '%s' must be true or false, not '%s'", s->key, v);
            return -1;
        }
        return 0;
    case T_LEVEL:
        for (i = 0; i < 4; i++)
            if (!strcmp(v, level_names[i])) {
                c->log_level = (int)i;
                return 0;
            }
        snprintf(err, errlen, "setting '%s' must be debug, info, warn or error, not '%s'", s->key,
                 v);
        return -1;
    }
    return -1;
}

static int set_from_json(struct config *c, const struct setting *s, json_t *v, char *err,
                         size_t errlen)
{
    char num[32];

    if (json_is_string(v))
        return set_from_text(c, s, json_string_value(v), err, errlen);
    if (json_is_integer(v) && s->type == T_INT) {
        snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
        return set_from_text(c, s, num, err, errlen);
    }
    if (json_is_boolean(v) && s->type == T_BOOL)
        return set_from_text(c, s, json_is_true(v) ? "true" : "false", err, errlen);
    snprintf(err, errlen, "setting '%s' in the config file has the wrong type", s->key);
    return -1;
}

static int load_file(struct config *c, const char *path, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *root, *v;
    const char *key;
    size_t i;
    int ret = -1;

    root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        snprintf(err, errlen, "cannot read config file '%s': %s (line %d)", path, jerr.text,
                 jerr.line);
        return -1;
    }
    if (!json_is_object(root)) {
        snprintf(err, errlen, "config file '%s' must hold a JSON object", path);
        goto out;
    }
    json_object_foreach(root, key, v)
    {
        for (i = 0; i < N_SETTINGS; i++)
            if (!strcmp(key, settings[i].key))
                break;
        if (i == N_SETTINGS) {
            snprintf(err, errlen, "config file '%s' has an unknown setting '%s'", path, key);
            goto out;
        }
        if (set_from_json(c, &settings[i], v, err, errlen))
            goto out;
    }
    ret = 0;
out:
    json_decref(root);
    return ret;
}

static int validate(const struct config *c, char *err, size_t errlen)
{
    const char *colon = strrchr(c->listen, ':');
    const char *port = colon ? colon + 1 : c->listen;
    char *end;
    long n;
    size_t len = strlen(c->base_url), i;

    errno = 0;
    n = strtol(port, &end, 10);
    if (!*port || *end || errno || n < 1 || n > 65535) {
        snprintf(err, errlen, "setting 'listen' must be HOST:PORT or PORT, not '%s'", c->listen);
        return -1;
    }
    if ((strncmp(c->base_url, "http://", 7) && strncmp(c->base_url, "https://", 8)) || !len ||
        c->base_url[len - 1] == '/' || strchr(c->base_url + 8, '/')) {
        snprintf(err, errlen,
                 "setting 'base_url' must be an origin like https://dysgu.example, not '%s'",
                 c->base_url);
        return -1;
    }
    for (i = 0; c->mail_from[i]; i++)
        if ((unsigned char)c->mail_from[i] < 0x20 || c->mail_from[i] == 0x7f)
            break;
    if (c->mail_from[i] || !strchr(c->mail_from, '@')) {
        snprintf(err, errlen,
                 "setting 'mail_from' must be an address or \"Name <address>\" on one line");
        return -1;
    }
    if (!addr_list_valid(c->trusted_proxies)) {
        snprintf(err, errlen,
                 "setting 'trusted_proxies' must be IP addresses separated by commas, not '%s'",
                 c->trusted_proxies);
        return -1;
    }
    if (!addr_list_valid(c->budget_exempt)) {
        snprintf(err, errlen,
                 "setting 'budget_exempt' must be IP addresses separated by commas, not '%s'",
                 c->budget_exempt);
        return -1;
    }
    if (!*c->root) {
        snprintf(err, errlen, "setting 'root' must not be empty");
        return -1;
    }
    return 0;
}

/* Four MariaDB connections per core, 8 to 32: on two cores more concurrent
 * statements only queue inside mariadbd, and each connection keeps the last
 * result block of every statement it has prepared, so a pool larger than the
 * load needs warms for minutes and holds megabytes for nothing
 * (docs/decisions.md, "Threads and the connection pool"). */
static int default_db_pool(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    long n = cores > 0 ? 4 * cores : 8;

    return (int)(n < 8 ? 8 : n > 32 ? 32 : n);
}

int config_load(struct config *c, char *err, size_t errlen)
{
    const char *path = getenv("DYSGU_CONFIG");
    size_t i;

    memset(c, 0, sizeof(*c));
    c->root = xstrdup(".");
    c->listen = xstrdup("127.0.0.1:8080");
    c->threads = 256;
    c->db_pool = default_db_pool();
    c->base_url = xstrdup("http://localhost:8080");
    c->max_body = 65536; /* forum posts: ROUTE_LONG_BODY (app/router.h) */
    c->request_timeout_ms = 10000;
    c->log_level = LOG_INFO;
    c->access_log = 1;
    c->mail_dir = xstrdup("var/mail");
    c->smtp_url = xstrdup("");
    c->mail_from = xstrdup("Dysgu <dysgu@localhost>");
    c->trusted_proxies = xstrdup("");
    c->budget_exempt = xstrdup("");
    c->twofactor_grace_days = 30;
    c->render_cache = 1;
    c->reauth_minutes = 15;
    c->forum_review_posts = 2;
    c->digest_hour = 7;
    c->search_ms = 1500;
    c->breached_passwords = xstrdup("var/data/breached-passwords.txt");

    if (path && load_file(c, path, err, errlen))
        return -1;
    if (!path && access("dysgu.json", R_OK) == 0 && load_file(c, "dysgu.json", err, errlen))
        return -1;
    for (i = 0; i < N_SETTINGS; i++) {
        const char *v = getenv(settings[i].env);

        if (v && set_from_text(c, &settings[i], v, err, errlen))
            return -1;
    }
    if (validate(c, err, errlen))
        return -1;
    /* served over TLS: Secure cookies with the __Host- prefix, and HSTS,
     * whatever secure_cookies says (issue 23, finding 7) */
    if (!strncmp(c->base_url, "https://", 8))
        c->secure_cookies = 1;
    return 0;
}

void config_release(struct config *c)
{
    free(c->root);
    free(c->listen);
    free(c->db_url);
    free(c->base_url);
    free(c->mail_dir);
    free(c->smtp_url);
    free(c->mail_from);
    free(c->trusted_proxies);
    free(c->budget_exempt);
    free(c->breached_passwords);
    memset(c, 0, sizeof(*c));
}
