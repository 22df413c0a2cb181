/*
 * tpl_impl: the compiled form shared by tpl.c, tpl_compile.c and
 * tpl_render.c. Not part of the view API: include view/tpl.h instead.
 *
 * A template is a flat node array. A section node's body is the nodes
 * (i, end); rendering skips a section by jumping to end, so nothing is
 * parsed at render time. Text and names point into the template's own copy
 * of its source; names are pre-split into segments (struct tpl_seg) so that
 * lookups use json_object_getn() without copying.
 *
 * Invariants: nodes[i].end > i for sections, and sections nest properly;
 * segs[first_seg .. first_seg + n_segs) lie inside segs; a linked partial
 * points at a template of the same set.
 */
#pragma once

#include <stddef.h>

#include "tpl.h"

enum tpl_op { TPL_TEXT, TPL_VAR, TPL_RAW, TPL_SECTION, TPL_INVERTED, TPL_PARTIAL };

struct tpl_seg {
    const char *s;
    size_t len;
};

struct tpl;

struct tpl_node {
    enum tpl_op op;
    unsigned line;             /* 1-based source line of the tag, for errors */
    const char *text;          /* TEXT: the bytes; others: the whole name */
    size_t len;                /* bytes of text */
    size_t end;                /* SECTION/INVERTED: first node after the body */
    size_t first_seg, n_segs;  /* VAR/RAW/SECTION/INVERTED; n_segs 0 means "." */
    const struct tpl *partial; /* PARTIAL: bound by tpl_set_link(), else NULL */
};

struct tpl {
    char *name;
    char *src; /* private copy the nodes point into */
    struct tpl_node *nodes;
    size_t n_nodes;
    struct tpl_seg *segs;
    size_t n_segs;
};

/*
 * Compile src[0..len) into t (zeroed by the caller, name already set). On a
 * syntax error return -1 with "name:line: problem" in err; t may then hold
 * partial results, released by tpl_release().
 */
int tpl_compile(struct tpl *t, const char *src, size_t len, char *err, size_t errlen);

/* Free what t owns (not t itself). */
void tpl_release(struct tpl *t);

/* The template called name (a len-byte string) in s, or NULL. */
const struct tpl *tpl_set_find(const struct tpl_set *s, const char *name, size_t len);
