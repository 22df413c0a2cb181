/*
 * benchlimit: `dysgu serve --bench-limit`, a hidden mode for tests/bench/run.
 * It serves one fixed 5 KB HTML page from memory on every path, with no
 * database, no templates and no router, through the same civetweb options as
 * `dysgu serve` (server_options) and the same single mg_write per response.
 * What it sustains is "the limit" of this machine: the best any page can do.
 */
#pragma once

struct config;

/* Serve the fixed page on cfg->listen until SIGINT/SIGTERM; the exit code. */
int benchlimit_run(const struct config *cfg);
