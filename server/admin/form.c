#include <string.h>

#include "admin/admin.h"
#include "app/page_form.h"
#include "auth/roles.h"
#include "core/arena.h"
#include "http/req.h"

/* s without leading and trailing spaces, in a. */
static const char *trim(struct arena *a, const char *s)
{
    size_t len;

    while (*s == ' ' || *s == '\t')
        s++;
    len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return arena_strndup(a, s, len);
}

size_t admin_form_user_filter(const struct req *r, struct admin_user_filter *f,
                              struct page_errors *e)
{
    const char *q = req_query(r, "q"), *role = req_query(r, "role");
    const char *status = req_query(r, "status");
    size_t n = e->n;

    f->q = q ? trim(r->arena, q) : "";
    f->role = 0;
    f->status = -1;
    if (strlen(f->q) > ADMIN_Q_MAX) {
        page_errors_add(e, "q", "admin.users.errors.q_too_long");
        f->q = "";
    }
    if (role && *role) {
        f->role = (unsigned)role_from_name(role);
        if (!f->role)
            page_errors_add(e, "role", "admin.users.errors.role_unknown");
    }
    if (status && !strcmp(status, "active"))
        f->status = 0;
    else if (status && !strcmp(status, "disabled"))
        f->status = 1;
    else if (status && *status)
        page_errors_add(e, "status", "admin.users.errors.status_unknown");
    return e->n - n;
}

int admin_form_roles(const struct req *r, unsigned *roles, struct page_errors *e)
{
    size_t i;

    *roles = 0;
    for (i = 0; i < r->form.n; i++) {
        const struct kv *kv = &r->form.items[i];
        enum role bit;

        if (strncmp(kv->key, "role_", 5))
            continue;
        bit = role_from_name(kv->key + 5);
        if (!bit || strcmp(kv->val, "1")) {
            page_errors_add(e, "role-learner", "admin.user.errors.roles_unknown");
            return -1;
        }
        *roles |= (unsigned)bit;
    }
    if (!*roles) {
        page_errors_add(e, "role-learner", "admin.user.errors.roles_empty");
        return -1;
    }
    return 0;
}
