// The privacy repository: the retention purge removes exactly what is past each cutoff and
// keeps the rest; export finds an address everywhere it is held; erasure removes it there.
#include "storage/privacy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "fixtures/builders.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::storage {
namespace {

using namespace lo::testing;

constexpr std::int64_t kDay = 24 * 60 * 60;
constexpr std::int64_t kNow = 1'800'000'000;

class PrivacyStore : public ::testing::Test {
protected:
    void SetUp() override { store_ = sqlite::open_store(dir_.str()); }

    void feedback(std::int64_t at, const std::string& comment, bool problem = false) {
        domain::Feedback f;
        f.id = domain::new_uuid();
        f.created_at = domain::rfc3339_at(at);
        f.page = "/services/x";
        f.useful = false;
        f.comment = comment;
        f.problem = problem;
        store_->feedback().add(f);
    }

    std::string add_user(const std::string& email) {
        domain::User u;
        u.id = domain::new_uuid();
        u.email = email;
        u.role = domain::Role::Editor;
        u.password_hash = "x";
        u.created_at = kNow - 400 * kDay;
        store_->users().save(u);
        return u.id;
    }

    void audit(const std::string& at,
               const std::string& actor_id,
               const std::string& email,
               const std::string& address) {
        store_->audit().record({0, at, actor_id, email, "sign_in", email, "", address});
    }

    TempDir dir_;
    std::unique_ptr<Store> store_;
};

TEST_F(PrivacyStore, PurgeBlanksOldCommentsAndKeepsNewOnesAndTheAnswers) {
    feedback(kNow - 400 * kDay, "The phone number is wrong");
    feedback(kNow - 400 * kDay, "Closed since June", true);
    feedback(kNow - 10 * kDay, "Still useful");
    PurgeCutoffs cutoffs;
    cutoffs.feedback_before = kNow - 365 * kDay;
    EXPECT_EQ(store_->privacy().purge(cutoffs).feedback_comments, 2);
    std::vector<std::string> comments;
    for (const auto& f : store_->feedback().list({100, 0})) {
        comments.push_back(f.comment);
        EXPECT_EQ(f.useful, std::optional<bool>(false)) << "the yes/no answer stays";
    }
    std::sort(comments.begin(), comments.end());
    EXPECT_EQ(comments, (std::vector<std::string>{"", "", "Still useful"}));
    EXPECT_EQ(store_->privacy().purge(cutoffs).feedback_comments, 0) << "safe to repeat";
}

TEST_F(PrivacyStore, PurgeBlanksOldAuditAddressesButKeepsTheEntries) {
    audit(domain::rfc3339_at(kNow - 100 * kDay), "", "old@example.org", "192.0.2.1");
    audit(domain::rfc3339_at(kNow - 1 * kDay), "", "new@example.org", "192.0.2.2");
    PurgeCutoffs cutoffs;
    cutoffs.audit_addresses_before = kNow - 90 * kDay;
    EXPECT_EQ(store_->privacy().purge(cutoffs).audit_addresses, 1);
    const auto entries = store_->audit().recent(10);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].remote_address, "192.0.2.2");
    EXPECT_EQ(entries[1].remote_address, "");
    EXPECT_EQ(entries[1].actor_email, "old@example.org");
}

TEST_F(PrivacyStore, PurgeBlanksOldSentMailDropsOldUnsentAndRemovesOldLinksAndSessions) {
    const auto old_sent =
        store_->outbox().add({"a@example.org", "Reset", "link", "x"}, kNow - 40 * kDay);
    store_->outbox().mark_sent(old_sent, kNow - 40 * kDay);
    store_->outbox().add({"b@example.org", "Reminder", "text", "x"}, kNow - 40 * kDay);
    const auto recent = store_->outbox().add({"c@example.org", "Reset", "link", "x"}, kNow - kDay);
    store_->outbox().mark_sent(recent, kNow - kDay);

    const auto user = add_user("editor@example.org");
    store_->users().add_token({"old", user, domain::TokenPurpose::ResetPassword, kNow - 40 * kDay,
                               kNow - 40 * kDay + 7200, std::nullopt});
    store_->users().add_token(
        {"live", user, domain::TokenPurpose::ResetPassword, kNow - 60, kNow + 7200, std::nullopt});
    store_->sessions().add({"idle", user, kNow - 3600, kNow - 3600});
    store_->sessions().add({"fresh", user, kNow - 60, kNow - 60});

    PurgeCutoffs cutoffs;
    cutoffs.outbox_before = kNow - 30 * kDay;
    cutoffs.tokens_before = kNow - 30 * kDay;
    cutoffs.sessions_idle_before = kNow - 1800;
    cutoffs.sessions_created_before = kNow - 12 * 3600;
    const auto n = store_->privacy().purge(cutoffs);
    EXPECT_EQ(n.outbox_messages, 2);
    EXPECT_EQ(n.tokens, 1);
    EXPECT_EQ(n.sessions, 1);
    EXPECT_EQ(store_->outbox().count(), 2);
    EXPECT_EQ(store_->outbox().find(old_sent)->message.body, "");
    EXPECT_EQ(store_->outbox().find(recent)->message.body, "link");
    EXPECT_FALSE(store_->users().find_token("old"));
    EXPECT_TRUE(store_->users().find_token("live"));
    EXPECT_FALSE(store_->sessions().find("idle"));
    EXPECT_TRUE(store_->sessions().find("fresh"));
}

TEST_F(PrivacyStore, ExportFindsTheAddressEverywhereAndErasureRemovesIt) {
    const auto user = add_user("Editor@Example.org");
    audit(domain::rfc3339_at(kNow), user, "editor@example.org", "192.0.2.1");
    audit(domain::rfc3339_at(kNow), "", "someone@example.org", "192.0.2.9");
    store_->outbox().add({"editor@example.org", "Reset your password", "link", "x"}, kNow);

    std::set<std::string> tables;
    for (const auto& r : store_->privacy().export_address("editor@example.org"))
        tables.insert(r.table);
    EXPECT_EQ(tables, (std::set<std::string>{"account", "audit_log", "outbox"}));

    EXPECT_EQ(store_->privacy().erase_address("editor@example.org", "(erased)"), 3);
    for (const auto& e : store_->audit().recent(10)) EXPECT_NE(e.actor_email, "editor@example.org");
    EXPECT_EQ(store_->audit().recent(10).at(0).actor_email, "someone@example.org")
        << "other people's entries are untouched";
    EXPECT_EQ(store_->outbox().count(), 0);
}

TEST_F(PrivacyStore, PseudonymsAreNumberedAndNeverReused) {
    const auto a = add_user("a@example.org");
    const auto b = add_user("b@example.org");
    EXPECT_EQ(store_->privacy().pseudonymise(a, "a@example.org", "editor", kNow),
              "Former editor 1");
    EXPECT_EQ(store_->privacy().pseudonymise(b, "b@example.org", "provider", kNow),
              "Former provider 2");
    EXPECT_EQ(store_->privacy().pseudonym_of(a), "Former editor 1");
}

}  // namespace
}  // namespace lo::storage
