/*
 * server: civetweb glue. One request handler on "/" feeds every request into
 * router_dispatch(); each worker thread owns a struct worker (a lazily opened
 * database connection and a request arena), created in init_thread and
 * released in exit_thread (STYLE.md section 4).
 */
#pragma once

struct app;
struct config;

/* civetweb's options as a NULL-terminated name, value, ... list. */
struct server_options {
    char threads[16];
    char timeout[16];
    const char *v[48];
};

/* The civetweb options of every listener (reference/security.md section 3.4),
 * filled from cfg into o: `dysgu serve` and `dysgu serve --bench-limit` use the
 * same set. Returns o->v, valid while o and cfg are. */
const char **server_options(struct server_options *o, const struct config *cfg);

/* Start serving app until SIGINT/SIGTERM; returns the process exit code. */
int server_run(struct app *app);

/* Load catalogues, templates and static files into app from cfg->root.
 * 0, or -1 with the reason logged. */
int server_app_init(struct app *app, const struct config *cfg);
void server_app_release(struct app *app);
