#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "testing.h"
#include "view/i18n.h"

/*
 * Every event the audit log takes is one the admin can filter by and read:
 * each name in audit_events has a label in both languages, and none is
 * listed twice (the filter would offer it twice).
 */
static void events__each_has_a_label_in_both_languages(void)
{
    char err[1024] = "", key[96];
    struct i18n *t = i18n_load(DYSGU_SOURCE_DIR "/locales", err, sizeof(err));
    size_t i, j, n = 0;
    int l;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    for (i = 0; audit_events[i]; i++, n++) {
        snprintf(key, sizeof(key), "admin.audit.events.%s", audit_events[i]);
        for (l = LANG_CY; l < LANG__COUNT; l++)
            if (i18n_text(t, (enum lang)l, key) == key) {
                fprintf(stderr, "\n  %s: no label %s\n", lang_code((enum lang)l), key);
                CU_FAIL("an audit event without a label");
            }
        for (j = 0; j < i; j++)
            CU_ASSERT(strcmp(audit_events[i], audit_events[j]) != 0);
        CU_ASSERT(audit_event_known(audit_events[i]));
    }
    CU_ASSERT(n >= 50);
    CU_ASSERT(!audit_event_known("no_such_event"));
    CU_ASSERT(!audit_event_known(""));
    i18n_free(t);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "events__each_has_a_label_in_both_languages",
          events__each_has_a_label_in_both_languages },
        { NULL, NULL },
    };
    test_add_suite("audit/events", cases);
}
