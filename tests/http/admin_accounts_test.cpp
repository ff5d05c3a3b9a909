// Accounts for staff turnover: deactivating, reactivating and deleting accounts from the admin
// (sessions end at once, the last administrator stays, history keeps a pseudonym) and two-factor
// sign-in required by role.
#include "admin_fixture.hpp"

#include <algorithm>

#include "auth/totp.hpp"
#include "auth/two_factor.hpp"

namespace lo::test {
namespace {

class AdminAccounts : public AdminTest {
protected:
    AdminAccounts() {
        admin_id_ = add_user("admin@example.org", auth::Role::Admin);
        editor_id_ = add_user("editor@example.org", auth::Role::Editor);
        admin_ = sign_in("admin@example.org");
    }

    http::Response act(const std::string& user_id, const std::string& action) {
        return submit("/admin/users/" + user_id + "/edit", "/admin/users/" + user_id + "/" + action,
                      {}, admin_);
    }

    std::string admin_id_, editor_id_;
    Browser admin_;
};

TEST_F(AdminAccounts, DeactivatingEndsEverySessionAtOnceAndStopsSignIn) {
    auto editor = sign_in("editor@example.org");
    auto editor_elsewhere = sign_in("editor@example.org");
    ASSERT_EQ(get("/admin/services", editor).status, 200);

    const auto res = act(editor_id_, "deactivate");
    EXPECT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(res.header("Location"), "/admin/users/" + editor_id_ + "/edit?done=deactivated");

    for (const auto& b : {editor, editor_elsewhere})
        EXPECT_EQ(get("/admin/services", b).status, 303) << "the session must end at once";
    Browser again;
    const auto refused = submit("/admin/sign-in", "/admin/sign-in",
                                {{"email", "editor@example.org"}, {"password", kPassword}}, again);
    EXPECT_NE(refused.status, 303);
    const auto page = get("/admin/users", admin_);
    EXPECT_TRUE(contains(page.body, "Deactivated")) << page.body;
    const auto audit = store_->audit().recent(10);
    EXPECT_TRUE(std::any_of(audit.begin(), audit.end(),
                            [](const auto& e) { return e.action == "user_deactivated"; }));
}

TEST_F(AdminAccounts, ReactivatingLetsThePersonSignInAgain) {
    ASSERT_EQ(act(editor_id_, "deactivate").status, 303);
    const auto res = act(editor_id_, "reactivate");
    EXPECT_EQ(res.status, 303) << res.body;
    sign_in("editor@example.org");
    EXPECT_EQ(store_->audit().recent(2).at(1).action, "user_reactivated");
}

TEST_F(AdminAccounts, TheLastActiveAdministratorCannotBeDeactivatedOrDeleted) {
    for (const auto* action : {"deactivate", "delete"}) {
        const auto res = act(admin_id_, action);
        EXPECT_EQ(res.status, 409) << action;
        EXPECT_TRUE(contains(res.body,
                             "admin@example.org is the only active administrator. Make another "
                             "account an administrator first, so someone can still manage "
                             "accounts."))
            << res.body;
    }
    EXPECT_TRUE(store_->users().find(admin_id_)->active);
    EXPECT_EQ(get("/admin/users", admin_).status, 200) << "still signed in";
}

TEST_F(AdminAccounts, DeletingKeepsHistoryUnderAPseudonym) {
    auto editor = sign_in("editor@example.org");
    const auto org = add_organisation("Sunflower Group");
    const auto service = add_service("Sunflower Playgroup", org);
    domain::ServiceVersion version;
    version.service_id = service.id;
    version.number = store_->service_versions().latest_number(service.id) + 1;
    version.snapshot = service;
    version.user_id = editor_id_;
    version.user_email = "editor@example.org";
    version.at = "2026-01-02T03:04:05Z";
    store_->service_versions().append(version);

    const auto res = act(editor_id_, "delete");
    EXPECT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(res.header("Location"), "/admin/users?deleted=Former%20editor%201");
    EXPECT_FALSE(store_->users().find(editor_id_));
    EXPECT_EQ(get("/admin/services", editor).status, 303);

    const auto users = get("/admin/users?deleted=Former%20editor%201", admin_);
    EXPECT_FALSE(contains(users.body, "editor@example.org")) << users.body;
    EXPECT_TRUE(contains(users.body, "Former editor 1"));
    for (const auto& e : store_->audit().recent(100)) {
        EXPECT_FALSE(contains(e.actor_email + e.subject + e.detail, "editor@example.org"))
            << e.action;
    }
    for (const auto& v : store_->service_versions().list(service.id))
        EXPECT_FALSE(contains(v.user_email, "editor@example.org"));
}

TEST_F(AdminAccounts, AnAccountThatMustUseTwoFactorIsSentToSetItUpFirst) {
    site_.require_two_factor = {auth::Role::Admin, auth::Role::Editor};
    auto editor = sign_in("editor@example.org");
    const auto res = get("/admin/services", editor);
    EXPECT_EQ(res.status, 303);
    EXPECT_EQ(res.header("Location"), "/admin/account/two-factor?required=1");
    const auto page = get("/admin/account/two-factor?required=1", editor);
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body,
                         "Your council requires two-factor sign-in for your role. Set it up "
                         "before you use the admin."))
        << page.body;

    auth::TwoFactor two_factor(*store_);
    const auto user = *store_->users().find(editor_id_);
    const auto secret = two_factor.begin_setup(user);
    ASSERT_TRUE(secret);
    ASSERT_TRUE(two_factor.confirm_setup(
        user, auth::totp::code_at(*auth::totp::base32_decode(*secret), auth::now_seconds()), {},
        auth::now_seconds()));
    EXPECT_EQ(get("/admin/services", editor).status, 200);
}

TEST_F(AdminAccounts, RolesNotRequiredToUseTwoFactorAreNotAsked) {
    site_.require_two_factor = {auth::Role::Admin};
    auto editor = sign_in("editor@example.org");
    EXPECT_EQ(get("/admin/services", editor).status, 200);
}

}  // namespace
}  // namespace lo::test
