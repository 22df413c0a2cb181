#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jsonmem.h"

static enum log_level min_level = LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const level_names[] = {
    [LOG_DEBUG] = "debug",
    [LOG_INFO] = "info",
    [LOG_WARN] = "warn",
    [LOG_ERROR] = "error",
};

void log_set_level(enum log_level level)
{
    min_level = level;
}

void log_json(json_t *obj)
{
    struct timespec ts;
    struct tm tm;
    char stamp[96];
    char *line;

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    snprintf(stamp, sizeof(stamp), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
    json_object_set_new(obj, "ts", json_string(stamp));
    line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(obj);
    if (!line)
        return;
    pthread_mutex_lock(&log_lock);
    fputs(line, stderr);
    fputc('\n', stderr);
    fflush(stderr);
    pthread_mutex_unlock(&log_lock);
    jsonmem_free(line);
}

__attribute__((format(printf, 3, 0))) static void vlog(enum log_level level, const char *req_id,
                                                       const char *fmt, va_list ap)
{
    char msg[2048];
    json_t *obj;

    if (level < min_level)
        return;
    vsnprintf(msg, sizeof(msg), fmt, ap);
    obj = json_object();
    json_object_set_new(obj, "level", json_string(level_names[level]));
    if (req_id)
        json_object_set_new(obj, "req", json_string(req_id));
    /* json_string refuses invalid UTF-8; keep the line rather than lose it */
    json_object_set_new(obj, "msg", json_stringn_nocheck(msg, strnlen(msg, sizeof(msg))));
    log_json(obj);
}

#define LOG_BODY(level, id)                                                                        \
    va_list ap;                                                                                    \
    va_start(ap, fmt);                                                                             \
    vlog(level, id, fmt, ap);                                                                      \
    va_end(ap)

int log_error(const char *fmt, ...)
{
    LOG_BODY(LOG_ERROR, NULL);
    return -1;
}

void log_warn(const char *fmt, ...)
{
    LOG_BODY(LOG_WARN, NULL);
}

void log_info(const char *fmt, ...)
{
    LOG_BODY(LOG_INFO, NULL);
}

int log_error_id(const char *req_id, const char *fmt, ...)
{
    LOG_BODY(LOG_ERROR, req_id);
    return -1;
}

void log_warn_id(const char *req_id, const char *fmt, ...)
{
    LOG_BODY(LOG_WARN, req_id);
}
