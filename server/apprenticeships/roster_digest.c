/*
 * A digest of what a read of the roster holds (roster_impl.h), so that a
 * read that changed nothing keeps the last one's serial (roster.c).
 */
#include <string.h>

#include <sodium.h>

#include "apprenticeships/roster_impl.h"

static void put_num(crypto_generichash_state *h, long long v)
{
    crypto_generichash_update(h, (const unsigned char *)&v, sizeof(v));
}

static void put_str(crypto_generichash_state *h, const char *s)
{
    /* with its NUL, so ("ab", "c") and ("a", "bc") differ; NULL apart from "" */
    if (s)
        crypto_generichash_update(h, (const unsigned char *)s, strlen(s) + 1);
    else
        put_num(h, -1);
}

void appr_roster_digest(const struct roster *r, unsigned char out[APPR_ROSTER_DIGEST])
{
    crypto_generichash_state h;
    size_t i, l;

    crypto_generichash_init(&h, NULL, 0, APPR_ROSTER_DIGEST);
    for (i = 0; i < r->n_schemes; i++) {
        const struct roster_scheme *k = &r->schemes[i];

        put_num(&h, k->s.id);
        put_num(&h, k->s.employer_id);
        for (l = 0; l < 2; l++) {
            put_str(&h, k->s.name[l]);
            put_str(&h, k->s.employer[l]);
            put_str(&h, k->s.framework[l]);
        }
        put_str(&h, k->s.provider);
        put_num(&h, k->s.level);
        put_num(&h, k->s.review_weeks);
        put_num(&h, k->s.planned_otj_hours);
        put_num(&h, k->framework_id);
        put_num(&h, k->report_rank);
    }
    for (i = 0; i < r->n_rows; i++) {
        const struct roster_row *w = &r->rows[i];
        const struct roster_cell *c = &r->cells[w->cell];

        put_num(&h, w->id);
        put_num(&h, c->scheme->s.id);
        put_num(&h, c->status);
        put_num(&h, c->year);
        put_num(&h, c->end_year);
        put_num(&h, c->overdue);
        put_num(&h, c->behind);
        put_num(&h, w->trainer_id);
        put_num(&h, w->name_rank);
        put_num(&h, w->approved_tenths);
        put_num(&h, w->expected_tenths);
        put_num(&h, w->review_day);
        put_num(&h, w->due);
        put_num(&h, w->due_soon);
        put_num(&h, w->pending);
        put_str(&h, w->name);
        put_str(&h, w->uli);
        put_str(&h, w->next_review_on);
    }
    crypto_generichash_final(&h, out, APPR_ROSTER_DIGEST);
}
