#include "courses/taxonomy.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *const taxonomy_families[] = {
    "architecture",         "chief-digital-data",  "data",
    "it-operations",        "product-delivery",    "quality-assurance-testing",
    "software-development", "user-centred-design",
};
const size_t taxonomy_n_families = COUNT(taxonomy_families);

/* reference/domain.md section 1: only roles the framework confirms */
const struct taxonomy_role taxonomy_roles[] = {
    { TAXONOMY_ANY_ROLE, NULL },
    { "business-architect", "architecture" },
    { "data-architect", "architecture" },
    { "enterprise-architect", "architecture" },
    { "network-architect", "architecture" },
    { "security-architect", "architecture" },
    { "solution-architect", "architecture" },
    { "technical-architect", "architecture" },
    { "analytics-engineer", "data" },
    { "data-analyst", "data" },
    { "data-engineer", "data" },
    { "data-ethicist", "data" },
    { "data-governance-manager", "data" },
    { "data-scientist", "data" },
    { "machine-learning-engineer", "data" },
    { "performance-analyst", "data" },
    { "incident-manager", "it-operations" },
    { "infrastructure-engineer", "it-operations" },
    { "it-service-manager", "it-operations" },
    { "business-analyst", "product-delivery" },
    { "delivery-manager", "product-delivery" },
    { "digital-portfolio-manager", "product-delivery" },
    { "product-manager", "product-delivery" },
    { "programme-delivery-manager", "product-delivery" },
    { "software-developer", "software-development" },
    { "content-designer", "user-centred-design" },
    { "user-researcher", "user-centred-design" },
};
const size_t taxonomy_n_roles = COUNT(taxonomy_roles);

const char *const taxonomy_levels[] = { "awareness", "working", "practitioner", "expert" };
const size_t taxonomy_n_levels = COUNT(taxonomy_levels);

const char *const taxonomy_formats[] = { "e-learning", "classroom", "webinar", "blended" };
const size_t taxonomy_n_formats = COUNT(taxonomy_formats);

static int member(const char *code, const char *const *list, size_t n)
{
    size_t i;

    if (!code)
        return 0;
    for (i = 0; i < n; i++)
        if (!strcmp(code, list[i]))
            return 1;
    return 0;
}

int taxonomy_is_family(const char *code)
{
    return member(code, taxonomy_families, taxonomy_n_families);
}

int taxonomy_is_level(const char *code)
{
    return member(code, taxonomy_levels, taxonomy_n_levels);
}

int taxonomy_is_format(const char *code)
{
    return member(code, taxonomy_formats, taxonomy_n_formats);
}

int taxonomy_role_in_family(const char *role, const char *family)
{
    size_t i;

    if (!role || !taxonomy_is_family(family))
        return 0;
    for (i = 0; i < taxonomy_n_roles; i++)
        if (!strcmp(role, taxonomy_roles[i].code))
            return !taxonomy_roles[i].family || !strcmp(taxonomy_roles[i].family, family);
    return 0;
}
