/*
 * The record page's lists, one statement each (one statement of JSON array
 * columns was measured on the full data and was slower: docs/benchmarks.md),
 * and the audit of a view, written at most once per viewer and record every
 * APPR_VIEWED_EVERY_S seconds (audit_write_every; docs/decisions.md, issue 22).
 */
#include <stdio.h>

#include "apprenticeships/apprenticeships.h"
#include "audit/audit.h"

enum db_rc appr_store_lists(struct db *db, struct arena *a, long long id, struct appr_lists *l)
{
    enum db_rc rc = appr_store_history(db, a, id, &l->h, &l->nh);

    if (rc == DB_OK)
        rc = appr_store_entries(db, a, id, -1, 0, APPR_ENTRIES_SHOWN, &l->e, &l->ne);
    if (rc == DB_OK)
        rc = appr_store_entry_counts(db, id, &l->ec);
    if (rc == DB_OK)
        rc = appr_store_reviews(db, a, id, &l->rv, &l->nr);
    if (rc == DB_OK)
        rc = appr_store_quals(db, a, id, &l->q, &l->nq);
    if (rc == DB_OK)
        rc = appr_store_units(db, a, id, &l->u, &l->nu);
    return rc;
}

enum db_rc appr_store_viewed(struct db *db, long long viewer, const struct apprentice *p,
                             const char *ip)
{
    char detail[64];

    snprintf(detail, sizeof(detail), "apprentice=%lld", p->id);
    return audit_write_every(db, APPR_VIEWED_EVERY_S, "apprentice_viewed", viewer, p->user_id, ip,
                             detail);
}

enum db_rc appr_store_reports_viewed(struct db *db, long long viewer, const char *detail,
                                     const char *ip)
{
    return audit_write_every(db, APPR_VIEWED_EVERY_S, "apprentice_reports_viewed", viewer, 0, ip,
                             detail);
}
