/*
 * site: the pages every visitor meets first: the bilingual language choice
 * at "/", the home page in each language, the (for now empty) sections, and
 * the machine endpoints /healthz and /favicon.ico.
 */
#pragma once

#include "db/db.h"

struct req;

/* How many active people have an account. */
enum db_rc site_store_count_members(struct db *db, long long *n);

int site_page_choose(struct req *r);
int site_page_choose_submit(struct req *r);
int site_page_home(struct req *r);
int site_healthz(struct req *r);
int site_favicon(struct req *r);
