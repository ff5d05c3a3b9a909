#include "auth/accounts.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>

#include "auth/crypto.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::auth {
namespace {

namespace fs = std::filesystem;

class AccountsTest : public testing::Test {
protected:
    AccountsTest() {
        std::random_device rd;
        dir_ = fs::temp_directory_path() /
               ("lo-auth-test-" + std::to_string(rd()) + std::to_string(rd()));
        store_ = storage::sqlite::open_store(dir_.string());
        organisation_.id = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
        organisation_.name = "Oxford Children's Health";
        store_->organisations().save(organisation_);
    }
    ~AccountsTest() override {
        store_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    // An editor with a password, ready to sign in.
    User editor(const std::string& email = "ed@example.org") {
        auto inv = accounts_().add_user(email, Role::Editor, {}, {}, t0);
        EXPECT_EQ(accounts_().set_password(inv.token, kPassword, "127.0.0.1", t0),
                  TokenState::Valid);
        return *store_->users().find(inv.user.id);
    }
    Accounts& accounts_() {
        if (!accounts_ptr_) accounts_ptr_ = std::make_unique<Accounts>(*store_);
        return *accounts_ptr_;
    }

    static constexpr std::int64_t t0 = 1'800'000'000;
    static constexpr const char* kPassword = "purple monkey dishwasher";
    fs::path dir_;
    std::unique_ptr<storage::Store> store_;
    std::unique_ptr<Accounts> accounts_ptr_;
    domain::Organisation organisation_;
};

TEST_F(AccountsTest, AddUserStoresOnlyAHashOfTheSetPasswordToken) {
    const auto inv = accounts_().add_user(" New@Example.org ", Role::Admin, {}, {}, t0);
    EXPECT_EQ(inv.user.email, "new@example.org");
    EXPECT_EQ(inv.token.size(), 64u);
    EXPECT_FALSE(store_->users().find_token(inv.token));
    const auto stored = store_->users().find_token(hash_token(inv.token));
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->expires_at, t0 + 7 * 24 * 3600);
    EXPECT_EQ(store_->users().find(inv.user.id)->password_hash, "");
    EXPECT_EQ(store_->audit().recent(1).at(0).action, "user_added");
}

TEST_F(AccountsTest, AddUserChecksItsInput) {
    EXPECT_THROW(accounts_().add_user("not an address", Role::Editor, {}, {}, t0), InvalidInput);
    EXPECT_THROW(accounts_().add_user("p@example.org", Role::Provider, {}, {}, t0), InvalidInput);
    EXPECT_THROW(accounts_().add_user("p@example.org", Role::Provider, {"no-such-org"}, {}, t0),
                 storage::Conflict);
    accounts_().add_user("p@example.org", Role::Provider, {"3f2504e0-4f89-41d3-9a0c-0305e82c3301"},
                         {}, t0);
    EXPECT_THROW(accounts_().add_user("P@example.org", Role::Editor, {}, {}, t0),
                 storage::Conflict);
    EXPECT_EQ(store_->users().find_by_email("p@example.org")->organisation_ids,
              std::vector<std::string>{"3f2504e0-4f89-41d3-9a0c-0305e82c3301"});
}

TEST_F(AccountsTest, SetPasswordLinkIsSingleUseAndExpires) {
    const auto inv = accounts_().add_user("a@example.org", Role::Editor, {}, {}, t0);
    EXPECT_THROW(accounts_().set_password(inv.token, "short", "", t0), InvalidInput);
    EXPECT_EQ(accounts_().check_token(inv.token, t0).state, TokenState::Valid);
    EXPECT_EQ(accounts_().set_password(inv.token, kPassword, "", t0 + 10), TokenState::Valid);
    EXPECT_EQ(accounts_().set_password(inv.token, "another long password", "", t0 + 20),
              TokenState::Used);
    // Change the first character (to something it is not) to make a token nobody was given.
    const std::string other = (inv.token[0] == '0' ? "1" : "0") + inv.token.substr(1);
    EXPECT_EQ(accounts_().check_token(other, t0).state, TokenState::Unknown);

    const auto late = accounts_().add_user("b@example.org", Role::Editor, {}, {}, t0);
    EXPECT_EQ(accounts_().set_password(late.token, kPassword, "", t0 + 7 * 24 * 3600),
              TokenState::Expired);
    EXPECT_TRUE(verify_password(kPassword, store_->users().find(inv.user.id)->password_hash));
}

TEST_F(AccountsTest, ResetLinkReplacesEarlierLinksAndSignsOutEverywhere) {
    const auto user = editor();
    const auto signed_in = accounts_().sign_in(user.email, kPassword, "", "10.0.0.1", t0);
    ASSERT_EQ(signed_in.outcome, SignInOutcome::SignedIn);
    const auto first = accounts_().issue_reset_token(user.id, {}, t0);
    const auto second = accounts_().issue_reset_token(user.id, {}, t0);
    EXPECT_EQ(accounts_().check_token(first, t0).state, TokenState::Used);
    EXPECT_EQ(accounts_().set_password(second, "a brand new password", "", t0 + 2 * 3600),
              TokenState::Expired);
    EXPECT_EQ(accounts_().set_password(accounts_().issue_reset_token(user.id, {}, t0),
                                       "a brand new password", "", t0 + 60),
              TokenState::Valid);
    EXPECT_FALSE(accounts_().authenticate(signed_in.session_id, t0 + 61));
}

TEST_F(AccountsTest, SignInRenewsTheSessionId) {
    const auto user = editor();
    const auto anonymous = accounts_().start_anonymous_session(t0);
    EXPECT_TRUE(accounts_().is_live_session(anonymous, t0));
    EXPECT_FALSE(accounts_().authenticate(anonymous, t0)) << "anonymous sessions are not signed in";
    const auto r = accounts_().sign_in("ED@example.org", kPassword, anonymous, "10.0.0.1", t0);
    ASSERT_EQ(r.outcome, SignInOutcome::SignedIn);
    EXPECT_NE(r.session_id, anonymous);
    EXPECT_FALSE(accounts_().is_live_session(anonymous, t0)) << "the old id is gone";
    const auto p = accounts_().authenticate(r.session_id, t0 + 1);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->user.id, user.id);
    EXPECT_EQ(p->csrf_token, csrf_token_for(r.session_id));
    EXPECT_FALSE(store_->sessions().find(r.session_id)) << "stored hashed";
    EXPECT_TRUE(store_->sessions().find(hash_token(r.session_id)));
    EXPECT_EQ(store_->audit().recent(1).at(0).action, "sign_in");
}

