/*
 * loc: the UI text of locales/cy.json and locales/en.json as a page shows
 * it (loc_), so a test asserts that the page says what the catalogue key
 * says, not a copy of today's wording: reword a message and the tests still
 * hold; show the wrong message, or none, and they fail.
 *
 * The text comes through the server's own catalogue code (view/i18n.h:
 * {placeholders} filled, plural forms) and is HTML-escaped as a template's
 * {{x}} escapes it (' becomes &#39;), so it can be searched for in a body.
 * A key the catalogues do not have fails the current test.
 *
 * Keep a literal string in a test only where the words are the behaviour:
 * the language toggle, CLDR plural forms and Welsh mutations, date and
 * duration formats, the language of an e-mail. Say so in a comment there.
 *
 * lang is "cy" or "en". Results live until the process ends.
 */
#pragma once

/* The text at key. */
const char *loc_text(const char *lang, const char *key);

/* The text at key as it is, not escaped: a value for another key's
 * {placeholder} (a label inside "{label} ({n})", say). */
const char *loc_plain(const char *lang, const char *key);

/* The text at key with {name} replaced by value for each (name, value) pair
 * that follows, ending with a NULL name. */
const char *loc_textf(const char *lang, const char *key, ...) __attribute__((sentinel));

/* loc_textf(), cut before the first placeholder left unfilled: the fixed
 * start of a message whose end the test does not know (a date, say). */
const char *loc_prefix(const char *lang, const char *key, ...) __attribute__((sentinel));

/* The form of the plural key for n with {n} filled, then the (name, value)
 * pairs that follow, ending with a NULL name. */
const char *loc_plural(const char *lang, const char *key, long n, ...) __attribute__((sentinel));
