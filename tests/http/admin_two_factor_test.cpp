// Optional two-factor sign-in: set-up with a confirming code, the code step after the password,
// wrong and reused codes, lockout, recovery codes, turning it off and an administrator's reset.
#include "admin_fixture.hpp"

#include <regex>

#include "auth/crypto.hpp"
#include "auth/totp.hpp"
#include "auth/two_factor.hpp"

namespace lo::test {
namespace {

class AdminTwoFactor : public AdminTest {
protected:
    AdminTwoFactor() { editor_id_ = add_user("editor@example.org", auth::Role::Editor); }

    // The key shown on the set-up page, without the spaces between groups.
    static std::string secret_in(const std::string& body) {
        static const std::regex re(R"re(id="secret">([A-Z2-7 ]+)</p>)re");
        std::smatch m;
        if (!std::regex_search(body, m, re)) return {};
        std::string out;
        for (char c : std::string(m[1]))
            if (c != ' ') out += c;
        return out;
    }

    static std::string code(const std::string& secret, std::int64_t offset_seconds = 0) {
        return auth::totp::code_at(*auth::totp::base32_decode(secret),
                                   auth::now_seconds() + offset_seconds);
    }

    // Turns two-factor sign-in on for the editor; returns the secret and the recovery codes.
    std::pair<std::string, std::vector<std::string>> enable() {
        auto browser = sign_in("editor@example.org");
        EXPECT_EQ(
            submit("/admin/account/two-factor", "/admin/account/two-factor/setup", {}, browser)
                .header("Location"),
            "/admin/account/two-factor");
        const auto page = get("/admin/account/two-factor", browser);
        const auto secret = secret_in(page.body);
        EXPECT_EQ(secret.size(), 32u);
        EXPECT_TRUE(contains(page.body, "otpauth://totp/"));
        const auto res = submit("/admin/account/two-factor", "/admin/account/two-factor/confirm",
                                {{"code", code(secret)}}, browser);
        EXPECT_EQ(res.status, 200);
        EXPECT_TRUE(contains(res.body, "This is the only time you will see these codes"));
        std::vector<std::string> codes;
        static const std::regex re(R"re(<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>)re");
        for (auto it = std::sregex_iterator(res.body.begin(), res.body.end(), re);
             it != std::sregex_iterator(); ++it)
            codes.push_back((*it)[1]);
        EXPECT_EQ(codes.size(), 10u);
        return {secret, codes};
    }

    // The password step; the browser then holds the code step's session.
    http::Response password_step(Browser& browser, const std::string& password = kPassword) {
        return submit("/admin/sign-in", "/admin/sign-in",
                      {{"email", "editor@example.org"}, {"password", password}}, browser);
    }

