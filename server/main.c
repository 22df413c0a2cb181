/*
 * dysgu: the command line.
 *
 *   dysgu serve            serve HTTP until SIGINT or SIGTERM
 *   dysgu migrate          apply pending migrations/NNNN_*.sql
 *   dysgu import-courses D import the course folder D (docs/courses-format.md)
 *   dysgu seed-demo        create the demo accounts (DYSGU_DEMO_PASSWORD)
 *   dysgu create-admin E   make E an admin with a one-time password
 *   dysgu refold-posts     write the search fold of forum posts from before 0019
 *
 * Settings come from dysgu.json and DYSGU_* variables (core/config.h).
 */
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "accounts/accounts.h"
#include "app/metrics.h"
#include "app/page_kept.h"
#include "app/refill.h"
#include "app/router.h"
#include "apprenticeships/apprenticeships.h"
#include "auth/password.h"
#include "auth/sessioncache.h"
#include "auth/sessionrefresh.h"
#include "catalogue/catalogue.h"
#include "communities/communities.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/jsonmem.h"
#include "core/kept.h"
#include "core/kepttable.h"
#include "core/log.h"
#include "courses/courses.h"
#include "db/db.h"
#include "db/migrate.h"
#include "db/pool.h"
#include "enrol/enrol.h"
#include "http/app.h"
#include "http/benchlimit.h"
#include "http/rendercache.h"
#include "http/server.h"
#include "http/static.h"
#include "mail/mail.h"
#include "trainer/trainer.h"
#include "view/glossary.h"
#include "view/i18n.h"
#include "view/tpl.h"
#include "view/welshfold.h"
#include "webinars/webinars.h"

static const char usage[] =
    "usage: dysgu <command>\n"
    "\n"
    "  serve               serve HTTP on the 'listen' address\n"
    "  migrate             apply pending database migrations\n"
    "  import-courses DIR  check and import the course folder DIR (e.g. courses/)\n"
    "  seed-demo           create the demo accounts, cohorts and enrolments\n"
    "                      (needs DYSGU_DEMO_PASSWORD; run import-courses first)\n"
    "  create-admin EMAIL  make EMAIL an admin and print a one-time password\n"
    "  refold-posts        make forum posts written before search existed searchable\n"
    "\n"
    "Settings: dysgu.json (or DYSGU_CONFIG) and DYSGU_* environment variables,\n"
    "e.g. DYSGU_DB=mysql://user:pass@host:3306/dysgu?ssl=1, DYSGU_LISTEN=127.0.0.1:8080.\n";

/* Open the configured database for a one-shot command. */
static struct db *open_db(const struct config *cfg, struct arena *a)
{
    struct db_params p;
    char err[256];
    struct db *db;

    if (!cfg->db_url) {
        log_error("no database: set DYSGU_DB or 'db' in dysgu.json");
        return NULL;
    }
    if (db_params_parse(a, cfg->db_url, &p, err, sizeof(err))) {
        log_error("setting 'db': %s", err);
        return NULL;
    }
    db = db_new(&p);
    if (db_ping(db) != DB_OK) {
        log_error("cannot reach the database");
        db_free(db);
        return NULL;
    }
    return db;
}

static int run_db_command(const struct config *cfg, int argc, char **argv)
{
    struct arena a;
    struct db *db;
    char dir[4096];
    int rc = 1;

    arena_init(&a, 0);
    db = open_db(cfg, &a);
    if (!db)
        goto out;
    if (!strcmp(argv[1], "migrate")) {
        snprintf(dir, sizeof(dir), "%s/migrations", cfg->root);
        rc = migrate_run(db, dir) < 0;
    } else if (!strcmp(argv[1], "import-courses") && argc == 3) {
        struct welshfold *wf = welshfold_load(DYSGU_WELSH_WORDS);

        rc = courses_cli_import(db, wf, argv[2]);
        welshfold_free(wf);
    } else if (!strcmp(argv[1], "seed-demo")) {
        /* cohorts and the demo learner's enrolments need the imported courses */
        rc = account_cli_seed_demo(db);
        if (rc == 0)
            rc = enrol_cli_seed(db);
        if (rc == 0)
            rc = apprenticeships_cli_seed(db);
        if (rc == 0)
            rc = webinar_cli_seed(db);
        if (rc == 0)
            rc = trainer_cli_seed(db);
        if (rc == 0)
            rc = communities_cli_seed(db);
    } else if (!strcmp(argv[1], "refold-posts")) {
        struct welshfold *wf = welshfold_load(DYSGU_WELSH_WORDS);

        rc = communities_cli_refold(db, wf);
        welshfold_free(wf);
    } else if (argc == 3) {
        rc = account_cli_create_admin(db, argv[2]);
    } else {
        fputs(usage, stderr);
        rc = 2;
    }
    db_free(db);
out:
    arena_release(&a);
    return rc;
}

/* The breached-password list beside the common one when it is there
 * (docs/security.md 6.2.12): 0, or -1 when it is there but unreadable. */
