/*
 * gate: the pool's idea of whether MariaDB is there (db/gate.h), driven
 * through its states with made-up times: who may connect, who holds the one
 * probe token, when the next probe is due, what the counters say.
 */
#include "db/gate.h"
#include "testing.h"

#define T0 1000000LL /* any clock_ms() value */

static struct db_gate_stats stats(struct db_gate *g)
{
    struct db_gate_stats s;

    db_gate_stats(g, &s);
    return s;
}

/* A gate whose first probe succeeded at T0. */
static struct db_gate *gate_up(void)
{
    struct db_gate *g = db_gate_new();

    db_gate_leave(g, DB_GATE_TOKEN, 1, T0);
    return g;
}

static void gate__starts_down_until_the_first_attempt(void)
{
    struct db_gate *g = db_gate_new();

    CU_ASSERT(stats(g).down == 1);
    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_SHUT);
    /* the owner holds the token: nobody else probes meanwhile */
    CU_ASSERT(db_gate_probe_take(g, T0 + 60000) == DB_GATE_SHUT);
    db_gate_leave(g, DB_GATE_TOKEN, 1, T0);
    CU_ASSERT(stats(g).down == 0);
    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_OPEN);
    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_OPEN);
    CU_ASSERT(stats(g).connects == 0); /* counted when they report */
    db_gate_leave(g, DB_GATE_OPEN, 1, T0 + 1);
    db_gate_leave(g, DB_GATE_OPEN, 1, T0 + 1);
    CU_ASSERT(stats(g).outages == 0);
    CU_ASSERT(stats(g).connects == 2);
    CU_ASSERT(stats(g).probes == 1);
    CU_ASSERT(stats(g).refused == 1);
    db_gate_close(g);
    db_gate_free(g);
}

static void gate__a_failed_first_attempt_leaves_it_down(void)
{
    struct db_gate *g = db_gate_new();

    db_gate_leave(g, DB_GATE_TOKEN, 0, T0);
    CU_ASSERT(stats(g).down == 1);
    CU_ASSERT(stats(g).outages == 0);
    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_SHUT);
    CU_ASSERT(db_gate_probe_take(g, T0 + DB_GATE_PROBE_MS - 1) == DB_GATE_SHUT);
    CU_ASSERT(db_gate_probe_take(g, T0 + DB_GATE_PROBE_MS) == DB_GATE_TOKEN);
    db_gate_leave(g, DB_GATE_TOKEN, 1, T0 + DB_GATE_PROBE_MS + 5);
    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_OPEN);
    db_gate_close(g);
    db_gate_free(g);
}

static void gate__a_failed_connect_refuses_everyone_and_probes_one_at_a_time(void)
{
    struct db_gate *g = gate_up();
    unsigned long gen = db_gate_generation(g);
    int i;

    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_OPEN);
    db_gate_leave(g, DB_GATE_OPEN, 0, T0 + 10);
    CU_ASSERT(stats(g).down == 1);
    CU_ASSERT(stats(g).outages == 1);
    /* the open connections may still work: they are not given up */
    CU_ASSERT(db_gate_generation(g) == gen);
    for (i = 0; i < 64; i++)
        CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_SHUT);
    CU_ASSERT(stats(g).refused == 64);
    CU_ASSERT(stats(g).connects == 1);
    /* paced: the first probe DB_GATE_PROBE_MS after the failure */
    CU_ASSERT(db_gate_probe_take(g, T0 + 10 + DB_GATE_PROBE_MS - 1) == DB_GATE_SHUT);
    CU_ASSERT(db_gate_probe_take(g, T0 + 10 + DB_GATE_PROBE_MS) == DB_GATE_TOKEN);
    /* one at a time, however late it is */
    CU_ASSERT(db_gate_probe_take(g, T0 + 60000) == DB_GATE_SHUT);
    db_gate_leave(g, DB_GATE_TOKEN, 0, T0 + 2000);
    CU_ASSERT(stats(g).down == 1);
    CU_ASSERT(db_gate_probe_take(g, T0 + 2000 + DB_GATE_PROBE_MS - 1) == DB_GATE_SHUT);
    CU_ASSERT(db_gate_probe_take(g, T0 + 2000 + DB_GATE_PROBE_MS) == DB_GATE_TOKEN);
    db_gate_leave(g, DB_GATE_TOKEN, 1, T0 + 2300);
    CU_ASSERT(stats(g).down == 0);
    CU_ASSERT(stats(g).outages == 1);
    CU_ASSERT(stats(g).probes == 3); /* the first one and two of the prober's */
    CU_ASSERT(stats(g).connects == 1);
    CU_ASSERT(db_gate_probe_take(g, T0 + 60000) == DB_GATE_SHUT); /* UP: nothing to probe */
    db_gate_close(g);
    db_gate_free(g);
}