TEST_F(AccountsTest, SessionsHaveIdleAndAbsoluteTimeouts) {
    const auto user = editor();
    const Policy policy;
    auto id = accounts_().sign_in(user.email, kPassword, "", "", t0).session_id;
    EXPECT_TRUE(accounts_().authenticate(id, t0 + policy.idle_timeout));
    EXPECT_FALSE(accounts_().authenticate(id, t0 + 2 * policy.idle_timeout + 1)) << "idle";

    id = accounts_().sign_in(user.email, kPassword, "", "", t0).session_id;
    std::int64_t t = t0;
    while (t + policy.idle_timeout / 2 <= t0 + policy.absolute_timeout) {
        t += policy.idle_timeout / 2;
        ASSERT_TRUE(accounts_().authenticate(id, t)) << "active use keeps it alive until " << t;
    }
    EXPECT_FALSE(accounts_().authenticate(id, t0 + policy.absolute_timeout + 1)) << "absolute";
}

TEST_F(AccountsTest, SignOutEndsTheSession) {
    const auto user = editor();
    const auto id = accounts_().sign_in(user.email, kPassword, "", "", t0).session_id;
    accounts_().sign_out(id, "", t0 + 1);
    EXPECT_FALSE(accounts_().authenticate(id, t0 + 2));
}

TEST_F(AccountsTest, RepeatedFailuresMakeTheGuessingAddressWaitNotTheHolder) {
    const auto user = editor();
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(
            accounts_().sign_in(user.email, "wrong password!", "", "10.0.0.1", t0 + i).outcome,
            SignInOutcome::WrongDetails);
    const auto fifth = accounts_().sign_in(user.email, "wrong password!", "", "10.0.0.1", t0 + 5);
    EXPECT_EQ(fifth.outcome, SignInOutcome::LockedOut);
    // The guessing address waits, even with the right password ...
    const auto same = accounts_().sign_in(user.email, kPassword, "", "10.0.0.1", t0 + 60);
    EXPECT_EQ(same.outcome, SignInOutcome::LockedOut);
    EXPECT_GT(same.locked_for, 0);
    // ... but anyone could start that, so the holder signing in elsewhere is not stopped.
    EXPECT_EQ(accounts_().sign_in(user.email, kPassword, "", "10.0.0.2", t0 + 60).outcome,
              SignInOutcome::SignedIn);
    EXPECT_EQ(accounts_().sign_in(user.email, kPassword, "", "10.0.0.1", t0 + 5 + 15 * 60).outcome,
              SignInOutcome::SignedIn);
    const auto log = store_->audit().recent(20);
    EXPECT_EQ(std::count_if(log.begin(), log.end(),
                            [](const auto& e) { return e.action == "sign_in_failed"; }),
              5);
}

TEST_F(AccountsTest, UnknownAddressesAreThrottledTheSameWay) {
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(accounts_().sign_in("nobody@example.org", "whatever it is", "", "", t0).outcome,
                  SignInOutcome::WrongDetails);
    EXPECT_EQ(accounts_().sign_in("nobody@example.org", "whatever it is", "", "", t0).outcome,
              SignInOutcome::LockedOut);
}

TEST_F(AccountsTest, RoleChangeIsAuditedAndSignsThePersonOut) {
    const auto user = editor();
    const auto id = accounts_().sign_in(user.email, kPassword, "", "", t0).session_id;
    accounts_().change_user(user.id, Role::Provider, {"3f2504e0-4f89-41d3-9a0c-0305e82c3301"},
                            {"admin-id", "admin@example.org", ""}, t0);
    EXPECT_FALSE(accounts_().authenticate(id, t0 + 1));
    const auto entry = store_->audit().recent(1).at(0);
    EXPECT_EQ(entry.action, "user_changed");
    EXPECT_EQ(entry.actor_email, "admin@example.org");
    EXPECT_EQ(entry.detail,
              "role editor -> provider, organisation 3f2504e0-4f89-41d3-9a0c-0305e82c3301");
}

TEST_F(AccountsTest, AuditLogIsAppendOnly) {
    editor();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / storage::sqlite::kDatabaseFile).string().c_str(), &db),
              SQLITE_OK);
    char* message = nullptr;
    EXPECT_NE(sqlite3_exec(db, "UPDATE audit_log SET action = 'x'", nullptr, nullptr, &message),
              SQLITE_OK);
    EXPECT_STREQ(message, "the audit log is append-only");
    sqlite3_free(message);
    EXPECT_NE(sqlite3_exec(db, "DELETE FROM audit_log", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    EXPECT_EQ(store_->audit().recent(10).size(), 2u) << "user_added, password_set";
}

}  // namespace
}  // namespace lo::auth
