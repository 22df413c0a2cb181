/* apprenticeships/roster_digest.c: two reads of the roster that hold the
 * same values get the same digest (so the pages kept at its serial stay
 * kept), and a change to any value a list or report shows gives another. */
#include <stdio.h>
#include <string.h>

#include "apprenticeships/roster_impl.h"
#include "testing.h"

static struct roster_scheme schemes[2];
static struct roster_cell cells[2];
static struct roster_row rows[3];
static struct roster roster = { .serial = 1,
                                .schemes = schemes,
                                .n_schemes = 2,
                                .cells = cells,
                                .n_cells = 2,
                                .rows = rows,
                                .n_rows = 3 };

/* A roster of two schemes and three apprentices, its strings copied so
 * that only their text, not where it is, can count. */
static void fill(char names[3][32])
{
    int i;

    memset(schemes, 0, sizeof(schemes));
    memset(cells, 0, sizeof(cells));
    memset(rows, 0, sizeof(rows));
    for (i = 0; i < 2; i++) {
        schemes[i].s.id = 10 + i;
        schemes[i].s.name[0] = i ? "Cynllun B" : "Cynllun A";
        schemes[i].s.name[1] = i ? "Scheme B" : "Scheme A";
        schemes[i].s.provider = "Coleg";
        schemes[i].report_rank = i + 1;
        cells[i].scheme = &schemes[i];
        cells[i].status = 1;
        cells[i].year = 2025;
    }
    for (i = 0; i < 3; i++) {
        snprintf(names[i], 32, "Prentis %d", i);
        rows[i].id = 100 + i;
        rows[i].cell = (size_t)(i % 2);
        rows[i].name = names[i];
        rows[i].uli = "1234567890";
        rows[i].approved_tenths = 10 * i;
    }
}

static void digest(unsigned char out[APPR_ROSTER_DIGEST])
{
    appr_roster_digest(&roster, out);
}

static void roster_digest__same_values_same_digest(void)
{
    char a[3][32], b[3][32];
    unsigned char d1[APPR_ROSTER_DIGEST], d2[APPR_ROSTER_DIGEST];

    fill(a);
    digest(d1);
    fill(b); /* the same text elsewhere in memory */
    digest(d2);
    CU_ASSERT(!memcmp(d1, d2, sizeof(d1)));
}

static void roster_digest__any_change_another(void)
{
    char n[3][32];
    unsigned char base[APPR_ROSTER_DIGEST], d[APPR_ROSTER_DIGEST];

    fill(n);
    digest(base);
    n[2][0] = 'p'; /* a name */
    digest(d);
    CU_ASSERT(memcmp(base, d, sizeof(d)) != 0);
    fill(n);
    cells[1].behind = 1; /* behind on hours, with the calendar */
    digest(d);
    CU_ASSERT(memcmp(base, d, sizeof(d)) != 0);
    fill(n);
    rows[0].pending = 1; /* an entry waiting */
    digest(d);
    CU_ASSERT(memcmp(base, d, sizeof(d)) != 0);
    fill(n);
    rows[1].next_review_on = "2027-01-04"; /* a review booked (NULL before) */
    digest(d);
    CU_ASSERT(memcmp(base, d, sizeof(d)) != 0);
    fill(n);
    schemes[0].s.name[1] = "Scheme A2"; /* a scheme renamed */
    digest(d);
    CU_ASSERT(memcmp(base, d, sizeof(d)) != 0);
    fill(n);
    roster.n_rows = 2; /* one apprentice fewer */
    digest(d);
    roster.n_rows = 3;
    CU_ASSERT(memcmp(base, d, sizeof(d)) != 0);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "roster_digest__same_values_same_digest", roster_digest__same_values_same_digest },
        { "roster_digest__any_change_another", roster_digest__any_change_another },
        { NULL, NULL },
    };
    test_add_suite("apprenticeships/roster_digest", cases);
}
