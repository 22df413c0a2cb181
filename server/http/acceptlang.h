/*
 * acceptlang: choose Welsh or English from an Accept-Language header
 * (RFC 9110 section 12.5.4, RFC 4647 language ranges).
 *
 * Pure and bounded: reads at most ACCEPTLANG_MAX bytes, allocates nothing.
 */
#pragma once

/* Bytes of the header considered; a range cut by this limit is dropped. */
#define ACCEPTLANG_MAX 1024

/*
 * LANG_CY or LANG_EN (core/lang.h) for the language the header prefers, or
 * -1 when it names neither (or header is NULL).
 *
 * Ranges are separated by ',' with optional whitespace, each a language range
 * (1*8ALPHA *("-" 1*8alphanum), case-insensitive) with an optional ";q=" weight
 * of 0..1 with up to 3 decimals. A range with a malformed weight, any other
 * parameter or a malformed tag is ignored. "cy" and "cy-*" mean Welsh, "en"
 * and "en-*" English; "*" matches nothing, because we redirect only on an
 * explicit choice. q=0 means "not acceptable". The highest q wins; on a tie
 * the earlier range wins.
 */
int acceptlang_pick(const char *header);
