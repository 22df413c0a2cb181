/*
 * The admin's CSV of apprentices for a provider's LLWR return (view/csv.h:
 * UTF-8 with a byte-order mark): one row per apprentice and aim, with the
 * list's filters. The LLWR fields the reference names come first under their
 * codes (LP01 ULI, LP03 provider, LP12/LP13 employer name and postcode, LP17
 * programme type); LP03 and LP17 are the scheme's settings, blank until the
 * provider gives them. The rest are Dysgu's columns, named plainly, with the
 * completion status as the LLWR code (a break in learning stays 1 and is
 * carried in columns of its own: docs/apprenticeships.md). Audited.
 */
#include <stdio.h>

#include "app/page.h"
#include "app/page_form.h"
#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/csv.h"

#define EXPORT_BYTES (32u * 1024u * 1024u)

static const char *const cols[] = {
    "lp01",     "lp03",      "lp12",   "lp13",     "lp17",         "name",         "scheme",
    "provider", "framework", "level",  "starts",   "planned_end",  "actual_end",   "status",
    "reason",   "on_break",  "return", "language", "weekly_hours", "otj_approved", "credits",
};

/* The LLWR completion status: 1 in learning (and on a break), 2, 3, 4. */
static int llwr_status(int status)
{
    switch (status) {
    case APPR_COMPLETED:
        return 2;
    case APPR_WITHDRAWN:
        return 3;
    case APPR_TRANSFERRED:
        return 4;
    default:
        return 1;
    }
}

static void row(struct csv *c, struct req *r, const struct apprentice *p)
{
    csv_field(c, p->uli);
    csv_field(c, p->llwr_provider);
    csv_field(c, p->employer[r->lang]);
    csv_field(c, p->postcode);
    csv_field(c, p->llwr_programme);
    csv_field(c, p->name);
    csv_field(c, p->scheme[r->lang]);
    csv_field(c, p->provider);
    csv_field(c, p->framework[r->lang]);
    csv_int(c, p->level);
    csv_field(c, p->starts_on);
    csv_field(c, p->planned_end_on);
    csv_field(c, p->actual_end_on);
    csv_int(c, llwr_status(p->status));
    csv_field(c, p->status == APPR_WITHDRAWN || p->status == APPR_TRANSFERRED ? p->reason : "");
    csv_field(c, req_t(r, p->status == APPR_ON_BREAK ? "apprenticeships.record.yes"
                                                     : "apprenticeships.record.no"));
    csv_field(c, p->status == APPR_ON_BREAK ? p->break_return_on : "");
    csv_field(c, p->lang);
    csv_int(c, p->weekly_hours);
    csv_field(c, appr_hours_text(r, (long long)(p->otj_hours * 10.0 + 0.5)));
    csv_int(c, p->credits);
    csv_end_row(c);
}

/*
 * GET /{lang}/admin/apprentices/export (GUARD_ADMIN) — the admin list's
 * filters (?scheme= ?employer= ?provider= ?year= ?status= ?overdue=1 ?behind=1), at most
 * APPR_EXPORT_MAX rows. 200 text/csv as a download; 400 for a filter not
 * understood; 503 without the database.
 */
int appr_page_admin_export(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct appr_filter f;
    struct appr_counts counts;
    struct apprentice *p;
    char detail[AUDIT_DETAIL_MAX + 1];
    struct sbuf b;
    struct csv out;
    long long total;
    size_t n, i;
    enum db_rc rc;

    appr_read_filter(r, &f, &err);
    if (page_errors_any(&err))
        return 400;
    f.limit = APPR_EXPORT_MAX;
    rc = appr_store_list(r->db, r->arena, &f, &p, &n, &total, &counts);
    snprintf(detail, sizeof(detail), "rows=%zu scheme=%lld employer=%lld year=%d status=%d%s", n,
             f.scheme_id, f.employer_id, f.year, f.status, f.overdue ? " overdue" : "");
    if (rc == DB_OK)
        rc = audit_write(r->db, "apprentices_exported", r->user->id, 0, r->client_ip, detail);
    if (rc != DB_OK)
        return page_db_status(rc);
    sbuf_init(&b, r->arena, EXPORT_BYTES);
    csv_init(&out, &b);
    for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
        csv_field(&out, req_t_of(r, "apprenticeships.csv.", cols[i]));
    csv_end_row(&out);
    for (i = 0; i < n; i++)
        row(&out, r, &p[i]);
    if (sbuf_failed(&b))
        return 500;
    resp_header(r, "Content-Disposition", csv_disposition(r->arena, "apprentices.csv"));
    return resp_send(r, 200, CSV_CONTENT_TYPE, b.buf, b.len);
}
