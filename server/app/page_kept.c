/*
 * Kept pages (app/page_kept.h): the whole page, layout and all, rendered
 * once as anyone sees it, and each request only fills its gaps — the
 * reader's csrf token where it stood, and the layout's personal parts (the
 * header's name and sign-out form, the nav's links by role, the verify
 * banner) rendered again for the reader, as the render cache does for a
 * shared page (http/rendercache.h).
 */
#include "app/page_kept.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/page.h"
#include "app/page_impl.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/sbuf.h"
#include "core/splice.h"
#include "http/acceptenc.h"
#include "http/app.h"
#include "http/compress.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/tpl.h"

static void decref(void *p)
{
    json_decref(p);
}

/* A kept page's whole response in one coding (struct page_packing's slot),
 * with the fills it was joined from, in one malloc'd block. */
struct page_packed {
    size_t size; /* the block's */
    size_t n_fills;
    const size_t *fill_len;
    const char *fills; /* each gap's fill, one after the other */
    const char *z;
    size_t z_len;
};

/* What readers keep of a kept page (struct page_kept's packing), each set
 * once: its packed responses, one a coding, and its joined page. */
struct page_packing {
    struct page_packed *_Atomic slot[CODING__MAX];
    struct page_joined *_Atomic joined;
};

/* A kept page joined for one reader (struct page_packing's joined), with
 * what its fills were made from (view/tpl.h TPL_PERSONAL: the holes read
 * only the language, the csrf token and the header's user), in one
 * malloc'd block: a reader of the same gets it without a join. */
struct page_joined {
    size_t size; /* the block's */
    int lang, unverified, unread;
    unsigned roles;
    const char *name, *csrf;
    const char *page;
    size_t page_len;
    const size_t *at, *len; /* where each gap's fill went */
};

static atomic_size_t packed_bytes, packed_count;

void page_kept_packed_usage(size_t *bytes, size_t *entries)
{
    *bytes = atomic_load(&packed_bytes);
    *entries = atomic_load(&packed_count);
}

/* Free what a struct page_packing holds, with its page's arena. */
static void free_packed(void *p)
{
    struct page_packing *packing = p;
    struct page_joined *j = atomic_load(&packing->joined);
    int i;

    for (i = 0; i < CODING__MAX; i++) {
        struct page_packed *pk = atomic_load(&packing->slot[i]);

        if (pk) {
            atomic_fetch_sub(&packed_bytes, pk->size);
            atomic_fetch_sub(&packed_count, 1);
            free(pk);
        }
    }
    if (j) {
        atomic_fetch_sub(&packed_bytes, j->size);
        atomic_fetch_sub(&packed_count, 1);
        free(j);
    }
}

/* The view model keys the personal parts of the layout read
 * (personal/nav.html): a kept page notes which are set, for its holes. */
static const char *const personal_keys[] = { "nav_me", "nav_admin" };

/* The csrf placeholder of a kept page: random for each process, so no text
 * a person writes can stand in for it. Hex: escaping leaves it be. */
static pthread_once_t hole_once = PTHREAD_ONCE_INIT;
static char csrf_hole[2 * 16 + 1];

static void make_hole(void)
{
    unsigned char raw[16];

    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(csrf_hole, sizeof(csrf_hole), raw, sizeof(raw));
}

/* The first placeholder (hl bytes) in [p, end), or NULL (memmem is GNU's). */
static const char *find_hole(const char *p, const char *end, size_t hl)
{
    for (; (size_t)(end - p) >= hl; p++) {
        p = memchr(p, csrf_hole[0], (size_t)(end - p) - hl + 1);
        if (!p)
            return NULL;
        if (!memcmp(p, csrf_hole, hl))
            return p;
    }
    return NULL;
}

/* Offset x of the page once the n placeholders at ph[] (ascending, hl
 * bytes each) before it are cut out. */