static int load_breached(const struct config *cfg)
{
    const char *name = cfg->breached_passwords;
    char path[4096];
    long n;

    if (!name[0])
        return 0;
    snprintf(path, sizeof(path), "%s%s%s", name[0] == '/' ? "" : cfg->root,
             name[0] == '/' ? "" : "/", name);
    if (access(path, F_OK) != 0) {
        log_warn("no breached-password list at '%s' (./ops/run makes it): only "
                 "data/common-passwords.txt is refused",
                 path);
        return 0;
    }
    n = pw_policy_add(path);
    if (n < 0)
        return -1;
    log_info("loaded the breached-password list '%s': %ld passwords refused", path, n);
    return 0;
}

/* Load what every request shares into app from cfg->root: the pool,
 * catalogues, templates, static files and the password policy. 0, or -1 with
 * the reason logged; app_release() undoes it either way. */
static int app_init(struct app *app, const struct config *cfg)
{
    char err[512], path[4096];

    memset(app, 0, sizeof(*app));
    app->cfg = cfg;
    arena_init(&app->mem, 4096);
    if (db_params_parse(&app->mem, cfg->db_url, &app->dbp, err, sizeof(err)))
        return log_error("setting 'db': %s", err);
    app->pool = db_pool_new(&app->dbp, cfg->db_pool);
    snprintf(path, sizeof(path), "%s/locales", cfg->root);
    app->i18n = i18n_load(path, err, sizeof(err));
    if (!app->i18n)
        return log_error("%s", err);
    snprintf(path, sizeof(path), "%s/web/templates", cfg->root);
    app->tpl = tpl_set_load_dir(path, err, sizeof(err));
    if (!app->tpl)
        return log_error("%s", err);
    snprintf(path, sizeof(path), "%s/web/static", cfg->root);
    app->files = static_load(path, err, sizeof(err));
    if (!app->files)
        return log_error("%s", err);
    app->asset_v = static_version(app->files);
    app->fold = welshfold_load(DYSGU_WELSH_WORDS); /* without it, a warning: no mutations */
    forum_digest_set_hour(cfg->digest_hour);
    snprintf(path, sizeof(path), "%s/data/glossary.txt", cfg->root);
    app->glossary = glossary_load(path); /* without it, a warning: no term pairs */
    snprintf(path, sizeof(path), "%s/data/common-passwords.txt", cfg->root);
    if (pw_policy_load(path))
        return -1;
    return load_breached(cfg);
}

static void app_release(struct app *app)
{
    if (app->i18n)
        i18n_free(app->i18n);
    if (app->tpl)
        tpl_set_free(app->tpl);
    static_free(app->files);
    welshfold_free(app->fold);
    glossary_free(app->glossary);
    pw_policy_free();
    sessioncache_free();
    db_pool_free(app->pool);
    arena_release(&app->mem);
}

#define TRIM_EVERY_MS 10000

/* Give glibc's free memory back to the system every TRIM_EVERY_MS, and as soon
 * as the server has gone quiet (a round of the mail worker, 0.5 s, with no
 * request answered) after answering some. Each of its arenas keeps what its
 * busiest moment took, in holes between blocks in use that only malloc_trim()
 * returns: after every row of the bench it held 14 MB free and trimming took
 * RSS from 70.2 to 59.8 MB (docs/decisions.md, "Memory under 64 MB"); waiting
 * for the 10 s tick left a burst's memory resident that long after it ended.
 * It holds each arena's lock for its walk, a millisecond or so; a page given
 * back and used again costs a fault. Kept values no reader may use any more
 * (a person's page asked for once) go first. */
static void trim_heap(const struct app *app, struct db *db)
{
    static long long last;         /* the mail worker's thread only */
    static unsigned long answered; /* metrics_requests() at the last round */
    static int quiet_trimmed = 1;  /* trimmed since the last request */
    unsigned long n = metrics_requests();
    long long now = clock_ms();
    int quiet = n == answered;

    (void)app;
    (void)db;
    answered = n;
    if (!quiet)
        quiet_trimmed = 0;
    if (now - last < TRIM_EVERY_MS && (!quiet || quiet_trimmed))
        return;
    last = now;
    quiet_trimmed = quiet;
    kept_sweep(); /* first: what it drops is given back by the trim */
    malloc_trim(0);
}

/* What the mail worker does each round besides delivering. */
static const mail_task_fn worker_tasks[] = {
    enrol_sweep,      /* offers of places whose time is up pass on */
    webinar_sweep,    /* offers of webinar seats whose time is up pass on */
    forum_mail_sweep, /* e-mail of the forums' notifications, at once or daily */
    trim_heap,        /* glibc's free memory back to the system, every 10 s */
    NULL,
};

/* The caches /metrics takes apart (docs/benchmarks.md, "Memory"). */
static void add_caches(void)
{
    metrics_add_cache("render", rendercache_usage);
    metrics_add_cache("session", sessioncache_usage);
    metrics_add_cache("catalogue", catalogue_cache_usage);
    metrics_add_cache("words", catalogue_words_usage);
    metrics_add_cache("kept", kept_usage); /* every core/kept value (orgs, facet counts) */
    metrics_add_cache("kept_packed", page_kept_packed_usage); /* a person's page, compressed once */
}

