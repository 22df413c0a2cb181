/*
 * catalogue_client: what the catalogue tests share: the run's courses made
 * with course_fixtures.h and then changed with SQL (family, level, languages,
 * publication), and GETs with a percent-encoded search.
 */
#pragma once

#include <stdio.h>
#include <string.h>

#include "course_fixtures.h"

/* Change one column of course id with SQL (column picked from a fixed list). */
static inline void cc_set(long long id, const char *sql_with_one_param, const char *value)
{
    CU_ASSERT_FATAL(db_exec(fx_dbh, sql_with_one_param, "sl", value, id) == DB_OK);
}

static const char *const cc_set_family = "UPDATE courses SET role_family = ? WHERE id = ?";
static const char *const cc_set_level = "UPDATE courses SET level = ? WHERE id = ?";
static const char *const cc_set_summary_cy = "UPDATE courses SET summary_cy = ? WHERE id = ?";
static const char *const cc_set_summary_en = "UPDATE courses SET summary_en = ? WHERE id = ?";

/* Taught in Welsh (cy 1/0) and English (en 1/0). */
static inline void cc_languages(long long id, int cy, int en)
{
    CU_ASSERT_FATAL(db_exec(fx_dbh, "UPDATE courses SET in_cy = ?, in_en = ? WHERE id = ?", "bbl",
                            cy, en, id) == DB_OK);
}

static inline void cc_published(long long id, int published)
{
    CU_ASSERT_FATAL(db_exec(fx_dbh, "UPDATE courses SET published = ? WHERE id = ?", "bl",
                            published, id) == DB_OK);
}

static inline void cc_minutes(long long id, int minutes)
{
    CU_ASSERT_FATAL(db_exec(fx_dbh, "UPDATE courses SET duration_minutes = ? WHERE id = ?", "il",
                            minutes, id) == DB_OK);
}

/* s percent-encoded into out (every byte but A-Z a-z 0-9 - . _ ~). */
static inline void cc_encode(const char *s, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t j = 0;

    for (; *s && j + 4 < cap; s++) {
        unsigned char c = (unsigned char)*s;

        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out[j++] = (char)c;
        } else {
            out[j++] = '%';
            out[j++] = hex[c >> 4];
            out[j++] = hex[c & 15];
        }
    }
    out[j] = '\0';
}

/* GET prefix + encoded q + suffix ("/cy/courses?q=", "data zq..", "&level=working"). */
static inline struct http_resp cc_search(const struct server *srv, const char *prefix,
                                         const char *q, const char *suffix,
                                         const struct fx_session *s)
{
    static char path[16384], enc[12288];

    cc_encode(q, enc, sizeof(enc));
    snprintf(path, sizeof(path), "%s%s%s", prefix, enc, suffix ? suffix : "");
    return fx_get(srv, path, s);
}

/* Where needle first occurs in the body, or -1. */
static inline long cc_pos(const struct http_resp *r, const char *needle)
{
    const char *p = r->body ? strstr(r->body, needle) : NULL;

    return p ? (long)(p - r->body) : -1;
}
