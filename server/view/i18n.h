/*
 * i18n: the UI string catalogues locales/cy.json and locales/en.json, their
 * parity check, lookups, CLDR cardinal plurals and {placeholder} filling.
 *
 * A catalogue is nested objects whose leaves are strings. A "plural object"
 * is an object with any of the keys zero, one, two, few, many, other; it must
 * have exactly those six, all strings, in BOTH files (English only ever
 * selects one/other). Keys are looked up dotted: "courses.enrol.button".
 *
 * Parity (DESIGN.md "Bilingual rules"): both files have the same flattened
 * key set, the same kind (string or plural) at each key, and the same set of
 * {placeholders} (a '{', one or more of [A-Za-z0-9_], a '}') in every string;
 * for a plural every form of the key, in both files, uses the same set.
 * No key is empty or contains '.'.
 *
 * Ownership: struct i18n is loaded once at start and read-only afterwards,
 * so every lookup may run on any thread. Strings it returns are owned by it
 * and valid until i18n_free(). i18n_format() results live in the arena.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

#include <jansson.h>

#include "core/lang.h"

struct arena;
struct i18n;

enum plural_cat { PLURAL_ZERO, PLURAL_ONE, PLURAL_TWO, PLURAL_FEW, PLURAL_MANY, PLURAL_OTHER };

/*
 * Load dir/cy.json and dir/en.json and check parity. On failure NULL, with
 * err naming the file, the key and the problem (a JSON syntax error gives
 * "path:line:column: text"). Free with i18n_free().
 */
struct i18n *i18n_load(const char *dir, char *err, size_t errlen);

/*
 * The same from two parsed catalogues, which it references (json_incref)
 * rather than copies. NULL with err set if parity fails.
 */
struct i18n *i18n_new(json_t *cy, json_t *en, char *err, size_t errlen);

/*
 * Check parity of two parsed catalogues: 0, or -1 with err naming the file
 * ("cy.json"/"en.json"), the key and the problem.
 */
int i18n_check_parity(json_t *cy, json_t *en, char *err, size_t errlen);

/* Free t and its catalogues; t may be NULL. */
void i18n_free(struct i18n *t);

/*
 * The string at dotted key in language l. A key that is missing or is not a
 * string (a namespace or a plural) returns key itself, so the gap shows on
 * the page and in tests; no warning is logged.
 */
const char *i18n_text(const struct i18n *t, enum lang l, const char *key);

/*
 * The catalogue of l as a jansson object, for templates: {{t.home.title}}.
 * Borrowed and shared by every thread: never modify it. Referencing it from
 * a per-request object (json_object_set) is safe, as jansson's reference
 * counts are atomic.
 */
json_t *i18n_catalogue(const struct i18n *t, enum lang l);

/*
 * CLDR cardinal plural category for the integer n (negative: its absolute
 * value). Welsh: 0 zero, 1 one, 2 two, 3 few, 6 many, everything else other;
 * English: 1 one, else other.
 */
enum plural_cat plural_category(enum lang l, long n);

/* "zero", "one", "two", "few", "many" or "other" (also for a bad value). */
const char *plural_cat_name(enum plural_cat c);

/*
 * The form of plural key for n in l. A plain string at key is returned as
 * it is; a missing key returns key itself.
 */
const char *i18n_plural(const struct i18n *t, enum lang l, const char *key, long n);

/*
 * Replace {name} placeholders in tmpl with values. The variable arguments
 * are (const char *name, const char *value) pairs ending with a NULL name; a
 * NULL value counts as "". Unknown placeholders and lone braces stay as
 * written; values are inserted as they are, not re-scanned. The result is
 * plain text (escape it on output), allocated in a; tmpl NULL gives "".
 */
char *i18n_format(struct arena *a, const char *tmpl, ...) __attribute__((sentinel));

/* i18n_format() with the pairs in a va_list. */
char *i18n_vformat(struct arena *a, const char *tmpl, va_list ap);

/* i18n_plural() for n, then {n} replaced by n in decimal; allocated in a. */
char *i18n_pluralf(struct arena *a, const struct i18n *t, enum lang l, const char *key, long n);
