// Smaller findings of issue 15 in the admin: an anonymous "forgot password" must not cancel a
// new user's invitation, and what was typed into the e-mail box of a failed sign-in (often a
// password) is neither shown to admins nor stored when it names no account.
#include "admin_fixture.hpp"

namespace lo::test {
namespace {

class AdminTrust : public AdminTest {};

TEST_F(AdminTrust, AnAnonymousForgotPasswordLeavesANewUsersInvitationWorking) {
    auth::Accounts accounts(*store_);
    const auto invitation = accounts.add_user("new.starter@example.org", auth::Role::Editor, {}, {},
                                              auth::now_seconds());
    Browser stranger;
    const auto asked = submit("/admin/forgot-password", "/admin/forgot-password",
                              {{"email", "new.starter@example.org"}}, stranger);
    ASSERT_EQ(asked.status, 200) << asked.body;
    const auto link = get("/admin/set-password?token=" + invitation.token);
    EXPECT_EQ(link.status, 200) << "the invitation still works";
}

TEST_F(AdminTrust, AFailedSignInDoesNotRecordWhatWasTypedUnlessItNamesAnAccount) {
    add_user("admin@example.org", auth::Role::Admin);
    Browser typo;
    const auto failed = submit("/admin/sign-in", "/admin/sign-in",
                               {{"email", "Tr0ub4dor&3-horse"}, {"password", "x"}}, typo);
    EXPECT_NE(failed.status, 303);
    submit("/admin/sign-in", "/admin/sign-in",
           {{"email", "admin@example.org"}, {"password", "not the password"}}, typo);
    auto admin = sign_in("admin@example.org");
    const auto page = get("/admin/users", admin);
    ASSERT_EQ(page.status, 200);
    EXPECT_FALSE(contains(page.body, "Tr0ub4dor")) << "never shown";
    EXPECT_TRUE(contains(page.body, "an address with no account"));
    for (const auto& e : store_->audit().recent(50)) {
        EXPECT_EQ(e.subject.find("Tr0ub4dor"), std::string::npos) << "never stored: " << e.action;
        EXPECT_EQ(e.actor_email.find("Tr0ub4dor"), std::string::npos) << e.action;
    }
}

}  // namespace
}  // namespace lo::test
