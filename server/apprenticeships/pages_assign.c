/*
 * The trainer or mentor assigned to an apprentice (GUARD_ADMIN): a user with
 * the trainer role, a named mentor, or both. The assigned trainer then
 * reads the record (the store's WHERE names them). Audited
 * (store_schemes.c).
 */
#include <string.h>

#include "accounts/accounts.h"
#include "app/page.h"
#include "app/page_form.h"
#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "http/req.h"
#include "http/resp.h"

/* ?find= (or the POSTed form's hidden find) without surrounding spaces, in
 * r's arena; when it is too long, the problem in err (kept as typed). */
static const char *find_text(struct req *r, const char *s, struct page_errors *err)
{
    size_t len;

    s = s ? s : "";
    while (*s == ' ' || *s == '\t')
        s++;
    len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (utf8_count(s, len) > APPR_FIND_MAX)
        page_errors_add(err, "find", "apprenticeships.errors.find");
    return arena_strndup(r->arena, s, len);
}

/* The form page: 200 with the record's values (and ?find='s matches), 400
 * with what was typed and its problems; 404 for no such apprentice. */
static int form_page(struct req *r, const struct appr_assign_form *in, const char *find,
                     const struct page_errors *err)
{
    long long id = page_id(r, "id"), chosen = 0;
    struct appr_trainer *t;
    struct apprentice a;
    size_t nt;
    json_t *vm;
    int st, bad_find = utf8_count(find, strlen(find)) > APPR_FIND_MAX;

    if (id <= 0)
        return 404;
    st = page_status(appr_store_get(r->db, r->arena, id, r->user->id, 1, &a));
    if (st)
        return st;
    if (in && *in->trainer && page_id_parse(in->trainer, &chosen))
        chosen = 0;
    else if (!in)
        chosen = a.trainer_id;
    st = page_status(appr_store_find_trainers(r->db, r->arena, bad_find ? "" : find, chosen,
                                              APPR_FIND_SHOWN + 2, &t, &nt));
    if (!st && !in && !page_errors_any(err)) /* the record's trainer and mentor: a view */
        st = page_status(appr_store_viewed(r->db, r->user->id, &a, r->client_ip));
    if (st)
        return st;
    vm = page_vm(r, "apprenticeships.assign.title");
    json_object_set_new(vm, "breadcrumbs", appr_crumbs(r, 1));
    json_object_set_new(vm, "name", json_string(a.name));
    json_object_set_new(vm, "record_href", json_string(appr_record_path(r, id, 1)));
    json_object_set_new(
        vm, "action",
        json_string(arena_printf(r->arena, "%s/trainer", appr_record_path(r, id, 1))));
    if (!in) {
        struct appr_assign_form now = { a.trainer_id ? arena_printf(r->arena, "%lld", a.trainer_id)
                                                     : "",
                                        a.mentor };

        appr_vm_assign_form(r, vm, t, nt, &now, find, err);
    } else {
        appr_vm_assign_form(r, vm, t, nt, in, find, err);
    }
    return page_render(r, "apprenticeships/assign", vm);
}

/* GET /{lang}/admin/apprenticeships/{id}/trainer — ?find= a part of a
 * trainer's name or e-mail address lists the matches to choose from. 400
 * with the form when find is too long. */
int appr_page_assign_form(struct req *r)
{
    struct page_errors err = { .n = 0 };
    const char *find = find_text(r, req_query(r, "find"), &err);

    return form_page(r, NULL, find, &err);
}

/* POST /{lang}/admin/apprenticeships/{id}/trainer — trainer (a user id with
 * the trainer role, "" for none), mentor (a name, up to 120 characters, ""
 * for none), find (the search the form was shown with, kept on a 400).
 * 303 to the record; 400 with the form, nothing changed; 404 for
 * no such apprentice. */
int appr_page_assign(struct req *r)
{
    long long id = page_id(r, "id"), trainer = 0;
    struct page_errors err = { .n = 0 };
    struct appr_assign_form in;
    const char *find;
    enum db_rc rc;

    if (id <= 0)
        return 404;
    appr_assign_read(r, &in, &trainer, &err);
    find = find_text(r, account_form_value(r, "find"), &err);
    if (!page_errors_any(&err)) {
        rc = appr_store_assign(r->db, id, trainer, in.mentor, r->user->id, r->client_ip);
        if (rc == DB_OK)
            return resp_see_other(
                r, arena_printf(r->arena, "%s?done=assigned", appr_record_path(r, id, 1)));
        if (rc != DB_CONFLICT)
            return page_status(rc);
        page_errors_add(&err, "trainer", "apprenticeships.errors.trainer");
    }
    return form_page(r, &in, find, &err);
}