    std::string editor_id_;
};

TEST_F(AdminTwoFactor, SetUpNeedsAConfirmingCodeAndIsAudited) {
    auto browser = sign_in("editor@example.org");
    auto page = get("/admin/account/two-factor", browser);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Set up two-factor sign-in"));
    submit("/admin/account/two-factor", "/admin/account/two-factor/setup", {}, browser);
    const auto secret = secret_in(get("/admin/account/two-factor", browser).body);
    auto res = submit("/admin/account/two-factor", "/admin/account/two-factor/confirm",
                      {{"code", "000000"}}, browser);
    if (code(secret) != "000000") {
        EXPECT_EQ(res.status, 422);
        EXPECT_TRUE(contains(res.body, "The code is not right."));
    }
    EXPECT_FALSE(auth::TwoFactor(*store_).enabled(editor_id_));
    res = submit("/admin/account/two-factor", "/admin/account/two-factor/confirm",
                 {{"code", code(secret)}}, browser);
    EXPECT_EQ(res.status, 200);
    EXPECT_TRUE(auth::TwoFactor(*store_).enabled(editor_id_));
    EXPECT_EQ(store_->audit().recent(1)[0].action, "two_factor_enabled");
    EXPECT_TRUE(contains(get("/admin/account/two-factor", browser).body,
                         "You have 10 unused recovery codes."));
    // The secret is never shown again once it is on.
    EXPECT_FALSE(
        contains(get("/admin/account/two-factor", browser).body, secret.substr(0, 4) + " "));
}

TEST_F(AdminTwoFactor, SignInAsksForTheCodeAfterThePassword) {
    const auto [secret, codes] = enable();
    Browser browser;
    auto res = password_step(browser);
    EXPECT_EQ(res.status, 303);
    EXPECT_EQ(res.header("Location"), "/admin/sign-in/code");
    const auto code_session = browser.session;
    EXPECT_FALSE(code_session.empty());
    // The password alone does not sign in.
    EXPECT_EQ(get("/admin", browser).status, 303);
    auto page = get("/admin/sign-in/code", browser);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Enter your code"));
    // The code step has its own CSRF token: the sign-in page's token is refused.
    EXPECT_EQ(post("/admin/sign-in/code",
                   {{"code", code(secret, 30)}, {"csrf_token", auth::random_token()}}, browser)
                  .status,
              403);
    res =
        submit("/admin/sign-in/code", "/admin/sign-in/code", {{"code", code(secret, 30)}}, browser);
    EXPECT_EQ(res.status, 303);
    EXPECT_EQ(res.header("Location"), "/admin");
    EXPECT_NE(browser.session, code_session);
    EXPECT_EQ(get("/admin", browser).status, 200);
    EXPECT_EQ(store_->audit().recent(1)[0].detail, "with a two-factor code");

    // The same code again, in another browser: refused as used.
    Browser second;
    password_step(second);
    res =
        submit("/admin/sign-in/code", "/admin/sign-in/code", {{"code", code(secret, 30)}}, second);
    EXPECT_EQ(res.status, 401);
    EXPECT_TRUE(contains(res.body, "That code has already been used."));
    EXPECT_EQ(get("/admin", second).status, 303);
}

TEST_F(AdminTwoFactor, AccountsWithoutItSignInWithThePasswordAlone) {
    add_user("other@example.org", auth::Role::Provider, {add_organisation("Oak Trust")});
    enable();
    auto browser = sign_in("other@example.org");  // asserts 303 to /admin
    EXPECT_EQ(get("/admin", browser).status, 200);
    EXPECT_EQ(get("/admin/sign-in/code").header("Location"), "/admin/sign-in");
}

TEST_F(AdminTwoFactor, WrongCodesCountTowardsLockout) {
    enable();
    Browser browser;
    password_step(browser);
    for (int i = 0; i < 4; ++i) {
        const auto res =
            submit("/admin/sign-in/code", "/admin/sign-in/code", {{"code", "abcdef"}}, browser);
        EXPECT_EQ(res.status, 401) << i;
        EXPECT_TRUE(contains(res.body, "The code is not right."));
    }
    const auto res =
        submit("/admin/sign-in/code", "/admin/sign-in/code", {{"code", "abcdef"}}, browser);
    EXPECT_EQ(res.status, 429);
    EXPECT_TRUE(contains(res.body, "You have tried to sign in too many times. Wait 15 minutes"));
    // The waiting sign-in is gone, and the password is refused while locked.
    EXPECT_EQ(get("/admin/sign-in/code", browser).header("Location"), "/admin/sign-in");
    Browser again;
    EXPECT_EQ(password_step(again).status, 429);
}

TEST_F(AdminTwoFactor, ARecoveryCodeWorksOnce) {
    const auto [secret, codes] = enable();
    Browser browser;
    password_step(browser);
    auto upper = codes[3];
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto res = submit("/admin/sign-in/code", "/admin/sign-in/code", {{"code", upper}}, browser);
    EXPECT_EQ(res.status, 303);
    EXPECT_EQ(store_->audit().recent(1)[0].detail, "with a recovery code");
    EXPECT_EQ(auth::TwoFactor(*store_).recovery_codes_left(editor_id_), 9);
    Browser second;
    password_step(second);
    res = submit("/admin/sign-in/code", "/admin/sign-in/code", {{"code", codes[3]}}, second);
    EXPECT_EQ(res.status, 401);
}

TEST_F(AdminTwoFactor, ThePersonCanTurnItOffWithACode) {
    const auto [secret, codes] = enable();
    Browser browser;
    password_step(browser);
    submit("/admin/sign-in/code", "/admin/sign-in/code", {{"code", codes[0]}}, browser);
    auto res = submit("/admin/account/two-factor", "/admin/account/two-factor/disable",
                      {{"code", "123"}}, browser);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(auth::TwoFactor(*store_).enabled(editor_id_));
    res = submit("/admin/account/two-factor", "/admin/account/two-factor/disable",
                 {{"code", codes[1]}}, browser);
    EXPECT_EQ(res.header("Location"), "/admin/account/two-factor?off=1");
    EXPECT_FALSE(auth::TwoFactor(*store_).enabled(editor_id_));
    EXPECT_EQ(store_->audit().recent(1)[0].action, "two_factor_disabled");
    sign_in("editor@example.org");  // the password alone again
}

TEST_F(AdminTwoFactor, AnAdministratorCanResetIt) {
    enable();
    add_user("admin@example.org", auth::Role::Admin);
    auto admin = sign_in("admin@example.org");
    const auto edit = "/admin/users/" + editor_id_ + "/edit";
    EXPECT_TRUE(contains(get(edit, admin).body, "Turn off two-factor sign-in"));
    auto res = submit(edit, "/admin/users/" + editor_id_ + "/two-factor/reset", {}, admin);
    EXPECT_EQ(res.header("Location"), edit + "?two_factor=reset");
    EXPECT_FALSE(auth::TwoFactor(*store_).enabled(editor_id_));
    const auto entry = store_->audit().recent(1)[0];
    EXPECT_EQ(entry.action, "two_factor_reset");
    EXPECT_EQ(entry.subject, "editor@example.org");
    EXPECT_EQ(entry.actor_email, "admin@example.org");
    sign_in("editor@example.org");
    // Editors cannot reset anyone's.
    auto editor = sign_in("editor@example.org");
    EXPECT_EQ(post("/admin/users/" + editor_id_ + "/two-factor/reset",
                   {{"csrf_token", csrf_token_in(get("/admin", editor).body)}}, editor)
                  .status,
              403);
}

}  // namespace
}  // namespace lo::test
