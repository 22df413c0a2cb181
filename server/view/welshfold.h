/*
 * welshfold: text folded for searching, so that a Welsh word matches in any of
 * its mutated forms (docs/decisions.md, "Search that understands Welsh").
 *
 * A word is lower-cased, its accents are folded (ŵ = w, â = a, ï = i), and it
 * becomes the set of its radical forms that a Welsh word list knows: the word
 * itself, then every form a soft (c→g p→b t→d g→∅ b→f d→dd ll→l m→f rh→r),
 * nasal (c→ngh p→mh t→nh g→ng b→m d→n) or aspirate (c→ch p→ph t→th)
 * mutation, or an h- before a vowel, could have come from, and so on from
 * those (a closure, so folding is idempotent). "wasanaethau" is
 * {wasanaethau, gwasanaethau}; "fod" is {fod, bod, mod}; "the" stays
 * {the}. dd- ngh- mh- nh- ng- are mutations whatever the list says ("nylunio"
 * needs the list, "ddylunio" does not). Apostrophes (' ’ ‘ ʼ), hyphens and
 * all other non-letters separate words, so "i'r" and "i’r" fold alike.
 *
 * Both sides fold the same way, so a text matches a query when, for each
 * query word, one of its terms is among the text's terms.
 *
 * How a store uses it (FULLTEXT, MariaDB boolean mode):
 *   - beside the searchable columns, a column `search_fold TEXT NOT NULL`
 *     with a FULLTEXT index; on every write and import set it to
 *     welshfold_text() of all the searchable text (both languages, titles
 *     and summaries joined with a space);
 *   - a search is `MATCH (search_fold) AGAINST (? IN BOOLEAN MODE)` with
 *     welshfold_query() of what the user typed; no words (return 0) means
 *     no search condition.
 *
 * The server loads one at start into app->fold (main.c, app_init; the
 * path is the build tree's welsh-words.txt, DYSGU_WELSH_WORDS). It is
 * read-only after welshfold_load() and shared by all threads.
 */
#pragma once

#include <stddef.h>

struct sbuf;
struct welshfold;

/* Longest word, in bytes after folding; longer ones are dropped (84 characters
 * of 3 bytes: InnoDB indexes no longer token). */
#define WELSHFOLD_WORD_MAX 252
/* Words of a query kept (the rest are ignored) and the shortest term searched:
 * InnoDB's innodb_ft_min_token_size, below which nothing is indexed. */
#define WELSHFOLD_QUERY_WORDS 8
#define WELSHFOLD_QUERY_MIN   3

/*
 * Load the word list at path (one folded word a line, sorted by strcmp, as
 * tools/welsh_words.c writes it at build time). Call once at start. If the
 * file cannot be read, log a warning and return a fold without a list: case,
 * accents and apostrophes still fold, and the five certain mutations above,
 * but no other. Never NULL. Free with welshfold_free().
 */
struct welshfold *welshfold_load(const char *path);
void welshfold_free(struct welshfold *wf);

/* Number of words in the list (0 without one). */
size_t welshfold_size(const struct welshfold *wf);

/* 1 if the folded word w[0..len) is in the list. */
int welshfold_known(const struct welshfold *wf, const char *w, size_t len);

/* 1 if the folded term t[0..len) is one of InnoDB's default stopwords (of 3
 * letters or more): never indexed, so never found (catalogue/words.c). */
int welshfold_stopword(const char *t, size_t len);

/*
 * Append to out the terms of the UTF-8 text in[0..len), separated by single
 * spaces, each distinct term once, in order of first appearance: the value
 * of a folded column. Invalid UTF-8 separates words. Returns the number of
 * terms appended. wf may be NULL (no list).
 */
size_t welshfold_text(const struct welshfold *wf, const char *in, size_t len, struct sbuf *out);

/*
 * Append to out a MariaDB boolean-mode query for what a user typed: each of
 * the first WELSHFOLD_QUERY_WORDS words becomes "+(t1* t2* ...)", its terms
 * OR-ed and each a prefix, the words AND-ed. Terms shorter than
 * WELSHFOLD_QUERY_MIN characters and InnoDB's default stopwords are dropped
 * (they are never indexed, so a required one would find nothing); a word
 * left without terms is dropped. The terms hold letters and digits only, so
 * no operator can be smuggled in. Returns the number of words appended
 * (0: nothing to search for, out unchanged).
 */
size_t welshfold_query(const struct welshfold *wf, const char *in, size_t len, struct sbuf *out);

/*
 * Append to out the text in[0..len) with each letter folded as a search
 * folds it (lower case, accents off: "Dâta" is "data"), one code point for
 * one, and every other byte as it is (spaces, punctuation, combining marks,
 * invalid UTF-8). Two texts written alike here search alike: the same words,
 * the same terms, the same number of characters. For cache keys
 * (http/rendercache.c). Returns the bytes appended.
 */
size_t welshfold_letters(const char *in, size_t len, struct sbuf *out);

/*
 * Fold one word's letters: lower case, accents off. Writes at most cap - 1
 * bytes and a NUL to out; returns the length, or 0 if w is not one word of
 * letters a-z only (after folding) or does not fit. For the list builder.
 */
size_t welshfold_norm(const char *w, size_t len, char *out, size_t cap);
