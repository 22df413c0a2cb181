/*
 * The roster kept in memory (roster.c), as the files that sum it see it:
 * the list (roster.c), the reports and the due list (roster_report.c).
 */
#pragma once

#include <stddef.h>

#include "apprenticeships/apprenticeships.h"
#include "core/arena.h"

/* A scheme as the lists and reports show it, with its place in the
 * reports' order (framework level and name, employer, provider). */
struct roster_scheme {
    struct appr_scheme s;
    long long framework_id, report_rank;
};

/* Apprentices alike for every count: scheme, status, academic year of the
 * start and of the end (0: none), overdue and behind; with their hours. */
struct roster_cell {
    const struct roster_scheme *scheme;
    long long n, approved_tenths, expected_tenths;
    int status, year, end_year, overdue, behind;
};

/* One apprentice in the list's order: the cell, the trainer (0: none),
 * the place in the order by name alone, the hours in tenths, the next
 * review (TO_DAYS, 0: none; and as YYYY-MM-DD, NULL: none), whether a
 * review or hours are due (APPR_DUE_DAYS, the due list), whether the
 * review is within APPR_DUE_DAYS, the entries waiting, and what the lists
 * show of the person: name and ULI. */
struct roster_row {
    long long id, trainer_id, name_rank;
    size_t cell;
    int approved_tenths, expected_tenths, review_day, due, due_soon, pending;
    const char *name, *uli, *next_review_on;
};

/* Immutable once read; held by core/kept until the reader's arena resets. */
struct roster {
    unsigned long long serial;     /* which read of the roster this is (1, 2, ...) */
    const char *mark;              /* SQL_ROSTER_MARK's answer in the read's snapshot */
    long long read_ms;             /* when it was read (clock_ms) */
    struct roster_scheme *schemes; /* newest intake first */
    size_t n_schemes;
    struct roster_cell *cells;
    size_t n_cells;
    struct roster_row *rows;
    size_t n_rows;
};

#define APPR_ROSTER_DIGEST 16 /* bytes */

/* What r holds as a digest (BLAKE2b): two reads that hold the same (every
 * value the lists and reports show, in the same order) get the same, a
 * change to any of them another (roster_digest.c). */
void appr_roster_digest(const struct roster *r, unsigned char out[APPR_ROSTER_DIGEST]);

/* The roster to read from, valid until a is next reset; NULL with *rc when
 * it cannot be read. */
const struct roster *appr_roster_get(struct db *db, struct arena *a, enum db_rc *rc);

/* The serial of the roster a reads (read first when it is not kept): DB_OK
 * with *serial, or why it cannot be read. A page that shows nothing but the
 * roster is kept at it (appr_page_roster_kept() in apprenticeships_impl.h). */
enum db_rc appr_roster_serial(struct db *db, struct arena *a, unsigned long long *serial);

/* What a list shows of row w (roster.c): p zeroed, then the id, name, ULI,
 * scheme, employer, status, academic year, overdue, next review, due soon,
 * entries waiting and trainer; the strings are the roster's (valid while it
 * is held). */
void appr_roster_apprentice(const struct roster *r, const struct roster_row *w,
                            struct apprentice *p);
