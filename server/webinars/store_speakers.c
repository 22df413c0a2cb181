/*
 * The speakers of a webinar (webinar_speakers, migration 0026): read in
 * order, and replaced as a whole when the webinar is saved, in its
 * transaction. webinars.speaker follows them: their names joined, set by
 * SQL from the rows just written, so the two never disagree.
 */
#include <string.h>

#include "webinars/webinars_impl.h"

enum speakers_sql {
    SQL_READ,
    SQL_CLEAR,
    SQL_ADD,
    SQL_NAMES,
    SQL__MAX,
};

static const char *const sql[SQL__MAX] = {
    [SQL_READ] = "SELECT name, role_cy, role_en, organisation, bio_cy, bio_en FROM "
                 "webinar_speakers WHERE webinar_id = ? ORDER BY position LIMIT ?",
    [SQL_CLEAR] = "DELETE FROM webinar_speakers WHERE webinar_id = ?",
    [SQL_ADD] = "INSERT INTO webinar_speakers (webinar_id, position, name, role_cy, role_en, "
                "organisation, bio_cy, bio_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [SQL_NAMES] = "UPDATE webinars SET speaker = " WEBINAR_SPEAKER_NAMES("?") " WHERE id = ?",
};

int webinar_speaker_blank(const struct webinar_speaker *s)
{
    const char *const v[] = { s->name,         s->role[LANG_CY], s->role[LANG_EN],
                              s->organisation, s->bio[LANG_CY],  s->bio[LANG_EN] };
    size_t i;

    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        if (v[i] && *v[i])
            return 0;
    return 1;
}

static const char *text(const char *s)
{
    return s ? s : "";
}

enum db_rc webinar_speakers_write(struct db *db, long long webinar_id,
                                  const struct webinar_input *in)
{
    enum db_rc rc = db_exec(db, sql[SQL_CLEAR], "l", webinar_id);
    int position = 0;
    size_t i;

    for (i = 0; rc == DB_OK && i < WEBINAR_SPEAKERS_MAX; i++) {
        const struct webinar_speaker *s = &in->speakers[i];

        if (webinar_speaker_blank(s))
            continue;
        rc = db_exec(db, sql[SQL_ADD], "lissssss", webinar_id, ++position, text(s->name),
                     text(s->role[LANG_CY]), text(s->role[LANG_EN]), text(s->organisation),
                     text(s->bio[LANG_CY]), text(s->bio[LANG_EN]));
    }
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_NAMES], "ll", webinar_id, webinar_id);
    return rc;
}

enum db_rc webinar_store_speakers(struct db *db, struct arena *a, long long webinar_id,
                                  struct webinar_speaker *out, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_READ], "li", webinar_id, WEBINAR_SPEAKERS_MAX);

    *n = 0;
    if (rc != DB_OK)
        return rc;
    while (*n < WEBINAR_SPEAKERS_MAX) {
        struct webinar_speaker *s = &out[*n];

        rc = db_row_next(st, a, "ssssss", &s->name, &s->role[LANG_CY], &s->role[LANG_EN],
                         &s->organisation, &s->bio[LANG_CY], &s->bio[LANG_EN]);
        if (rc != DB_OK)
            break;
        ++*n;
    }
    db_done(st);
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}
