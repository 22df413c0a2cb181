/*
 * mention: "@handle" in a post (docs/communities.md, "Mentions"). A handle
 * is a person's name as their posts show it with each space written "_"
 * ("@Siân_Williams" for Siân Williams; an apostrophe between letters is
 * part of it: "@O’Brien", not a possessive "’s" at its end), matched without regard to case or
 * accents among the members of the post's community; a handle that names
 * nobody, or more than one person, stays plain text.
 *
 * The scan reads a post's HTML (forum_post_html()), not its Markdown, so
 * it sees exactly the text a reader sees: "@" inside code spans and blocks,
 * inside a link or in a tag's attributes is never a mention, nor is one
 * straight after a letter, digit, "_", "-" or "." (an e-mail address). A
 * mention inside a quotation (<blockquote>) is reported as quoted: it is
 * linked but notifies nobody (quoting a post does not ping again).
 *
 * Pure C, no database: fuzzed by tests/fuzz/fuzz_mention.c.
 */
#pragma once

#include <stddef.h>

struct arena;

#define MENTION_HANDLE_MAX 200 /* bytes of a handle, as users.name */
#define MENTIONS_MAX       10  /* distinct people one post may notify */

struct mention_span {
    size_t at;  /* offset of the "@" in the HTML */
    size_t len; /* bytes of the handle after the "@" */
    int quoted; /* inside a <blockquote> */
};

/* The mentions in html, in order, at most max into out: their number. */
size_t mention_scan(const char *html, struct mention_span *out, size_t max);

/* The handle written with its "_" as spaces and each apostrophe (' or ’)
 * as "'" (the name to look for), in a. */
char *mention_name(struct arena *a, const char *handle, size_t len);

/* The same with each apostrophe as "’" (a name may be stored either way). */
char *mention_name_curly(struct arena *a, const char *handle, size_t len);

/* html with every mention whose handle equals (ASCII case aside) one of
 * handles[0..n) made a link to hrefs[i]: <a rel="nofollow ugc noopener"
 * href="...">@handle</a>. hrefs must be safe as attribute values (paths
 * the caller built). In a; html itself when n is 0 or none matches. */
const char *mention_link(struct arena *a, const char *html, const char *const *handles,
                         const char *const *hrefs, size_t n);
