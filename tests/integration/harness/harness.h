/*
 * harness: what every integration test includes. A test file is one
 * executable: a real private MariaDB (ops/test starts it) and a real
 * `dysgu serve` on 127.0.0.1, driven over HTTP; no mocks.
 *
 * One prefix per part, each in its own header:
 *
 *   server_, test_   process.h         the server process, its log, the
 *                                      database process, sleeping
 *   harness_         process.h         the usual suite set-up and tear-down
 *   http_            client.h          one request over a raw socket; as a
 *                                      fixture session (cookie, CSRF token);
 *                                      reading the answer
 *   browser_         browser.h         a cookie-jar client from a loopback
 *                                      address of its own, through the real
 *                                      sign-in and registration forms
 *   fx_, FX_         fixtures.h        rows made and read straight in the
 *                    fixtures_courses.h  test database: people, sessions,
 *                    scratch.h         courses, cohorts, enrolments (with
 *                                      enum fx_enrol_status), audit, mail;
 *                                      a scratch database of a test's own;
 *                    fixtures_forum.h  forum threads, through the page or
 *                                      straight into the tables
 *   mailbox_         mailbox.h         e-mail as delivered: the newest
 *                                      one-time link sent to an address
 *   loc_             loc.h             catalogue text as a page shows it,
 *                                      to assert on keys rather than copy
 *   api_             api.h             the JSON API's answers read back
 *   trips_, shows_   trips.h           a GET's database round trips and
 *                                      whether a page shows a text: the
 *                                      tests of what is kept in memory
 *
 * The rules the parts keep: a fixture's rows carry fx_tag (unique to the
 * run), so a test file passes alone, in any order and beside any other
 * (ctest -j2 runs them in parallel on one database); assertions are scoped
 * to the test's own rows, never to global counts. Statuses stored as SQL
 * ENUMs are compared by name (enum fx_enrol_status), never by number.
 * docs/testing.md says how to write a test with them.
 */
#pragma once

#include "api.h"
#include "browser.h"
#include "client.h"
#include "fixtures.h"
#include "fixtures_appr.h"
#include "fixtures_courses.h"
#include "fixtures_forum.h"
#include "loc.h"
#include "mailbox.h"
#include "process.h"
#include "scratch.h"
#include "testing.h"
#include "trips.h"
