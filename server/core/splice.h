/*
 * splice: the personal parts ("holes") of a rendered page, kept as byte
 * offsets, so that one rendered copy serves every reader with their own
 * parts put back in (issue 22: signed-in readers of a shared page get the
 * cached body with their own header, http/rendercache.h).
 *
 * The template layer records a hole for every {{>personal/...}} partial the
 * layout renders (view/tpl.h tpl_render_holes()): where its output starts
 * and ends in the page, and the partial's name, which renders it again for
 * another reader. splice_join() then writes the page with each hole's bytes
 * replaced by what put() writes for it.
 */
#pragma once

#include <stddef.h>

struct sbuf;

#define SPLICE_MAX_HOLES 8
#define SPLICE_NAME_MAX  48 /* "personal/..." template names */

struct splice_hole {
    size_t start, end; /* [start, end) in the page */
    char name[SPLICE_NAME_MAX];
};

struct splice {
    size_t n;
    int broken; /* too many holes, a name too long, or holes out of order:
                 * the page cannot be spliced (render it for each reader) */
    struct splice_hole hole[SPLICE_MAX_HOLES];
};

/* Note a hole [start, end) named name after those already noted; sets
 * s->broken when it does not fit or does not follow the last one. */
void splice_add(struct splice *s, size_t start, size_t end, const char *name);

/* 1 when s can splice a page of len bytes: not broken, the holes in order,
 * not overlapping and inside the page; else 0. */
int splice_ok(const struct splice *s, size_t len);

/* Append page[0..len) to out with hole i's bytes replaced by what put(arg,
 * name of hole i, out) appends. -1 when !splice_ok() or put() returns
 * non-zero (out then holds partial output), else 0. */
int splice_join(struct sbuf *out, const char *page, size_t len, const struct splice *s,
                int (*put)(void *arg, const char *name, struct sbuf *out), void *arg);
