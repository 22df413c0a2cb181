/*
 * app: the read-only state every request shares, built once at start by
 * main.c (app_init) and released at shutdown: settings, catalogues, compiled
 * templates, static files. Nothing in it changes while requests run.
 */
#pragma once

#include "core/arena.h"
#include "core/config.h"
#include "db/db.h"

struct db_pool;
struct i18n;
struct tpl_set;
struct static_files;
struct welshfold;
struct glossary;

struct app {
    const struct config *cfg;
    struct db_params dbp;
    struct db_pool *pool; /* shared by the workers; locks itself */
    struct i18n *i18n;
    struct tpl_set *tpl;
    struct static_files *files;
    const char *asset_v;       /* changes whenever a static file changes */
    struct welshfold *fold;    /* search folding (view/welshfold.h): never NULL once started */
    struct glossary *glossary; /* English-Welsh search terms (view/glossary.h): never NULL */
    struct arena mem;          /* long-lived strings: db params */
};