static size_t cut_offset(size_t x, const size_t *ph, size_t n, size_t hl)
{
    size_t before = 0;

    while (before < n && ph[before] < x)
        before++;
    return x - before * hl;
}

/* 1 when offset x lies in one of holes. */
static int in_hole(size_t x, const struct splice *holes)
{
    size_t i;

    for (i = 0; i < holes->n; i++)
        if (x >= holes->hole[i].start && x < holes->hole[i].end)
            return 1;
    return 0;
}

/* Keep page[0..len) into k without its placeholders, and its gaps: each
 * placeholder's place outside a hole, and each hole, in order. */
static void keep_gaps(struct arena *a, struct page_kept *k, const char *page, size_t len,
                      const struct splice *holes)
{
    size_t hl = strlen(csrf_hole), n_ph = 0, i, h = 0, n = 0, out = 0, from = 0;
    const char *p, *at, *end = page + len;
    struct page_gap *gaps;
    size_t *ph;
    char *kept;

    for (p = page; (at = find_hole(p, end, hl)); p = at + hl)
        n_ph++;
    ph = arena_alloc(a, (n_ph ? n_ph : 1) * sizeof(*ph));
    for (p = page, i = 0; (at = find_hole(p, end, hl)); p = at + hl)
        ph[i++] = (size_t)(at - page);
    gaps = arena_alloc(a, (n_ph + holes->n + 1) * sizeof(*gaps));
    for (i = 0; i <= n_ph; i++) {
        size_t x = i < n_ph ? ph[i] : len;

        for (; h < holes->n && holes->hole[h].start <= x; h++) {
            struct page_gap *g = &gaps[n++];

            g->start = cut_offset(holes->hole[h].start, ph, n_ph, hl);
            g->end = cut_offset(holes->hole[h].end, ph, n_ph, hl);
            g->hole = arena_strdup(a, holes->hole[h].name);
        }
        if (i < n_ph && !in_hole(x, holes)) {
            gaps[n].start = gaps[n].end = cut_offset(x, ph, n_ph, hl);
            gaps[n++].hole = NULL;
        }
    }
    kept = arena_alloc(a, len - n_ph * hl + 1);
    for (i = 0; i < n_ph; i++) {
        memcpy(kept + out, page + from, ph[i] - from);
        out += ph[i] - from;
        from = ph[i] + hl;
    }
    memcpy(kept + out, page + from, len - from);
    out += len - from;
    kept[out] = '\0';
    k->page = kept;
    k->page_len = out;
    k->gaps = gaps;
    k->n_gaps = n;
}

/* k compressed once, split at its gaps, for its gzip and its brotli
 * readers. A failure is logged: those readers get the page compressed per
 * response. */
static void keep_compressed(struct arena *a, struct page_kept *k)
{
    size_t *start = arena_alloc(a, (k->n_gaps + 1) * sizeof(*start));
    size_t *end = arena_alloc(a, (k->n_gaps + 1) * sizeof(*end)), i;

    for (i = 0; i < k->n_gaps; i++) {
        start[i] = k->gaps[i].start;
        end[i] = k->gaps[i].end;
    }
    k->has_gz = !gzpieces_make(a, k->page, k->page_len, start, end, k->n_gaps, &k->gz);
    k->has_br = !brpieces_make(a, k->page, k->page_len, start, end, k->n_gaps, &k->br);
}