/* A connect that timed out while statements answer is a busy MariaDB: the
 * gate stays UP. With nothing answering for DB_GATE_ALIVE_MS (a hung host),
 * or a connect refused outright, it goes DOWN. */
static void gate__a_timed_out_connect_while_statements_answer_is_no_outage(void)
{
    struct db_gate *g = gate_up();

    db_gate_alive(g, T0 + 100);
    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_OPEN);
    db_gate_leave(g, DB_GATE_OPEN, DB_GATE_TIMED_OUT, T0 + 1100);
    CU_ASSERT(stats(g).down == 0);
    CU_ASSERT(stats(g).connects == 1);
    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_OPEN); /* its slot came back */
    db_gate_leave(g, DB_GATE_OPEN, DB_GATE_TIMED_OUT, T0 + 100 + DB_GATE_ALIVE_MS);
    CU_ASSERT(stats(g).down == 1);
    CU_ASSERT(stats(g).outages == 1);
    db_gate_close(g);
    db_gate_free(g);

    g = gate_up();
    db_gate_alive(g, T0 + 100);
    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_OPEN);
    db_gate_leave(g, DB_GATE_OPEN, DB_GATE_FAILED, T0 + 150);
    CU_ASSERT(stats(g).down == 1);
    db_gate_close(g);
    db_gate_free(g);
}

static void gate__a_loss_gives_the_token_to_the_call_that_saw_it(void)
{
    struct db_gate *g = gate_up();

    CU_ASSERT(db_gate_lost(g, db_gate_generation(g), T0) == DB_GATE_TOKEN);
    CU_ASSERT(stats(g).down == 1);
    /* the next losses and connects are refused, and the prober waits */
    CU_ASSERT(db_gate_lost(g, db_gate_generation(g), T0) == DB_GATE_SHUT);
    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_SHUT);
    CU_ASSERT(db_gate_probe_take(g, T0 + 60000) == DB_GATE_SHUT);
    /* the retry on a fresh connection worked: MariaDB is there */
    db_gate_leave(g, DB_GATE_TOKEN, 1, T0 + 3);
    CU_ASSERT(stats(g).down == 0);
    CU_ASSERT(stats(g).outages == 1);
    CU_ASSERT(stats(g).connects == 1); /* the retry was a request's */
    CU_ASSERT(stats(g).probes == 1);   /* only the first */
    db_gate_close(g);
    db_gate_free(g);
}

/* A loss makes every connection opened until then suspect, once: a later
 * loss of one of those (found dead before it was replaced) changes nothing,
 * a loss of a connection opened since starts another generation. */
static void gate__a_loss_starts_a_new_generation_once(void)
{
    struct db_gate *g = gate_up();
    unsigned long gen0 = db_gate_generation(g), gen1;

    CU_ASSERT(db_gate_lost(g, gen0, T0) == DB_GATE_TOKEN);
    gen1 = db_gate_generation(g);
    CU_ASSERT(gen1 != gen0);
    CU_ASSERT(db_gate_lost(g, gen0, T0) == DB_GATE_SHUT);
    CU_ASSERT(db_gate_generation(g) == gen1);
    db_gate_leave(g, DB_GATE_TOKEN, 1, T0 + 1);
    CU_ASSERT(db_gate_lost(g, gen0, T0 + 2) == DB_GATE_TOKEN); /* UP: a loss is news */
    CU_ASSERT(db_gate_generation(g) == gen1);
    db_gate_drop(g, T0 + 2);
    CU_ASSERT(db_gate_lost(g, gen1, T0 + 3) == DB_GATE_SHUT);
    CU_ASSERT(db_gate_generation(g) != gen1);
    db_gate_close(g);
    db_gate_free(g);
}

