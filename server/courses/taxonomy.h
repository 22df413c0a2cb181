/*
 * taxonomy: the fixed vocabularies a course is described with — the
 * Government Digital and Data Profession Capability Framework's (ex-DDaT) role
 * families and roles (reference/domain.md section 1, confirmed roles only),
 * skill levels, formats and languages of delivery. Codes are ASCII, stored in
 * the database and used in URLs; their names live in the catalogues under
 * courses.family.CODE, courses.role.CODE, courses.level.CODE and
 * courses.format.CODE.
 */
#pragma once

#include <stddef.h>

/* The role that stands for "any role in the family". */
#define TAXONOMY_ANY_ROLE "any"

struct taxonomy_role {
    const char *code;
    const char *family;
};

extern const char *const taxonomy_families[];
extern const size_t taxonomy_n_families;
extern const struct taxonomy_role taxonomy_roles[];
extern const size_t taxonomy_n_roles;
extern const char *const taxonomy_levels[]; /* awareness, working, practitioner, expert */
extern const size_t taxonomy_n_levels;
extern const char *const taxonomy_formats[]; /* e-learning, classroom, webinar, blended */
extern const size_t taxonomy_n_formats;

/* 1 if code is one of the vocabulary's codes, else 0 (NULL is fine: 0). */
int taxonomy_is_family(const char *code);
int taxonomy_is_level(const char *code);
int taxonomy_is_format(const char *code);

/* 1 if role belongs to family (TAXONOMY_ANY_ROLE belongs to every family). */
int taxonomy_role_in_family(const char *role, const char *family);