int page_keep(struct req *r, struct arena *a, const char *name, json_t *vm, int flags,
              const struct page_kept **out)
{
    struct page_kept *k = arena_alloc(a, sizeof(*k));
    json_t *g = page_globals(r), *anyone;
    struct splice holes, none;
    struct sbuf body, page;
    int anonymous = r->cache.anonymous;
    size_t i;

    memset(k, 0, sizeof(*k));
    k->packing = arena_alloc(a, sizeof(*k->packing));
    for (i = 0; i < CODING__MAX; i++)
        atomic_init(&k->packing->slot[i], NULL);
    atomic_init(&k->packing->joined, NULL);
    arena_defer(a, free_packed, k->packing);
    memset(&holes, 0, sizeof(holes));
    memset(&none, 0, sizeof(none));
    arena_defer(r->arena, decref, vm);
    pthread_once(&hole_once, make_hole);
    if (flags & PAGE_KEEP_CSRF_HOLE)
        json_object_set_new(g, "csrf", json_string(csrf_hole));
    sbuf_init(&body, r->arena, PAGE_MAX);
    if (page_render_into(r, name, vm, g, &body))
        return -1;
    /* the layout as anyone sees it, the reader's parts noted as holes and
     * the csrf token a placeholder wherever it stands */
    r->cache.anonymous = 1;
    anyone = page_globals(r);
    r->cache.anonymous = anonymous;
    json_object_set_new(anyone, "csrf", json_string(csrf_hole));
    json_object_set_new(vm, "content_html", json_stringn_nocheck(body.buf, body.len));
    sbuf_init(&page, r->arena, PAGE_MAX);
    if (tpl_render_holes_in(r->app->tpl, "layout", vm, anyone, &page, &holes, "content_html",
                            &none) ||
        sbuf_failed(&page) || !splice_ok(&holes, page.len))
        return log_error_r(r, "cannot keep '%s' in the layout", name);
    for (i = 0; i < sizeof(personal_keys) / sizeof(personal_keys[0]); i++)
        if (json_is_true(json_object_get(vm, personal_keys[i])))
            k->personal_keys |= 1u << i;
    keep_gaps(a, k, page.buf, page.len, &holes);
    if ((flags & PAGE_KEEP_COMPRESSED) && k->page_len >= COMPRESS_MIN_LEN)
        keep_compressed(a, k);
    *out = k;
    return 0;
}

/* The view model k's holes are rendered with: the personal keys it set. */
static json_t *hole_ctx(struct req *r, const struct page_kept *k)
{
    json_t *ctx;
    size_t i;

    if (!k->personal_keys)
        return NULL;
    ctx = json_object();
    arena_defer(r->arena, decref, ctx);
    for (i = 0; i < sizeof(personal_keys) / sizeof(personal_keys[0]); i++)
        if (k->personal_keys & (1u << i))
            json_object_set_new(ctx, personal_keys[i], json_true());
    return ctx;
}

/* k's page for r onto out, noting where each gap's fill went. 0, or -1. */
static int join(struct req *r, const struct page_kept *k, struct sbuf *out, size_t *at, size_t *len)
{
    /* r's csrf token ("" for a reader of no session) */
    const char *csrf = r->csrf && !r->cache.anonymous ? r->csrf : "";
    size_t cl = strlen(csrf), from = 0, i;
    json_t *ctx = hole_ctx(r, k);

    sbuf_init(out, r->arena, PAGE_MAX);
    sbuf_grow(out, k->page_len + k->n_gaps * cl + 2048);
    for (i = 0; i < k->n_gaps; i++) {
        const struct page_gap *g = &k->gaps[i];

        sbuf_add(out, k->page + from, g->start - from);
        at[i] = out->len;
        if (!g->hole)
            sbuf_add(out, csrf, cl);
        else if (page_personal_in(r, g->hole, ctx, out))
            return -1;
        len[i] = out->len - at[i];
        from = g->end;
    }
    sbuf_add(out, k->page + from, k->page_len - from);
    return sbuf_failed(out) ? -1 : 0;
}

/* The coding r gets k in from its kept pieces: the one r likes best, the
 * smaller of the two when it likes both alike (browsers), else identity
 * (resp_send() then compresses the page for r, if it asks). Never into the
 * render cache. */
static enum coding kept_coding(const struct req *r, const struct page_kept *k)
{
    size_t len[CODING__MAX] = { k->page_len, k->gz.z_len, k->br.z_len };
    unsigned have =
        (k->has_gz ? CODING_BIT(CODING_GZIP) : 0) | (k->has_br ? CODING_BIT(CODING_BR) : 0);

