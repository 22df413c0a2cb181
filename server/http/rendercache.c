/*
 * rendercache: a hash table of slots, one per key. A slot holds the page
 * served now (immutable, reference-counted: a request sends from it outside
 * the lock, and a page replaced or dropped meanwhile is freed by whoever lets
 * go of it last) and whether a request is refilling it.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "rendercache.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <time.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/persongen.h"
#include "core/sbuf.h"
#include "core/splice.h"
#include "core/xalloc.h"
#include "http/brpieces.h"
#include "http/compress.h"
#include "http/form.h"
#include "http/gzsplice.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/welshfold.h"

#define BUCKETS   1024
#define SLOTS_MAX 8192

/* A kept page is ONE mapping (struct, type, headers, body and variants):
 * kept pages are replaced every RENDERCACHE_TTL_MS, and as malloc blocks
 * they were long-lived islands in the worker threads' heaps, which then grew
 * by a few MB an hour of refills (the soak's RSS, docs/decisions.md). */
struct page {
    int refs;
    long long loaded_ms;
    size_t bytes; /* the mapping's length */
    int status;
    const char *content_type;
    const char *headers; /* r->headers of the filling request, Set-Cookie left out */
    size_t headers_len;
    struct compressed c; /* points into the mapping (on_heap 0) */
    struct splice holes; /* the personal parts of c's plain body */
    int has_gz;          /* gz holds the parts between the holes, gzipped */
    struct gzsplice gz;  /* gz.z points into the mapping */
    int has_br;          /* br: the same as brotli pieces (http/brpieces.h) */
    struct brpieces br;  /* br.piece and br.z point into the mapping */
};

struct slot {
    struct slot *next;
    char *key;
    unsigned hash;
    struct page *page; /* NULL until the first fill */
    int filling;
    unsigned unfilled; /* claims let go of without a copy (a 404, a 503) */
    unsigned asks;     /* lookups since its page was kept */
};

/* The doorkeeper: an address is kept, and its expired copy refilled, only
 * when it is asked for RENDERCACHE_ADMIT_ASKS times within a window of
 * RENDERCACHE_ADMIT_MS. Making a kept copy costs several plain renders (the
 * brotli and gzip variants), so a copy must be asked for again before it
 * expires to pay; addresses asked for more rarely (a search nobody repeats,
 * the long tail of prefixes) are rendered and sent as any other page, and
 * cost neither memory nor compression. A direct-mapped table: another
 * address landing on an entry only restarts its count. A copy kept already
 * has proved itself: once asked for RENDERCACHE_RENEW_ASKS times since it
 * was kept it is renewed when it expires, whatever the window says (with the
 * window starting again as it expired, the next readers of a busy search
 * each rendered it, holding a pooled connection, until the window's count
 * was reached again). */
#define SEEN 4096

struct seen {
    unsigned hash;
    int asks;
    long long since_ms; /* the window's start */
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t filled;
    struct slot *buckets[BUCKETS];
    size_t bytes, n_slots;
    unsigned gen;
    int background;                  /* rendercache_background() */
    unsigned long refreshed, let_go; /* background refills: kept, never run */
    struct seen seen[SEEN];
} rc = { .lock = PTHREAD_MUTEX_INITIALIZER, .filled = PTHREAD_COND_INITIALIZER };

/* Note an ask of key (hash h): 1 when it was asked for often enough to keep. */
static int asked_often(unsigned h, long long now)
{
    struct seen *e = &rc.seen[h % SEEN];

    if (e->hash != h || !e->since_ms || now - e->since_ms >= RENDERCACHE_ADMIT_MS) {
        e->hash = h;
        e->since_ms = now;
        e->asks = 0;
    }
    if (e->asks < RENDERCACHE_ADMIT_ASKS)
        e->asks++;
    return e->asks >= RENDERCACHE_ADMIT_ASKS;
}

