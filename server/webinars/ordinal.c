/*
 * Ordinals in digits for the queue position ("3ydd yn y ciw", "3rd in the
 * queue"). Welsh takes the ending of the ordinal word: 1af (cyntaf), 2il
 * (ail), 3ydd (trydydd), 4ydd (pedwerydd), 5ed (pumed), 6ed (chweched),
 * 7fed ... 10fed, 11eg (unfed ar ddeg), 12fed (deuddegfed), 13eg, 14eg,
 * 15fed (pymthegfed), 16eg ... 19eg, 20fed (ugeinfed). From 21 to 99 the
 * vigesimal words end in "ar hugain", "a deugain", "a thrigain", "a phedwar
 * ugain": 21ain, 39ain, 41ain; the round scores and fifty are single words
 * ending in -fed: 40fed (deugeinfed), 50fed (hanner canfed), 60fed
 * (trigeinfed), 80fed (pedwar ugeinfed). Past 99 there is no settled written
 * form, so Welsh says "rhif 103" (the caller's fallback).
 */
#include "core/arena.h"
#include "webinars/webinars.h"

static const char *const cy_to_20[] = {
    "",   "af",  "il", "ydd", "ydd", "ed", "ed", "fed", "fed", "fed", "fed",
    "eg", "fed", "eg", "eg",  "fed", "eg", "eg", "fed", "eg",  "fed",
};

static const char *cy_suffix(int n)
{
    if (n <= 20)
        return cy_to_20[n];
    if (n == 40 || n == 50 || n == 60 || n == 80)
        return "fed";
    return "ain";
}

static const char *en_suffix(int n)
{
    if (n % 100 >= 11 && n % 100 <= 13)
        return "th";
    switch (n % 10) {
    case 1:
        return "st";
    case 2:
        return "nd";
    case 3:
        return "rd";
    default:
        return "th";
    }
}

const char *webinar_ordinal(struct arena *a, enum lang l, int n)
{
    if (n < 1 || (l == LANG_CY && n > 99))
        return NULL;
    return arena_printf(a, "%d%s", n, l == LANG_CY ? cy_suffix(n) : en_suffix(n));
}