    return r->cache.key ? CODING_IDENTITY : acceptenc_choose_smaller(&r->accept_enc, have, len);
}

/* 1 when p was joined from the fills page has at at[] (len[] bytes each). */
static int packed_fits(const struct page_packed *p, const char *page, const size_t *at,
                       const size_t *len, size_t n)
{
    const char *f = p->fills;
    size_t i;

    if (p->n_fills != n)
        return 0;
    for (i = 0; i < n; f += len[i], i++)
        if (p->fill_len[i] != len[i] || memcmp(f, page + at[i], len[i]))
            return 0;
    return 1;
}

/* A packed response of the z_len bytes at z, joined from page's n fills, or
 * NULL. */
static struct page_packed *packed_new(const char *page, const size_t *at, const size_t *len,
                                      size_t n, const char *z, size_t z_len)
{
    size_t filled = 0, i, size;
    struct page_packed *p;
    size_t *fl;
    char *b;

    for (i = 0; i < n; i++)
        filled += len[i];
    size = sizeof(*p) + n * sizeof(*fl) + filled + z_len;
    if (!(p = malloc(size)))
        return NULL;
    fl = (size_t *)(p + 1);
    b = (char *)(fl + n);
    p->size = size;
    p->n_fills = n;
    p->fill_len = fl;
    p->fills = b;
    for (i = 0; i < n; b += len[i], i++) {
        fl[i] = len[i];
        memcpy(b, page + at[i], len[i]);
    }
    memcpy(b, z, z_len);
    p->z = b;
    p->z_len = z_len;
    return p;
}

/*
 * Send page (k joined for r) in the coding r likes best, for a page kept
 * without pieces: the response packed for an earlier read whose gaps were
 * filled alike, else compressed now and packed for the next such read (a
 * person reading their own page again within its kept time). Each slot of
 * k->packing is set once, so a reader never sees it change under them.
 */
static int send_packed(struct req *r, const struct page_kept *k, const char *page, size_t page_len,
                       const size_t *at, const size_t *len, const char *type)
{
    struct page_packed *_Atomic *slot;
    enum coding want =
        acceptenc_choose(&r->accept_enc, CODING_BIT(CODING_GZIP) | CODING_BIT(CODING_BR));
    struct page_packed *p, *none = NULL;
    struct compressed c;

    if (want == CODING_IDENTITY)
        return resp_send(r, 200, type, page, page_len);
    memset(&c, 0, sizeof(c));
    slot = &k->packing->slot[want];
    p = atomic_load_explicit(slot, memory_order_acquire);
    if (p && packed_fits(p, page, at, len, k->n_gaps)) {
        c.body[CODING_IDENTITY] = page;
        c.len[CODING_IDENTITY] = page_len;
        c.body[want] = p->z;
        c.len[want] = p->z_len;
        return resp_send_variants(r, 200, type, &c);
    }
    /* a failure is logged: the plain page is still right */
    compress_body(r->arena, page, page_len, CODING_BIT(want), COMPRESS_FAST, &c);
    if (!p && c.body[want] &&
        (p = packed_new(page, at, len, k->n_gaps, c.body[want], c.len[want]))) {
        if (atomic_compare_exchange_strong_explicit(slot, &none, p, memory_order_acq_rel,
                                                    memory_order_acquire)) {
            atomic_fetch_add(&packed_bytes, p->size);
            atomic_fetch_add(&packed_count, 1);
        } else {
            free(p); /* another reader packed it first */
        }
    }
    return resp_send_variants(r, 200, type, &c);
}

/* 1 when j was joined for a reader whose fills are r's (the same session,
 * language and header), so that j is the page r's join would make. */