static void gate__an_unused_token_makes_a_probe_due_at_once(void)
{
    struct db_gate *g = gate_up();

    CU_ASSERT(db_gate_lost(g, db_gate_generation(g), T0) == DB_GATE_TOKEN);
    db_gate_drop(g, T0 + 1);
    CU_ASSERT(db_gate_probe_take(g, T0) == DB_GATE_SHUT);
    CU_ASSERT(db_gate_probe_take(g, T0 + 1) == DB_GATE_TOKEN);
    db_gate_leave(g, DB_GATE_TOKEN, 1, T0 + 2);
    CU_ASSERT(stats(g).down == 0);
    db_gate_close(g);
    db_gate_free(g);
}

/* While UP, DB_GATE_CONNECTS connects at a time: the next is refused when no
 * slot frees within its wait, and let through when one does. */
static void gate__up_lets_a_few_connects_through_at_a_time(void)
{
    struct db_gate *g = gate_up();
    int i;

    for (i = 0; i < DB_GATE_CONNECTS; i++)
        CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_OPEN);
    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_SHUT);
    CU_ASSERT(stats(g).refused == 1);
    CU_ASSERT(stats(g).down == 0);
    db_gate_leave(g, DB_GATE_OPEN, 1, T0);
    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_OPEN);
    for (i = 0; i < DB_GATE_CONNECTS; i++)
        db_gate_leave(g, DB_GATE_OPEN, 1, T0);
    CU_ASSERT(stats(g).connects == DB_GATE_CONNECTS + 1);
    db_gate_close(g);
    db_gate_free(g);
}

/* Only a token holder ends an outage: a connect let through before it began
 * proves nothing about now. */
static void gate__only_a_probe_brings_it_up(void)
{
    struct db_gate *g = gate_up();

    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_OPEN);
    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_OPEN);
    CU_ASSERT(db_gate_enter(g, 0) == DB_GATE_OPEN);
    db_gate_leave(g, DB_GATE_OPEN, 0, T0);
    db_gate_leave(g, DB_GATE_OPEN, 1, T0 + 1);
    CU_ASSERT(stats(g).down == 1);
    db_gate_leave(g, DB_GATE_OPEN, 0, T0 + 2); /* already down: no second outage */
    CU_ASSERT(stats(g).outages == 1);
    db_gate_close(g);
    db_gate_free(g);
}

static void gate__probe_wait_returns_when_due_or_closed(void)
{
    struct db_gate *g = gate_up();

    CU_ASSERT(db_gate_lost(g, db_gate_generation(g), T0) == DB_GATE_TOKEN);
    db_gate_drop(g, 0); /* due long ago: no waiting */
    CU_ASSERT(db_gate_probe_wait(g) == DB_GATE_TOKEN);
    db_gate_leave(g, DB_GATE_TOKEN, 1, T0);
    db_gate_close(g);
    CU_ASSERT(db_gate_probe_wait(g) == DB_GATE_SHUT);
    db_gate_free(g);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "gate__starts_down_until_the_first_attempt", gate__starts_down_until_the_first_attempt },
        { "gate__a_failed_first_attempt_leaves_it_down",
          gate__a_failed_first_attempt_leaves_it_down },
        { "gate__a_failed_connect_refuses_everyone_and_probes_one_at_a_time",
          gate__a_failed_connect_refuses_everyone_and_probes_one_at_a_time },
        { "gate__a_timed_out_connect_while_statements_answer_is_no_outage",
          gate__a_timed_out_connect_while_statements_answer_is_no_outage },
        { "gate__a_loss_gives_the_token_to_the_call_that_saw_it",
          gate__a_loss_gives_the_token_to_the_call_that_saw_it },
        { "gate__a_loss_starts_a_new_generation_once", gate__a_loss_starts_a_new_generation_once },
        { "gate__an_unused_token_makes_a_probe_due_at_once",
          gate__an_unused_token_makes_a_probe_due_at_once },
        { "gate__up_lets_a_few_connects_through_at_a_time",
          gate__up_lets_a_few_connects_through_at_a_time },
        { "gate__only_a_probe_brings_it_up", gate__only_a_probe_brings_it_up },
        { "gate__probe_wait_returns_when_due_or_closed",
          gate__probe_wait_returns_when_due_or_closed },
        { NULL, NULL },
    };
    test_add_suite("db/gate", cases);
}