static unsigned hash_of(const char *s)
{
    unsigned h = 2166136261u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void page_unref(struct page *p)
{
    if (!p || --p->refs > 0)
        return;
    munmap(p, p->bytes);
}

static struct slot *find(const char *key, unsigned h)
{
    struct slot *s;

    for (s = rc.buckets[h % BUCKETS]; s; s = s->next)
        if (s->hash == h && !strcmp(s->key, key))
            return s;
    return NULL;
}

/* What a slot holds besides its page, counted in rc.bytes with the pages. */
static size_t slot_bytes(const struct slot *s)
{
    return sizeof(*s) + strlen(s->key) + 1;
}

/* The byte cap: RENDERCACHE_MAX_BYTES, or DYSGU_RENDER_CACHE_BYTES (a test's). */
static size_t max_bytes;
static pthread_once_t max_once = PTHREAD_ONCE_INIT;

static void max_init(void)
{
    const char *v = getenv("DYSGU_RENDER_CACHE_BYTES");

    max_bytes = v && *v ? strtoull(v, NULL, 10) : RENDERCACHE_MAX_BYTES;
}

static void drop(struct slot **link)
{
    struct slot *s = *link;

    *link = s->next;
    rc.bytes -= slot_bytes(s);
    if (s->page)
        rc.bytes -= s->page->bytes;
    page_unref(s->page);
    free(s->key);
    free(s);
    rc.n_slots--;
}

/* Make room: drop the oldest filled slots (never one being refilled) until
 * the pages fit in the budget and the slots under SLOTS_MAX. */
static void shrink(void)
{
    pthread_once(&max_once, max_init);
    while (rc.bytes > max_bytes || rc.n_slots >= SLOTS_MAX) {
        struct slot **oldest = NULL, **link;
        size_t b;

        for (b = 0; b < BUCKETS; b++)
            for (link = &rc.buckets[b]; *link; link = &(*link)->next)
                if (!(*link)->filling &&
                    (!oldest || !(*link)->page ||
                     ((*oldest)->page && (*link)->page->loaded_ms < (*oldest)->page->loaded_ms)))
                    oldest = link;
        if (!oldest)
            return;
        drop(oldest);
    }
}

/* Append s[0..len) with '%', '&', '=' and controls as %XX, so that the
 * fields of a key are told apart whatever they hold. */
static void add_escaped(struct sbuf *b, const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '%' || c == '&' || c == '=' || c < 0x20 || c == 0x7f)
            sbuf_addf(b, "%%%02X", c);
        else
            sbuf_addc(b, (char)c);
    }
}

/* s without leading and trailing ASCII white space: *len bytes from the result. */
static const char *trimmed(const char *s, size_t *len)
{
    size_t n = strlen(s);

    while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    *len = n;
    return s;
}

/*
 * The key: language, path, then the decoded query fields sorted by name
 * (a stable sort: the order of one name's values is kept, and it is the
 * first that req_query() reads), each written one way whatever its
 * encoding ('+' or %20, %c3 or %C3). The search words q are trimmed and
 * folded (view/welshfold.h: case and accents), so "Data", "data " and
 * "dâta" share one copy, which echoes the spelling it was filled with.
 */