static int joined_fits(const struct page_joined *j, const struct req *r)
{
    const struct user *u = r->user;

    return j->lang == (int)r->lang && j->roles == u->roles && j->unverified == u->unverified &&
           j->unread == u->unread && !strcmp(j->name, u->name ? u->name : "") &&
           !strcmp(j->csrf, r->csrf ? r->csrf : "");
}

/* Keep page (k joined for r: its n fills at at[], len[]) as k's joined
 * page, unless another reader's is kept already. */
static void keep_joined(const struct req *r, const struct page_kept *k, const char *page,
                        size_t page_len, const size_t *at, const size_t *len)
{
    const char *name = r->user->name ? r->user->name : "", *csrf = r->csrf ? r->csrf : "";
    size_t n = k->n_gaps, nl = strlen(name) + 1, cl = strlen(csrf) + 1;
    size_t size = sizeof(struct page_joined) + 2 * n * sizeof(size_t) + nl + cl + page_len;
    struct page_joined *j, *none = NULL;
    size_t *w;
    char *b;

    if (atomic_load_explicit(&k->packing->joined, memory_order_relaxed) || !(j = malloc(size)))
        return;
    w = (size_t *)(j + 1);
    memcpy(w, at, n * sizeof(*w));
    memcpy(w + n, len, n * sizeof(*w));
    b = (char *)(w + 2 * n);
    j->size = size;
    j->lang = (int)r->lang;
    j->roles = r->user->roles;
    j->unverified = r->user->unverified;
    j->unread = r->user->unread;
    j->at = w;
    j->len = w + n;
    j->name = memcpy(b, name, nl);
    j->csrf = memcpy(b + nl, csrf, cl);
    j->page = memcpy(b + nl + cl, page, page_len);
    j->page_len = page_len;
    if (atomic_compare_exchange_strong_explicit(&k->packing->joined, &none, j, memory_order_acq_rel,
                                                memory_order_acquire)) {
        atomic_fetch_add(&packed_bytes, size);
        atomic_fetch_add(&packed_count, 1);
    } else {
        free(j);
    }
}

int page_render_kept(struct req *r, const struct page_kept *k)
{
    static const char type[] = "text/html; charset=utf-8";
    size_t n = k->n_gaps ? k->n_gaps : 1, i, filled, page_len;
    /* a signed-in reader's own page (not a refill rendered as anyone sees it) */
    int own = r->user && !r->cache.anonymous && !r->cache.key;
    const struct page_joined *j =
        own ? atomic_load_explicit(&k->packing->joined, memory_order_acquire) : NULL;
    enum coding coding = kept_coding(r, k);
    const size_t *at, *len;
    const char **fill, *page;
    struct compressed c;
    struct sbuf z;

    if (j && joined_fits(j, r)) { /* this reader's page as joined before: no join */
        page = j->page;
        page_len = j->page_len;
        at = j->at;
        len = j->len;
    } else {
        size_t *at_w = arena_alloc(r->arena, n * sizeof(*at_w));
        size_t *len_w = arena_alloc(r->arena, n * sizeof(*len_w));
        struct sbuf out;

        if (join(r, k, &out, at_w, len_w)) {
            log_error_r(r, "cannot fill a kept page's gaps");
            return 500;
        }
        page = out.buf;
        page_len = out.len;
        at = at_w;
        len = len_w;
        if (own && !j)
            keep_joined(r, k, page, page_len, at, len);
    }
    resp_header(r, "Cache-Control", "no-store");
    if (coding == CODING_IDENTITY && !r->cache.key && page_len >= COMPRESS_MIN_LEN)
        return send_packed(r, k, page, page_len, at, len, type);
    if (coding == CODING_IDENTITY)
        return resp_send(r, 200, type, page, page_len);
    fill = arena_alloc(r->arena, n * sizeof(*fill));
    for (i = 0, filled = 0; i < k->n_gaps; i++) {
        fill[i] = page + at[i];
        filled += len[i];
    }
    sbuf_init(&z, r->arena, PAGE_MAX);
    if (coding == CODING_GZIP) {
        sbuf_grow(&z, k->gz.z_len + 64 + filled + 8 * n);
        gzpieces_join(&z, &k->gz, fill, len);
    } else {
        sbuf_grow(&z, brpieces_bound(&k->br, filled));
        brpieces_join(&z, &k->br, fill, len);
    }
    if (sbuf_failed(&z))
        return resp_send(r, 200, type, page, page_len);
    memset(&c, 0, sizeof(c));
    c.body[CODING_IDENTITY] = page;
    c.len[CODING_IDENTITY] = page_len;
    c.body[coding] = z.buf;
    c.len[coding] = z.len;
    return resp_send_variants(r, 200, type, &c);
}

