/*
 * quote: the reply form filled with a post quoted (?quote={post id} on a
 * thread page, no JavaScript needed): each of its lines as a Markdown
 * quotation ("> "), then "> — Name", then a blank line for the reply.
 */
#include <string.h>

#include "app/page.h"
#include "communities/communities_impl.h"
#include "core/sbuf.h"
#include "http/req.h"

const char *forum_quote_text(struct arena *a, const char *body, const char *author)
{
    struct sbuf b;
    const char *p = body, *nl;
    size_t len = strlen(body);

    while (len > 0 && strchr("\r\n \t", body[len - 1]))
        len--;
    sbuf_init(&b, a, (size_t)-1 / 2);
    while (p < body + len) {
        size_t n;

        nl = memchr(p, '\n', (size_t)(body + len - p));
        n = nl ? (size_t)(nl - p) : (size_t)(body + len - p);
        if (n > 0 && p[n - 1] == '\r')
            n--;
        sbuf_adds(&b, n ? "> " : ">");
        sbuf_add(&b, p, n);
        sbuf_addc(&b, '\n');
        p = nl ? nl + 1 : body + len;
    }
    sbuf_addf(&b, ">\n> \xe2\x80\x94 %s\n\n", author);
    return b.buf;
}

const char *forum_quote(struct req *r, const struct forum_thread *t)
{
    const char *q = req_query(r, "quote");
    struct forum_post p;
    long long id;

    if (!q || page_id_parse(q, &id) || forum_store_post(r->db, r->arena, id, &p) != DB_OK ||
        p.thread_id != t->id || p.hidden || p.deleted || p.review != FORUM_PUBLISHED)
        return "";
    return forum_quote_text(r->arena, p.body, p.author);
}
