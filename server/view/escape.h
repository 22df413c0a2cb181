/*
 * escape: make untrusted text safe to put into HTML and URLs.
 *
 * Both functions append to an sbuf (core/sbuf.h) and inherit its sticky
 * error: once the buffer is full, further appends are dropped and the caller
 * checks sbuf_failed() once at the end. They read exactly len bytes of s (s
 * may be NULL only when len is 0), pass every other byte through unchanged
 * (so UTF-8 such as "ŵ ŷ" survives), and never allocate outside the sbuf.
 */
#pragma once

#include <stddef.h>

struct sbuf;

/*
 * Append s with & < > " ' replaced by &amp; &lt; &gt; &quot; &#39;. The
 * result is safe in HTML text and in quoted attribute values (OWASP XSS rules
 * 1 and 2); it is NOT safe in unquoted attributes, URLs, <script> or <style>.
 * Every attribute in our templates is quoted, so = and ` pass through and
 * links such as "?q=data" stay readable.
 */
void escape_html(struct sbuf *b, const char *s, size_t len);

/*
 * Append s percent-encoded (RFC 3986 section 2.1, upper-case hex) except the
 * unreserved characters A-Z a-z 0-9 - . _ ~, for one path segment or one
 * query name/value. A space becomes %20, never '+'.
 */
void escape_url_component(struct sbuf *b, const char *s, size_t len);