struct page_kept_arg {
    struct req *r;
    page_build_fn *build;
    int flags; /* page_keep()'s */
};

int page_kept_load(struct arena *a, void *arg, const void **value, size_t *size)
{
    struct page_kept_arg *l = arg;
    const struct page_kept *k;
    const char *name = NULL;
    json_t *vm = NULL;
    int status = l->build(l->r, &vm, &name);

    if (status)
        return status;
    if (page_keep(l->r, a, name, vm, l->flags, &k))
        return 500;
    *value = k;
    *size = sizeof(*k) + k->page_len + k->n_gaps * sizeof(*k->gaps) + k->gz.z_len + k->br.z_len;
    return 0;
}

/* Get the page under key (keylen bytes) from t, made by build, and send it. */
static int kept_send(struct req *r, struct kept_table *t, const void *key, size_t keylen,
                     unsigned long long gen, struct page_kept_arg *l)
{
    const void *value = NULL;
    size_t size = 0;
    int status = kept_table_get(r->arena, t, key, keylen, gen, l, &value, &size);

    return status ? status : page_render_kept(r, value);
}

int page_kept_get(struct req *r, struct kept_table *t, unsigned long long gen, page_build_fn *build)
{
    struct {
        long long person;
        long long lang;
        char session[sizeof(r->session->id_hash)];
    } head;
    struct page_kept_arg l = { r, build, 0 };
    const char *path = r->rpath ? r->rpath : "/";
    size_t pl = strlen(path);
    char *key;
    const char *name = NULL;
    json_t *vm = NULL;
    int status;

    if (!r->session) { /* a reader of no session (an API token's owner): theirs alone */
        status = build(r, &vm, &name);
        return status ? status : page_render(r, name, vm);
    }
    /* (person, language, session, path): the layout's language links are the path's */
    memset(&head, 0, sizeof(head));
    head.person = r->user->id;
    head.lang = r->lang;
    memcpy(head.session, r->session->id_hash, sizeof(head.session));
    key = arena_alloc(r->arena, sizeof(head) + pl);
    memcpy(key, &head, sizeof(head));
    memcpy(key + sizeof(head), path, pl);
    return kept_send(r, t, key, sizeof(head) + pl, gen, &l);
}

int page_kept_shared(struct req *r, struct kept_table *t, long long scope, unsigned long long gen,
                     page_build_fn *build)
{
    struct page_kept_arg l = { r, build,
                               PAGE_KEEP_CSRF_HOLE | (scope <= 0 ? PAGE_KEEP_COMPRESSED : 0) };
    const char *where =
        r->query_raw && *r->query_raw
            ? arena_printf(r->arena, "%s?%s", r->rpath ? r->rpath : "/", r->query_raw)
            : (r->rpath ? r->rpath : "/");
    size_t wl = strlen(where), keylen = 2 * sizeof(long long) + wl;
    long long *key = arena_alloc(r->arena, keylen + 1);

    key[0] = scope;
    key[1] = r->lang;
    memcpy(key + 2, where, wl);
    return kept_send(r, t, key, keylen, gen, &l);
}
