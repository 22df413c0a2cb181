/*
 * certcode: certificate verification codes. A code is CERTCODE_LEN
 * characters of Crockford's base32 (0-9 and A-Z without I, L, O, U), 60
 * random bits from libsodium: too many to guess, short enough to read out
 * over the phone or type from a printed page.
 *
 * People copy codes by hand, so reading one is forgiving in the way
 * Crockford's scheme intends: case is ignored, spaces and hyphens (the
 * printed form groups the code in fours) are dropped, and the look-alikes
 * O, I and L are read as 0, 1 and 1. Pure functions, no allocation.
 */
#pragma once

#include <stddef.h>

#define CERTCODE_LEN 12

/* The 32 symbols, in value order. */
extern const char certcode_alphabet[33];

/* A fresh random code in out (CERTCODE_LEN characters and a NUL).
 * libsodium must be initialised (sodium_init) first. */
void certcode_new(char out[CERTCODE_LEN + 1]);

/*
 * The canonical form of what someone typed: s with spaces, tabs and hyphens
 * dropped, letters upper-cased, O read as 0 and I, L as 1. 0 with out set
 * when that leaves exactly CERTCODE_LEN symbols of the alphabet; -1 (out
 * unspecified) for anything else, including NULL, U and any non-ASCII byte.
 */
int certcode_normalise(const char *s, char out[CERTCODE_LEN + 1]);

/* The code as printed, "ABCD-EFGH-JKMN": groups of four joined by hyphens. */
void certcode_grouped(const char code[CERTCODE_LEN + 1], char out[CERTCODE_LEN + 3]);
