/*
 * fixtures_appr: an apprenticeship scheme and apprentices on it, made
 * straight in the test database (fixtures.h's connection and tag), for the
 * tests that need a record in a known state without the pages that make
 * one (tests/integration/apprenticeships/). Call fx_init() first.
 */
#pragma once

#include "fixtures.h"

/* A scheme on the framework fw_code ("software-developer-3", ...) for the
 * employer CRF with the lead provider "Coleg Prawf", named name_cy and
 * name_en, its intake starting on the database's today, a review every
 * review_weeks and planned_otj_hours planned; its code is "fx-<tag>-<n>".
 * Its id, or 0 (the reason on stderr). */
long long fx_appr_scheme(const char *fw_code, const char *name_cy, const char *name_en,
                         int review_weeks, int planned_otj_hours);

/* user as an apprentice in learning on scheme: started started_days_ago
 * days before the database's today, planned to end 600 days after it, ULI
 * "A<user>", 30 contracted hours a week, trainer (0: none), the next review
 * review_in_days from today (negative: overdue). Its record id, or 0. */
long long fx_apprentice(long long scheme, long long user, long long trainer, int started_days_ago,
                        int review_in_days);

/* The database's today plus n days, YYYY-MM-DD, in buf (buf itself; "" when
 * the database does not answer). */
const char *fx_appr_day(char buf[16], long long n);
