/*
 * communities/mention: which "@handle"s a post's HTML holds (code, links,
 * tags and addresses aside; quotations marked), and linking them.
 */
#include <string.h>

#include "communities/communities.h"
#include "communities/mention.h"
#include "core/arena.h"
#include "testing.h"

/* The handles in the HTML of Markdown md, joined with "|" ("=" after a
 * quoted one), into out. */
static const char *handles(const char *md, char *out, size_t cap)
{
    struct mention_span v[16];
    struct arena a;
    const char *html;
    size_t n, i;

    arena_init(&a, 0);
    html = forum_post_html(&a, md, strlen(md));
    n = mention_scan(html, v, 16);
    out[0] = 0;
    for (i = 0; i < n; i++) {
        size_t len = strlen(out);

        snprintf(out + len, cap - len, "%s%.*s%s", i ? "|" : "", (int)v[i].len, html + v[i].at + 1,
                 v[i].quoted ? "=" : "");
    }
    arena_release(&a);
    return out;
}

static void mention__found_where_a_reader_sees_them(void)
{
    char out[512];

    CU_ASSERT_STRING_EQUAL(handles("Helo @Siân_Williams.", out, sizeof(out)), "Siân_Williams");
    CU_ASSERT_STRING_EQUAL(handles("@Ann, @Bob-Jones_ a @D.Ŵyn…", out, sizeof(out)),
                           "Ann|Bob-Jones|D.Ŵyn");
    CU_ASSERT_STRING_EQUAL(handles("(@Ann) **@Bob** _@Cai_", out, sizeof(out)), "Ann|Bob|Cai");
    CU_ASSERT_STRING_EQUAL(handles("`@Ann` ann@example.org [@Bob](https://x.example) "
                                   "<https://x.example/@Cai>",
                                   out, sizeof(out)),
                           "");
    CU_ASSERT_STRING_EQUAL(handles("```\n@Ann\n```\n\n    @Bob\n", out, sizeof(out)), "");
    CU_ASSERT_STRING_EQUAL(handles("> @Ann\n\n@Bob", out, sizeof(out)), "Ann=|Bob");
    CU_ASSERT_STRING_EQUAL(handles("@ @. @- @@Ann", out, sizeof(out)), "Ann");
    CU_ASSERT_STRING_EQUAL(handles("@Ann’s", out, sizeof(out)), "Ann");
}

static void mention__apostrophes_inside_names(void)
{
    char out[512];

    /* smart punctuation makes each ' a ’ in the HTML */
    CU_ASSERT_STRING_EQUAL(handles("Diolch @O'Brien a @D’Arcy_Ó_Dálaigh!", out, sizeof(out)),
                           "O’Brien|D’Arcy_Ó_Dálaigh");
    CU_ASSERT_STRING_EQUAL(handles("@O'Brien's post, @Siân’s and @O'Brien'", out, sizeof(out)),
                           "O’Brien|Siân|O’Brien");
    CU_ASSERT_STRING_EQUAL(handles("'@Ann' a @Bob' @Cai'-", out, sizeof(out)), "Ann|Bob|Cai");
    CU_ASSERT_STRING_EQUAL(handles("o'brien@example.org siân'r@example.cymru", out, sizeof(out)),
                           "");
    CU_ASSERT_STRING_EQUAL(handles("`@O'Brien's`", out, sizeof(out)), "");
}

static void mention__name_of_an_apostrophe_handle(void)
{
    struct arena a;
    const char *h = "D’Arcy_O'Neill";

    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(mention_name(&a, h, strlen(h)), "D'Arcy O'Neill");
    CU_ASSERT_STRING_EQUAL(mention_name_curly(&a, h, strlen(h)), "D’Arcy O’Neill");
    arena_release(&a);
}

static void mention__linked_only_when_known(void)
{
    const char *h[] = { "siân_williams" }, *href[] = { "/cy/search/communities?q=Si%C3%A2n" };
    struct arena a;
    const char *md = "@Siân_Williams a @Neb `@Siân_Williams`", *html, *out;

    arena_init(&a, 0);
    html = forum_post_html(&a, md, strlen(md));
    out = mention_link(&a, html, h, href, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "<a rel=\"nofollow ugc noopener\" "
                                       "href=\"/cy/search/communities?q=Si%C3%A2n\">"
                                       "@Siân_Williams</a> a @Neb <code>@Siân_Williams</code>"));
    CU_ASSERT_PTR_EQUAL(mention_link(&a, html, h, href, 0), html);
    CU_ASSERT_STRING_EQUAL(mention_name(&a, "Siân_Williams", strlen("Siân_Williams")),
                           "Siân Williams");
    arena_release(&a);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "mention__found_where_a_reader_sees_them", mention__found_where_a_reader_sees_them },
        { "mention__linked_only_when_known", mention__linked_only_when_known },
        { "mention__apostrophes_inside_names", mention__apostrophes_inside_names },
        { "mention__name_of_an_apostrophe_handle", mention__name_of_an_apostrophe_handle },
        { NULL, NULL },
    };
    test_add_suite("unit/communities/mention", cases);
}
