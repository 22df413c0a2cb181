/* addrlist: which address is the client's behind trusted proxies. */
#include <string.h>

#include "core/addrlist.h"
#include "testing.h"

static const char *client(const char *remote, const char *xff, const char *trusted)
{
    static char buf[64];

    return addr_forwarded_client(remote, xff, trusted, buf, sizeof(buf));
}

static void addrlist__lists_are_validated(void)
{
    CU_ASSERT(addr_list_valid(""));
    CU_ASSERT(addr_list_valid("127.0.0.1"));
    CU_ASSERT(addr_list_valid("127.0.0.1, ::1 ,10.1.2.3"));
    CU_ASSERT(!addr_list_valid("127.0.0.1,"));
    CU_ASSERT(!addr_list_valid("localhost"));
    CU_ASSERT(!addr_list_valid("10.0.0.0/8"));
    CU_ASSERT(!addr_list_valid("1.2.3.4 5.6.7.8"));
    CU_ASSERT(addr_in_list("::1", "127.0.0.1, 0:0::1"));
    CU_ASSERT(!addr_in_list("127.0.0.2", "127.0.0.1,::1"));
    CU_ASSERT(!addr_in_list(NULL, "127.0.0.1"));
}

static void addrlist__nobody_trusted_means_the_peer(void)
{
    CU_ASSERT_STRING_EQUAL(client("127.0.0.1", "203.0.113.9", ""), "127.0.0.1");
    /* a client that is not our proxy cannot choose its address */
    CU_ASSERT_STRING_EQUAL(client("198.51.100.7", "203.0.113.9", "127.0.0.1"), "198.51.100.7");
    CU_ASSERT_STRING_EQUAL(client("127.0.0.1", NULL, "127.0.0.1"), "127.0.0.1");
}

static void addrlist__rightmost_untrusted_entry_wins(void)
{
    CU_ASSERT_STRING_EQUAL(client("127.0.0.1", "203.0.113.9", "127.0.0.1"), "203.0.113.9");
    /* what the client wrote itself sits to the left of what our proxy appended */
    CU_ASSERT_STRING_EQUAL(client("127.0.0.1", "6.6.6.6, 203.0.113.9", "127.0.0.1"), "203.0.113.9");
    /* two of our proxies in a row */
    CU_ASSERT_STRING_EQUAL(client("127.0.0.1", "203.0.113.9,10.0.0.2", "127.0.0.1,10.0.0.2"),
                           "203.0.113.9");
    /* canonical form */
    CU_ASSERT_STRING_EQUAL(client("::1", "2001:DB8:0:0::1", "::1"), "2001:db8::1");
}

static void addrlist__garbage_falls_back_to_the_peer(void)
{
    static const char *const bad[] = {
        "",           ",",        "203.0.113.9,", "unknown",          "203.0.113.9 x",
        "1.2.3.4:80", "<script>", "999.1.1.1",    "::ffff:1.2.3.4:5",
    };
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CU_ASSERT_STRING_EQUAL(client("127.0.0.1", bad[i], "127.0.0.1"), "127.0.0.1");
    /* all entries ours: the nearest is the peer */
    CU_ASSERT_STRING_EQUAL(client("127.0.0.1", "127.0.0.1", "127.0.0.1"), "127.0.0.1");
}

static void addrlist__ipv6_limits_count_the_64(void)
{
    char buf[64];

    CU_ASSERT_STRING_EQUAL(addr_limit_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd", buf, sizeof(buf)),
                           "2001:db8:1:2::/64");
    CU_ASSERT_STRING_EQUAL(addr_limit_key("2001:db8:1:2::7", buf, sizeof(buf)),
                           "2001:db8:1:2::/64");
    CU_ASSERT_STRING_EQUAL(addr_limit_key("10.1.2.3", buf, sizeof(buf)), "10.1.2.3");
    CU_ASSERT_STRING_EQUAL(addr_limit_key("::ffff:10.1.2.3", buf, sizeof(buf)), "::ffff:10.1.2.3");
    CU_ASSERT_STRING_EQUAL(addr_limit_key("not an address", buf, sizeof(buf)), "not an address");
    CU_ASSERT(addr_is_loopback("127.0.0.1") && addr_is_loopback("127.9.8.7"));
    CU_ASSERT(addr_is_loopback("::1") && !addr_is_loopback("::2"));
    CU_ASSERT(!addr_is_loopback("10.0.0.1") && !addr_is_loopback(NULL));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "addrlist__lists_are_validated", addrlist__lists_are_validated },
        { "addrlist__nobody_trusted_means_the_peer", addrlist__nobody_trusted_means_the_peer },
        { "addrlist__rightmost_untrusted_entry_wins", addrlist__rightmost_untrusted_entry_wins },
        { "addrlist__garbage_falls_back_to_the_peer", addrlist__garbage_falls_back_to_the_peer },
        { "addrlist__ipv6_limits_count_the_64", addrlist__ipv6_limits_count_the_64 },
        { NULL, NULL },
    };
    test_add_suite("core/addrlist", cases);
}
