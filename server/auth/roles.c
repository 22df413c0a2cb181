#include "roles.h"

#include <string.h>

static const char *const names[] = { "learner", "trainer", "moderator", "admin" };

const char *role_name(enum role role)
{
    size_t i;

    for (i = 0; i < 4; i++)
        if ((unsigned)role == 1u << i)
            return names[i];
    return "unknown";
}

enum role role_from_name(const char *name)
{
    size_t i;

    for (i = 0; i < 4; i++)
        if (!strcmp(name, names[i]))
            return (enum role)(1u << i);
    return 0;
}

unsigned roles_parse(const char *list)
{
    unsigned bits = 0;
    size_t i;

    while (list && *list) {
        size_t n = strcspn(list, ",");

        for (i = 0; i < 4; i++)
            if (strlen(names[i]) == n && !strncmp(list, names[i], n))
                bits |= 1u << i;
        list += n;
        if (*list == ',')
            list++;
    }
    return bits;
}
