/*
 * admin kept: the admin pages' data kept in memory (issue 22). The home's
 * counts, a page of the users list, of the courses list, the enrolments by
 * organisation and a page of the audit log are read from the database once
 * and kept for PERSON_KEPT_TTL_MS under the page's normalised query (page,
 * language, filters, page number or cursor), one copy for every admin: the
 * store's rows, never a rendered part, so the header, the CSRF fields and
 * anything of a session are put in per request.
 *
 * What they show is changed by many features, so they share one admin
 * generation that every write path moves (admin_kept_touch(), one line after
 * the write): the admin pages, the audit log (audit_write: a sign-in, a
 * registration, a role change, a publish, anything audited), accounts' details,
 * and enrolments. A touch may come before its commit (audit_write runs in its
 * caller's transaction): for ADMIN_KEPT_SETTLE_MS after it nothing read is
 * reused. A change no code here touches (another server, the CLI in another
 * process) shows within PERSON_KEPT_TTL_MS. Nothing is kept when the session
 * cache is off (core/kepttable.h kept_tables_keep()).
 *
 * No includes: any feature that writes what the admin pages show includes it.
 */
#pragma once

#define ADMIN_KEPT_SETTLE_MS 500 /* = PERSONGEN_SETTLE_MS */

/* Something the admin pages show changed, or will when the caller's
 * transaction commits (within ADMIN_KEPT_SETTLE_MS). Thread-safe, lock-free. */
void admin_kept_touch(void);

/* The admin generation a kept page is read under: new on every read while a
 * touch settles. */
unsigned long long admin_kept_gen(void);
