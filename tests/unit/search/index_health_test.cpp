// The indexer's back-off and log-once (search/index_health.hpp), and character-safe echoes
// (domain/echo.hpp): the pieces issue 15's fault handling is built from.
#include "search/index_health.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "domain/echo.hpp"

namespace lo::search {
namespace {

using std::chrono::milliseconds;

TEST(IndexRetry, WaitsDoubleUpToTheLongestAndEachCauseIsLoggedOnce) {
    std::vector<std::string> log;
    IndexRetry retry([&](const std::string& line) { log.push_back(line); }, milliseconds(1000),
                     milliseconds(30000));
    std::vector<long> waits;
    for (int i = 0; i < 7; ++i) waits.push_back(retry.failed("disk full", "detail").count());
    EXPECT_EQ(waits, (std::vector<long>{1000, 2000, 4000, 8000, 16000, 30000, 30000}));
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0],
              "The search index is behind: detail. Search answers from the last good version; "
              "trying again in the background.");
    EXPECT_EQ(retry.health().describe(), "search index behind: disk full");
    retry.failed("the data folder is read-only", "other detail");
    EXPECT_EQ(log.size(), 2u) << "a new cause is logged";
    retry.succeeded();
    EXPECT_EQ(log.back(),
              "The search index is up to date again (after 8 failed attempts: the data folder is "
              "read-only).");
    EXPECT_EQ(retry.health().describe(), "ok");
    retry.succeeded();
    EXPECT_EQ(log.size(), 3u) << "nothing to say when it was already up to date";
}

TEST(IndexRetry, CatchingUpUntilTheFirstSync) {
    IndexRetry retry(nullptr);
    retry.started_catching_up();
    EXPECT_EQ(retry.health().describe(), "being updated");
    retry.failed("disk full", "d");
    EXPECT_EQ(retry.health().describe(), "search index behind: disk full");
    retry.succeeded();
    EXPECT_EQ(retry.health().describe(), "ok");
}

TEST(EchoText, NeverCutsACharacterAndReplacesBadBytes) {
    EXPECT_EQ(domain::echo_text("abc", 40), "abc");
    EXPECT_EQ(domain::echo_text(std::string(63, 'a') + "\xC3\xA9\xC3\xA9", 64),
              std::string(63, 'a') + "\xC3\xA9...");
    EXPECT_EQ(domain::echo_text("\xC3", 10), "\xEF\xBF\xBD") << "half a character";
    EXPECT_EQ(domain::echo_text("a\x01"
                                "b",
                                10),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(domain::echo_text("\xF0\x9F\x98\x80x", 1), "\xF0\x9F\x98\x80...");
    EXPECT_EQ(domain::echo_text("\xC0\xAF", 10), "\xEF\xBF\xBD\xEF\xBF\xBD") << "overlong";
}

}  // namespace
}  // namespace lo::search
