/*
 * glossary: pairs of English and Welsh terms of the trade ("user research =
 * ymchwil defnyddwyr"), so that a search holding either side also finds
 * text holding the other (issue 25): an English term typed on a Welsh page
 * finds the Welsh course, and the reverse.
 *
 * The pairs are one data file, data/glossary.txt: a pair a line as
 * "english = cymraeg", '#' starting a comment. Loaded once at start into
 * app->glossary (main.c, app_init); read-only after that, shared by all
 * threads.
 *
 * A glossary side matches the words of a query when each of its words is
 * one of the terms view/welshfold.h folds the query word to, in order, so
 * "ddylunio cynnwys" matches "dylunio cynnwys". The longest side matching
 * wins; sides do not overlap.
 */
#pragma once

#include <stddef.h>

struct sbuf;
struct welshfold;
struct glossary;

#define GLOSSARY_QUERY_TOKENS 16 /* words of a query looked at for terms */

/*
 * Load the pairs at path, each word folded by welshfold_norm(). A line that
 * is not "words = words" of letters is skipped with a warning naming it; an
 * unreadable file gives a warning and an empty glossary. Never NULL. Free
 * with glossary_free().
 */
struct glossary *glossary_load(const char *path);
void glossary_free(struct glossary *g);

/* Number of pairs (0 for NULL). */
size_t glossary_size(const struct glossary *g);

/*
 * welshfold_query() of in[0..len) (to out, with wf), except that words
 * matching a side of a pair become one required group holding both sides:
 * "+((+(user*) +(research*)) (+(ymchwil*) +(defnyddwyr*)))". The other
 * words follow as welshfold_query() writes them. g may be NULL (no pairs).
 * Returns the number of required groups and words appended (0: nothing to
 * search for, out unchanged).
 */
size_t glossary_query(const struct glossary *g, const struct welshfold *wf, const char *in,
                      size_t len, struct sbuf *out);
