/*
 * server: civetweb glue, the transport's entry point. One request handler on
 * "/" turns every request into a struct req and hands it to the dispatch
 * function given to server_run() (the funnel, app/router.h), then gives the
 * request's pooled database connection back and resets the worker's arena.
 * Each worker thread owns a request arena, created in init_thread and
 * released in exit_thread (STYLE.md section 4). This layer knows nothing of
 * routes, pages or features.
 */
#pragma once

struct app;
struct config;
struct req;

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

/* Make every request of ctx authorised as far as civetweb is concerned (who
 * may do what is the route table's): otherwise civetweb looks for a .htpasswd
 * file on every request, a failed stat, a system call a request for nothing.
 * `dysgu serve` and `dysgu serve --bench-limit` both call it. */
struct mg_context;
void server_no_htpasswd(struct mg_context *ctx);

/* The funnel a request goes through; returns the status sent. */
typedef int (*server_dispatch_fn)(struct req *r);

/* Serve app, every request through dispatch, until SIGINT/SIGTERM; returns
 * the process exit code. app must stay valid until it returns. */
int server_run(const struct app *app, server_dispatch_fn dispatch);
