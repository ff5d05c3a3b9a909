// The account-wide back-off (auth/throttle.hpp): guesses from many addresses slow the account
// down, but never keep out a holder with two-factor sign-in, and the holder is told once.
#include "auth/throttle.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "auth/accounts.hpp"
#include "auth/totp.hpp"
#include "auth/two_factor.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::auth {
namespace {

namespace fs = std::filesystem;

class ThrottleTest : public testing::Test {
protected:
    ThrottleTest() {
        std::random_device rd;
        dir_ = fs::temp_directory_path() /
               ("lo-throttle-test-" + std::to_string(rd()) + std::to_string(rd()));
        store_ = storage::sqlite::open_store(dir_.string());
        accounts_ = std::make_unique<Accounts>(*store_);
        auto inv = accounts_->add_user("ed@example.org", Role::Editor, {}, {}, t0);
        EXPECT_EQ(accounts_->set_password(inv.token, kPassword, "127.0.0.1", t0),
                  TokenState::Valid);
        user_ = *store_->users().find(inv.user.id);
    }
    ~ThrottleTest() override {
        accounts_.reset();
        store_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    // One wrong password from each of n different addresses.
    void guess_from_many(int n, std::int64_t at) {
        for (int i = 0; i < n; ++i)
            accounts_->check_credentials(user_.email, "wrong password!",
                                         "10.1.0." + std::to_string(i), at);
    }

    static constexpr std::int64_t t0 = 1'800'000'000;
    static constexpr const char* kPassword = "purple monkey dishwasher";
    fs::path dir_;
    std::unique_ptr<storage::Store> store_;
    std::unique_ptr<Accounts> accounts_;
    User user_;
};

TEST(Throttle, BackOffDoublesFromAMinuteUpToTheCap) {
    EXPECT_EQ(throttle::back_off(4, 5, 900), 0);
    EXPECT_EQ(throttle::back_off(5, 5, 900), 60);
    EXPECT_EQ(throttle::back_off(6, 5, 900), 120);
    EXPECT_EQ(throttle::back_off(8, 5, 900), 480);
    EXPECT_EQ(throttle::back_off(9, 5, 900), 900);
    EXPECT_EQ(throttle::back_off(1000, 5, 900), 900);
}

TEST_F(ThrottleTest, TheHolderIsToldOnceWhenTheAccountReachesTheLimit) {
    int told = 0;
    for (int i = 0; i < 12; ++i) {
        const auto r = accounts_->check_credentials(user_.email, "wrong password!",
                                                    "10.2.0." + std::to_string(i), t0 + i);
        if (r.tell_holder) {
            ++told;
            EXPECT_EQ(r.tell_holder->email, "ed@example.org");
            EXPECT_EQ(r.account_failures, 5);
        }
    }
    EXPECT_EQ(told, 1);
    // Unknown addresses have no holder to tell.
    for (int i = 0; i < 6; ++i)
        EXPECT_FALSE(
            accounts_->check_credentials("nobody@example.org", "x", "10.3.0.1", t0).tell_holder);
}

TEST_F(ThrottleTest, GuessesFromManyAddressesSlowTheAccountDownUntilAReset) {
    guess_from_many(20, t0);
    const auto r = accounts_->check_credentials(user_.email, kPassword, "10.9.9.9", t0 + 1);
    EXPECT_EQ(r.outcome, SignInOutcome::LockedOut);
    EXPECT_GT(r.locked_for, 0);
    EXPECT_LE(r.locked_for, throttle::kFirstBackOff);
    // It is a back-off, not a lock: once it has passed, the right password works.
    EXPECT_EQ(accounts_
                  ->check_credentials(user_.email, kPassword, "10.9.9.9",
                                      t0 + throttle::kFirstBackOff + 1)
                  .outcome,
              SignInOutcome::SignedIn);
    // And a reset link clears it at once.
    guess_from_many(25, t0 + 100);
    EXPECT_EQ(accounts_->check_credentials(user_.email, kPassword, "10.9.9.9", t0 + 101).outcome,
              SignInOutcome::LockedOut);
    const auto token = accounts_->issue_reset_token(user_.id, {}, t0 + 102);
    EXPECT_EQ(accounts_->set_password(token, "a brand new long password", "10.9.9.9", t0 + 103),
              TokenState::Valid);
    EXPECT_EQ(
        accounts_->check_credentials(user_.email, "a brand new long password", "10.9.9.9", t0 + 104)
            .outcome,
        SignInOutcome::SignedIn);
}

TEST_F(ThrottleTest, WithTwoFactorTheRightPasswordStillLeadsToTheCode) {
    TwoFactor two_factor(*store_);
    const auto secret = two_factor.begin_setup(user_);
    ASSERT_TRUE(secret);
    const auto key = totp::base32_decode(*secret);
    ASSERT_TRUE(key);
    ASSERT_TRUE(two_factor.confirm_setup(user_, totp::code_at(*key, t0), {}, t0));
    guess_from_many(40, t0);
    const auto r = accounts_->check_credentials(user_.email, kPassword, "10.9.9.9", t0 + 1);
    EXPECT_EQ(r.outcome, SignInOutcome::SignedIn) << "the code step is still to come";
    EXPECT_EQ(accounts_->locked_for(user_.email, "10.9.9.9", t0 + 1), 0);
    EXPECT_EQ(
        accounts_->check_credentials(user_.email, "wrong password!", "10.9.9.9", t0 + 2).outcome,
        SignInOutcome::WrongDetails);
}

}  // namespace
}  // namespace lo::auth