const char *rendercache_key(struct req *r)
{
    const struct kvlist *l = &r->query;
    const struct kv **v = l->n ? arena_alloc(r->arena, l->n * sizeof(*v)) : NULL;
    struct sbuf b, folded;
    size_t i, j, len;

    sbuf_init(&b, r->arena, RENDERCACHE_KEY_MAX + 1);
    sbuf_addf(&b, "%d%s?", (int)r->lang, r->rpath);
    for (i = 0; i < l->n; i++) {
        const struct kv *x = &l->items[i];

        for (j = i; j > 0 && strcmp(v[j - 1]->key, x->key) > 0; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
    for (i = 0; i < l->n && !sbuf_failed(&b); i++) {
        const char *val = v[i]->val;

        sbuf_add(&b, "&", i > 0);
        add_escaped(&b, v[i]->key, strlen(v[i]->key));
        sbuf_addc(&b, '=');
        len = v[i]->val_len;
        if (!strcmp(v[i]->key, "q")) {
            sbuf_init(&folded, r->arena, RENDERCACHE_KEY_MAX + 1);
            val = trimmed(val, &len);
            welshfold_letters(val, len, &folded);
            val = folded.buf;
            len = folded.len;
            if (sbuf_failed(&folded))
                return NULL;
        }
        add_escaped(&b, val, len);
    }
    return sbuf_failed(&b) || b.len > RENDERCACHE_KEY_MAX ? NULL : b.buf;
}

/* The page to serve for key now, with a reference taken, or NULL with r
 * marked to fill (holding the claim when nobody else refills). A request that
 * finds another refilling a key with no copy it may serve waits for that one
 * fill (single flight): 64 readers arriving at once on a cold or long-expired
 * key must not all render it, each holding a database connection, while the
 * one refill is nearly done (issue 22's p99 at 64 connections: 1-3 s, and 503s
 * from the pool's wait). It renders itself only when the refill it waited for
 * ended without a copy (a 404, a 503: not kept, so nothing to wait for; one
 * claim after another would render them one at a time) or after
 * RENDERCACHE_WAIT_MS (a refill that is stuck). */
static struct page *lookup(struct req *r, const char *key)
{
    unsigned h = hash_of(key), unfilled = 0;
    long long now = clock_ms();
    struct slot *s;
    struct page *p = NULL;
    struct timespec until = clock_deadline(CLOCK_REALTIME, RENDERCACHE_WAIT_MS);
    int often, waited = 0, own = 0;

    pthread_mutex_lock(&rc.lock);
    r->cache.key = key;
    r->cache.gen = rc.gen;
    often = asked_often(h, now);
    while ((s = find(key, h)) != NULL) {
        long long age = s->page ? now - s->page->loaded_ms : 0;

        if (!waited)
            s->asks++;
        if (s->page && (age < RENDERCACHE_TTL_MS || (s->filling && age < RENDERCACHE_STALE_MS))) {
            p = s->page; /* fresh, or the old copy while another refills */
            break;
        }
        if (!s->filling && waited && s->unfilled != unfilled) {
            own = 1; /* the refill we waited for kept nothing: render it as it did */
            break;
        }
        if (!s->filling && !often &&
            !(s->page && age < RENDERCACHE_STALE_MS && s->asks >= RENDERCACHE_RENEW_ASKS)) {
            s = NULL; /* expired, and asked for rarely: not worth a new copy */
            break;
        }
        if (!s->filling) {
            s->filling = 1;
            /* not a signed-in variant ("~enrolled~..."): a refill with no
             * reader would render it as anyone sees it */
            if (rc.background && s->page && age < RENDERCACHE_STALE_MS && key[0] != '~') {
                p = s->page; /* the old copy for this reader too: the refill runs behind */
                r->cache.refresh = key;
                break;
            }
            r->cache.claim = 1;
            break;
        }
        if (!waited) {
            waited = 1;
            unfilled = s->unfilled;
        }
        if (pthread_cond_timedwait(&rc.filled, &rc.lock, &until) == ETIMEDOUT)
            break; /* render it ourselves: the refill is stuck */
        now = clock_ms();
    }
    if (!s && !own && often && rc.n_slots < SLOTS_MAX) {
        s = xcalloc(1, sizeof(*s));
        s->key = xstrdup(key);
        s->hash = h;
        s->filling = 1;
        s->next = rc.buckets[h % BUCKETS];
        rc.buckets[h % BUCKETS] = s;
        rc.n_slots++;
        rc.bytes += slot_bytes(s);
        r->cache.claim = 1;
        shrink();
    }
    if (!s || own)
        r->cache.key = NULL; /* not kept (yet): rendered and sent as any page */
    if (p) {
        p->refs++;
        r->cache.key = NULL;
    }
    pthread_mutex_unlock(&rc.lock);
    return p;
}

static void release(struct page *p)
{
    pthread_mutex_lock(&rc.lock);
    page_unref(p);
    pthread_mutex_unlock(&rc.lock);
}

int rendercache_serve(struct req *r, const char *key)
{
    struct page *p = lookup(r, key);

    if (!p)
        return 0;
    sbuf_add(&r->headers, p->headers, p->headers_len);
    resp_send_variants(r, p->status, p->content_type, &p->c);
    release(p);
    return 1;
}

/* One spliced response: where each hole's bytes went in the output. */
struct spliced {
    struct req *r;
    size_t n, at[SPLICE_MAX_HOLES], len[SPLICE_MAX_HOLES];
};

static int put_personal(void *arg, const char *name, struct sbuf *out)
{
    struct spliced *sp = arg;
    size_t start = out->len;

    if (sp->r->cache.personal(sp->r, name, out))
        return -1;
    sp->at[sp->n] = start;
    sp->len[sp->n++] = out->len - start;
    return 0;
}

/* p's plain body with its holes rendered for r's reader. A reader who takes
 * gzip or brotli gets it as one stream of the pieces compressed when p was
 * kept and the holes as stored blocks (http/gzsplice.h, http/brpieces.h;
 * the smaller when both are liked alike, as browsers do); others get it as a
 * personal page is sent (resp_send(): compressed for them, or not). 0 when a
 * hole failed to render and nothing was sent. */
static int send_spliced(struct req *r, const struct page *p)
{
    const char *plain = p->c.body[CODING_IDENTITY], *fill[SPLICE_MAX_HOLES];
    size_t i, filled, len = p->c.len[CODING_IDENTITY];
    struct spliced sp = { .r = r };
    struct compressed c;
    struct sbuf out, z;
    enum coding k;

    if (!p->holes.n) /* nothing personal in it (JSON, a page without a layout) */
        return resp_send_variants(r, p->status, p->content_type, &p->c);
    sbuf_init(&out, r->arena, (size_t)-1 / 2);
    sbuf_grow(&out, len + 2048);
    if (splice_join(&out, plain, len, &p->holes, put_personal, &sp) || sbuf_failed(&out))
        return 0;
    k = acceptenc_choose_smaller(&r->accept_enc,
                                 (p->has_gz && sp.n + 1 == p->gz.n ? CODING_BIT(CODING_GZIP) : 0) |
                                     (p->has_br && sp.n + 1 == p->br.n ? CODING_BIT(CODING_BR) : 0),
                                 (size_t[CODING__MAX]){ len, p->gz.z_len, p->br.z_len });
    if (k == CODING_IDENTITY)
        return resp_send(r, p->status, p->content_type, out.buf, out.len);
    for (i = 0, filled = 0; i < sp.n; i++) {
        fill[i] = out.buf + sp.at[i];
        filled += sp.len[i];
    }
    sbuf_init(&z, r->arena, (size_t)-1 / 2);
    if (k == CODING_GZIP) {
        sbuf_grow(&z, p->gz.z_len + 64 + filled + 8 * sp.n);
        gzsplice_join(&z, &p->gz, fill, sp.len);
    } else {
        sbuf_grow(&z, brpieces_bound(&p->br, filled));
        brpieces_join(&z, &p->br, fill, sp.len);
    }
    if (sbuf_failed(&z))
        return resp_send(r, p->status, p->content_type, out.buf, out.len);
    memset(&c, 0, sizeof(c));
    c.body[CODING_IDENTITY] = out.buf;
    c.len[CODING_IDENTITY] = out.len;
    c.body[k] = z.buf;
    c.len[k] = z.len;
    return resp_send_variants(r, p->status, p->content_type, &c);
}

int rendercache_serve_personal(struct req *r, const char *key,
                               int (*personal)(struct req *r, const char *name, struct sbuf *out))
{
    struct page *p;
    int sent = 0;

    r->cache.personal = personal;
    p = lookup(r, key);
    if (!p)
        return 0;
    if (!p->holes.broken) {
        size_t mark = r->headers.len;

        sbuf_add(&r->headers, p->headers, p->headers_len);
        sent = send_spliced(r, p);
        if (!sent)
            r->headers.len = mark; /* rendered instead: its own headers */
    }
    release(p);
    if (!sent)
        r->cache.personal = NULL;
    return sent != 0;
}

/* r->headers without its Set-Cookie lines (a visitor's own cookies). */
static char *shared_headers(struct req *r, size_t *len)
{
    char *out = arena_alloc(r->arena, r->headers.len + 1);
    const char *p = r->headers.buf, *end = p + r->headers.len;

    *len = 0;
    while (p && p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t n = eol ? (size_t)(eol - p) + 1 : (size_t)(end - p);

        if (strncasecmp(p, "Set-Cookie:", 11)) {
            memcpy(out + *len, p, n);
            *len += n;
        }
        p += n;
    }
    out[*len] = '\0';
    return out;
}

/* Copy n bytes of src to *at and move *at past them (and a NUL). */
static const char *put(char **at, const void *src, size_t n)
{
    char *dst = *at;

    memcpy(dst, src, n);
    dst[n] = '\0';
    *at += n + 1;
    return dst;
}

/* The brotli pieces of body[0..len) around holes (splice_ok()), in a. */
static int splice_brpieces(struct arena *a, const char *body, size_t len,
                           const struct splice *holes, struct brpieces *br)
{
    size_t i, start[SPLICE_MAX_HOLES], end[SPLICE_MAX_HOLES];

    for (i = 0; i < holes->n; i++) {
        start[i] = holes->hole[i].start;
        end[i] = holes->hole[i].end;
    }
    return brpieces_make(a, body, len, start, end, holes->n, br);
}

static struct page *page_new(struct req *r, int status, const char *content_type, const void *body,
                             size_t len)
{
    struct compressed made;
    struct gzsplice gz;
    struct brpieces br;
    int has_gz = 0, has_br = 0;
    size_t headers_len, bytes, ct_len = strlen(content_type);
    char *headers = shared_headers(r, &headers_len), *at;
    struct page *p;
    void *map;
    int k;

    compress_body(r->arena, body, len, CODING_BIT(CODING_GZIP) | CODING_BIT(CODING_BR),
                  COMPRESS_CACHE, &made);
    if (r->cache.holes && r->cache.holes->n && len >= COMPRESS_MIN_LEN &&
        compress_type_ok(content_type)) {
        has_gz = !gzsplice_make(r->arena, body, len, r->cache.holes, &gz);
        has_br = has_gz && !splice_brpieces(r->arena, body, len, r->cache.holes, &br);
    }
    bytes = sizeof(*p) + ct_len + 1 + headers_len + 1 + (has_gz ? gz.z_len + 1 : 0) +
            (has_br ? br.n * sizeof(*br.piece) + br.z_len + 1 : 0);
    for (k = 0; k < CODING__MAX; k++)
        if (made.body[k])
            bytes += made.len[k] + 1;
    bytes = (bytes + 4095) & ~(size_t)4095; /* what the mapping holds: whole pages */
    map = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        return NULL;
    p = map;
    memset(p, 0, sizeof(*p));
    at = (char *)(p + 1);
    if (has_br) { /* the pieces first, where the page leaves them aligned */
        p->has_br = 1;
        p->br = br;
        p->br.piece = memcpy(at, br.piece, br.n * sizeof(*br.piece));
        at += br.n * sizeof(*br.piece);
        p->br.z = put(&at, br.z, br.z_len);
    }
    p->refs = 1;
    p->status = status;
    p->loaded_ms = clock_ms();
    p->bytes = bytes;
    p->content_type = put(&at, content_type, ct_len);
    p->headers = put(&at, headers, headers_len);
    p->headers_len = headers_len;
    if (r->cache.holes && splice_ok(r->cache.holes, len))
        p->holes = *r->cache.holes;
    else if (r->cache.holes)
        p->holes.broken = 1; /* never spliced: signed-in readers get it rendered */
    if (has_gz) {
        p->has_gz = 1;
        p->gz = gz;
        p->gz.z = put(&at, gz.z, gz.z_len);
    }
    for (k = 0; k < CODING__MAX; k++)
        if (made.body[k]) {
            p->c.body[k] = put(&at, made.body[k], made.len[k]);
            p->c.len[k] = made.len[k];
        }
    return p;
}

int rendercache_fill(struct req *r, int status, const char *content_type, const void *body,
                     size_t len)
{
    const char *key = r->cache.key;
    struct page *p;
    struct slot *s;
    int sent;

    if (!key || status != 200 || !content_type)
        return 0; /* rendercache_end() lets go of the claim */
    r->cache.key = NULL;
    p = page_new(r, status, content_type, body, len);
    r->cache.holes = NULL; /* may live in a refill thread's arena (app/refill.h) */
    if (!p) {
        r->cache.key = key;    /* rendercache_end() lets go of the claim */
        if (r->cache.personal) /* the body has no header of theirs */
            return resp_send(r, 503, "text/plain; charset=utf-8", resp_reason(503),
                             strlen(resp_reason(503)));
        return 0; /* no memory for a copy: sent as usual, not kept */
    }
    pthread_mutex_lock(&rc.lock);
    s = rc.gen == r->cache.gen ? find(key, hash_of(key)) : NULL;
    if (s) {
        if (s->page)
            rc.bytes -= s->page->bytes;
        page_unref(s->page);
        s->page = p;
        s->asks = 0;
        p->refs++;
        rc.bytes += p->bytes;
        if (r->cache.claim)
            s->filling = 0;
        shrink();
    }
    r->cache.claim = 0;
    pthread_cond_broadcast(&rc.filled);
    pthread_mutex_unlock(&rc.lock);
    /* r->headers already holds what p->headers copied; the page was rendered
     * as an anonymous reader sees it, the holes are now the reader's own */
    r->cache.anonymous = 0;
    if (!r->cache.personal)
        sent = resp_send_variants(r, p->status, p->content_type, &p->c);
    else if (p->holes.broken || !(sent = send_spliced(r, p)))
        sent = resp_send(r, 500, "text/plain; charset=utf-8", resp_reason(500),
                         strlen(resp_reason(500))); /* never the anonymous header instead */
    release(p);
    return sent;
}

void rendercache_end(struct req *r)
{
    const char *key = r->cache.key;
    struct slot *s;

    r->cache.key = NULL;
    if (!r->cache.claim || !key)
        return;
    r->cache.claim = 0;
    pthread_mutex_lock(&rc.lock);
    if (rc.gen == r->cache.gen && (s = find(key, hash_of(key))) != NULL) {
        s->filling = 0;
        s->unfilled++;
    }
    pthread_cond_broadcast(&rc.filled);
    pthread_mutex_unlock(&rc.lock);
}

void rendercache_background(int on)
{
    pthread_mutex_lock(&rc.lock);
    rc.background = on;
    pthread_mutex_unlock(&rc.lock);
}

void rendercache_let_go(const char *key, unsigned gen)
{
    struct slot *s;

    pthread_mutex_lock(&rc.lock);
    if (rc.gen == gen && (s = find(key, hash_of(key))) != NULL)
        s->filling = 0;
    rc.let_go++;
    pthread_cond_broadcast(&rc.filled);
    pthread_mutex_unlock(&rc.lock);
}

void rendercache_refreshed(void)
{
    pthread_mutex_lock(&rc.lock);
    rc.refreshed++;
    pthread_mutex_unlock(&rc.lock);
}

void rendercache_refreshes(unsigned long *kept, unsigned long *let_go)
{
    pthread_mutex_lock(&rc.lock);
    *kept = rc.refreshed;
    *let_go = rc.let_go;
    pthread_mutex_unlock(&rc.lock);
}

void rendercache_forget(void)
{
    size_t b;

    pthread_mutex_lock(&rc.lock);
    rc.gen++;
    for (b = 0; b < BUCKETS; b++)
        while (rc.buckets[b])
            drop(&rc.buckets[b]);
    pthread_cond_broadcast(&rc.filled);
    pthread_mutex_unlock(&rc.lock);
    persongen_touch_all(); /* a person's page shows the shared data too */
}

unsigned rendercache_generation(void)
{
    unsigned gen;

    pthread_mutex_lock(&rc.lock);
    gen = rc.gen;
    pthread_mutex_unlock(&rc.lock);
    return gen;
}

void rendercache_usage(size_t *bytes, size_t *entries)
{
    pthread_mutex_lock(&rc.lock);
    *bytes = rc.bytes + sizeof(rc); /* pages, slots and keys; the tables */
    *entries = rc.n_slots;
    pthread_mutex_unlock(&rc.lock);
}
