/*
 * lang: the two languages of the service. Welsh comes first everywhere.
 */
#pragma once

enum lang { LANG_CY = 0, LANG_EN = 1, LANG__COUNT };

/* "cy" or "en". */
static inline const char *lang_code(enum lang l)
{
    return l == LANG_EN ? "en" : "cy";
}

/* The other language. */
static inline enum lang lang_other(enum lang l)
{
    return l == LANG_EN ? LANG_CY : LANG_EN;
}
