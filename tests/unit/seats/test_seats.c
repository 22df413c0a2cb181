/*
 * The seat engine's pure part: how long an offer lasts (seats.h
 * seats_offer_seconds), table-driven. The engine itself runs against a real
 * database in tests/integration/enrol/test_offers.c.
 */
#include <stdio.h>

#include "seats/seats.h"
#include "testing.h"

#define H 3600LL

static void seats__offer_seconds_table(void)
{
    static const struct {
        int hours;
        long long cutoff_in, want;
    } rows[] = {
        { 24, 30 * 24 * H, 24 * H }, /* far from the start: the pool's hours */
        { 24, 48 * H, 24 * H },      /* exactly half the time left */
        { 24, 40 * H, 20 * H },      /* closer: half what is left, so the next has time */
        { 24, 5 * H, 2 * H + H / 2 },
        { 24, 4 * H, 2 * H }, /* never less than two hours while there are more */
        { 24, 3 * H, 2 * H },
        { 24, 2 * H, 2 * H }, /* two hours or less: the whole of it */
        { 24, 90 * 60, 90 * 60 },
        { 24, 1, 1 },
        { 24, 0, 0 }, /* past the cut-off: no offer */
        { 24, -5 * H, 0 },
        { 1, 30 * 24 * H, H }, /* short offers stay short */
        { 0, 30 * 24 * H, H }, /* a nonsense setting is an hour, never zero */
        { 168, 400 * H, 168 * H },
    };

    size_t i;

    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        long long got = seats_offer_seconds(rows[i].hours, rows[i].cutoff_in);

        CU_ASSERT_EQUAL(got, rows[i].want);
        if (got != rows[i].want)
            fprintf(stderr, "row %zu: %d h, %lld s left: got %lld, want %lld\n", i, rows[i].hours,
                    rows[i].cutoff_in, got, rows[i].want);
        /* an offer never outlasts the cut-off */
        CU_ASSERT(got <= (rows[i].cutoff_in > 0 ? rows[i].cutoff_in : 0));
    }
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "seats__offer_seconds_table", seats__offer_seconds_table },
        { NULL, NULL },
    };
    test_add_suite("seats/seats", cases);
}