/* glibc's malloc arenas: ARENAS_PER_CORE a core (its default is 8), or
 * DYSGU_ARENAS_PER_CORE (0: glibc's default); MALLOC_ARENA_MAX, when set,
 * is left to glibc. */
#define ARENAS_PER_CORE 4

static void set_arenas(void)
{
    const char *v = getenv("DYSGU_ARENAS_PER_CORE");
    long cores = sysconf(_SC_NPROCESSORS_ONLN), n = v && *v ? strtol(v, NULL, 10) : ARENAS_PER_CORE;

    if (n > 0 && !getenv("MALLOC_ARENA_MAX"))
        mallopt(M_ARENA_MAX, (int)(n * (cores > 0 ? cores : 1)));
}

/* dysgu serve: the web server and, beside it, the outbox's mail worker. */
static int serve(const struct config *cfg)
{
    struct app app;
    int rc = 1;

    if (!cfg->db_url) {
        log_error("no database: set DYSGU_DB or 'db' in dysgu.json");
        return 1;
    }
    /* Blocks of 256 KB and more (a brotli encoder's tables when the render
     * cache compresses a kept page) always come from mmap and go back to the
     * system when freed. glibc's default moves this threshold up after the
     * first such free, and each of its per-thread arenas then keeps a few MB
     * for good: the soak saw 20 MB of growth (docs/decisions.md, "Memory"). */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    /* Fixing that threshold also fixes the trim threshold at its 128 KB
     * default, and then a worker whose page took a few of its arena's chunks
     * gave them back with madvise on every request and faulted them in again
     * on the next: four madvise calls a catalogue request and most of its
     * system time (docs/benchmarks.md, "JSON in the arena"). 512 KB is what
     * glibc itself pairs with a 256 KB mmap threshold; 1 MB kept ~6 MB more
     * in the soak. */
    mallopt(M_TRIM_THRESHOLD, 512 * 1024);
    /* Each malloc arena keeps what its busiest moment took; glibc makes up
     * to 8 a core for our 256 workers. Half that bounds what is kept at no
     * measured cost (docs/decisions.md, "Memory under 64 MB"). */
    set_arenas();
    /* a person's pages are kept as long as their session may be (0: neither) */
    kept_tables_keep(sessioncache_ttl_ms() > 0);
    add_caches();
    if (app_init(&app, cfg) == 0 && mail_worker_start_with(&app, worker_tasks) == 0) {
        int refills = cfg->render_cache && refill_start() == 0;
        /* sessions read again behind their readers, while they are kept */
        int refresher = sessioncache_ttl_ms() > 0 && sessionrefresh_start(app.pool, cfg) == 0;

        rendercache_background(refills); /* expired copies refilled behind their readers */
        if (refills)
            refill_kept(app.pool); /* and kept values renewed behind theirs */
        rc = server_run(&app, router_dispatch);
        refill_kept(NULL);
        rendercache_background(0);
        if (refresher)
            sessionrefresh_stop();
        if (refills)
            refill_stop();
        mail_worker_stop();
    }
    app_release(&app);
    return rc;
}

int main(int argc, char **argv)
{
    struct config cfg;
    char err[512];
    int rc;

    jsonmem_init(); /* before any jansson call: config_load parses JSON */
    setlocale(LC_ALL, "C");
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
        !strcmp(argv[1], "help") ||
        (argc > 2 && (!strcmp(argv[2], "-h") || !strcmp(argv[2], "--help")))) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    /* serve takes no arguments: "dysgu serve --port 9" must not start a server on another */
    if (!strcmp(argv[1], "serve") && argc > 2 && strcmp(argv[2], "--bench-limit")) {
        fprintf(stderr, "dysgu: serve takes no arguments ('%s')\n\n%s", argv[2], usage);
        return 2;
    }
    if (config_load(&cfg, err, sizeof(err))) {
        log_error("%s", err);
        return 2;
    }
    log_set_level(cfg.log_level);
    if (sodium_init() < 0 || db_library_init()) {
        log_error("cannot initialise libsodium or the database client");
        config_release(&cfg);
        return 1;
    }
    if (!strcmp(argv[1], "serve") && argc == 3 && !strcmp(argv[2], "--bench-limit"))
        rc = benchlimit_run(&cfg); /* hidden: tests/bench/run measures the limit */
    else if (!strcmp(argv[1], "serve"))
        rc = serve(&cfg);
    else if (!strcmp(argv[1], "migrate") || !strcmp(argv[1], "seed-demo") ||
             !strcmp(argv[1], "create-admin") || !strcmp(argv[1], "import-courses") ||
             !strcmp(argv[1], "refold-posts"))
        rc = run_db_command(&cfg, argc, argv);
    else {
        fprintf(stderr, "dysgu: unknown command '%s'\n\n%s", argv[1], usage);
        rc = 2;
    }
    db_library_end();
    config_release(&cfg);
    return rc;
}
