// Sign-in, sessions, CSRF, lockout, set-password links and who may reach which admin route.
#include "admin_fixture.hpp"

#include "auth/crypto.hpp"
#include "auth/form_token.hpp"
#include "http/url.hpp"

namespace lo::test {
namespace {

struct Route {
    const char* method;
    const char* target;
};

// Every admin route behind sign-in, with a made-up id where the path needs one.
const Route kGuardedRoutes[] = {
    {"GET", "/admin"},
    {"GET", "/admin/services"},
    {"GET", "/admin/services/new"},
    {"POST", "/admin/services"},
    {"GET", "/admin/services/3f2504e0-4f89-41d3-9a0c-0305e82c3301/edit"},
    {"POST", "/admin/services/3f2504e0-4f89-41d3-9a0c-0305e82c3301"},
    {"GET", "/admin/organisations"},
    {"GET", "/admin/organisations/new"},
    {"POST", "/admin/organisations"},
    {"GET", "/admin/organisations/3f2504e0-4f89-41d3-9a0c-0305e82c3301/edit"},
    {"POST", "/admin/organisations/3f2504e0-4f89-41d3-9a0c-0305e82c3301"},
    {"GET", "/admin/users"},
    {"GET", "/admin/users/new"},
    {"POST", "/admin/users"},
    {"GET", "/admin/users/3f2504e0-4f89-41d3-9a0c-0305e82c3301/edit"},
    {"POST", "/admin/users/3f2504e0-4f89-41d3-9a0c-0305e82c3301"},
    {"POST", "/admin/users/3f2504e0-4f89-41d3-9a0c-0305e82c3301/reset-link"},
    {"POST", "/admin/sign-out"},
    {"GET", "/admin/feedback"},
    {"GET", "/admin/feedback/3f2504e0-4f89-41d3-9a0c-0305e82c3301"},
    {"POST", "/admin/feedback/3f2504e0-4f89-41d3-9a0c-0305e82c3301"},
    {"GET", "/admin/account/two-factor"},
    {"POST", "/admin/account/two-factor/setup"},
    {"POST", "/admin/account/two-factor/confirm"},
    {"POST", "/admin/account/two-factor/disable"},
    {"POST", "/admin/users/3f2504e0-4f89-41d3-9a0c-0305e82c3301/two-factor/reset"},
};

class AdminAuth : public AdminTest {};

TEST_F(AdminAuth, SignedOutRequestsAreRedirectedToSignIn) {
    Browser stranger{auth::random_token()};  // a made-up session id is no better than none
    for (const auto& browser : {Browser{}, stranger}) {
        for (const auto& r : kGuardedRoutes) {
            const auto res = std::string(r.method) == "GET" ? get(r.target, browser)
                                                            : post(r.target, {}, browser);
            EXPECT_EQ(res.status, 303) << r.method << " " << r.target;
            const std::string location(res.header("Location"));
            if (std::string(r.method) == "GET")
                EXPECT_EQ(location, "/admin/sign-in?next=" + http::percent_encode(r.target))
                    << r.target;
            else
                EXPECT_EQ(location, "/admin/sign-in") << r.target;
            EXPECT_EQ(res.header("Cache-Control"), "no-store");
        }
    }
}

TEST_F(AdminAuth, SignInPageSetsASessionCookieThatIsHttpOnlyAndLax) {
    const auto res = get("/admin/sign-in");
    EXPECT_EQ(res.status, 200);
    const std::string cookie(res.header("Set-Cookie"));
    EXPECT_TRUE(cookie.starts_with("lo_session=")) << cookie;
    EXPECT_TRUE(contains(cookie, "; Path=/; HttpOnly; SameSite=Lax")) << cookie;
    EXPECT_FALSE(contains(cookie, "Secure")) << "plain http in development";
    // A signed double-submit token for the cookie's random id: no session row is written.
    const auto id = set_cookie_session(res);
    EXPECT_EQ(csrf_token_in(res.body), auth::form_token_for(id));
    EXPECT_FALSE(store_->sessions().find(auth::hash_token(id)));
    EXPECT_TRUE(contains(res.body, "<h1 class=\"govuk-heading-l\">Sign in</h1>"));
}

TEST_F(AdminAuth, CookieIsSecureAndHostPrefixedWhenServedOverHttps) {
    site_.base_url = "https://localoffer.example.gov.uk";
    const std::string cookie(get("/admin/sign-in").header("Set-Cookie"));
    EXPECT_TRUE(cookie.starts_with("__Host-lo_session=")) << cookie;
    EXPECT_TRUE(contains(cookie, "; Secure")) << cookie;
}

TEST_F(AdminAuth, SigningInRenewsTheSessionId) {
    add_user("editor@example.org", auth::Role::Editor);
    Browser browser;
    const auto page = get("/admin/sign-in?next=/admin/services", browser);
    browser.session = set_cookie_session(page);
    const auto before = browser.session;
    const auto res = post("/admin/sign-in",
                          {{"email", "Editor@Example.org"},
                           {"password", kPassword},
                           {"next", "/admin/services"},
                           {"csrf_token", csrf_token_in(page.body)}},
                          browser);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(res.header("Location"), "/admin/services");
    const auto after = set_cookie_session(res);
    EXPECT_EQ(after.size(), 64u);
    EXPECT_NE(after, before);
    EXPECT_EQ(get("/admin", Browser{before}).status, 303)
        << "the pre-sign-in id does not sign you in";
    EXPECT_EQ(get("/admin", Browser{after}).status, 200);
}

TEST_F(AdminAuth, SignInNeverRedirectsAwayFromTheAdmin) {
    add_user("editor@example.org", auth::Role::Editor);
    for (const char* next :
         {"https://evil.example", "//evil.example/admin", "/admin//evil", "/\\evil"}) {
        Browser browser;
        const auto res = submit(
            "/admin/sign-in", "/admin/sign-in",
            {{"email", "editor@example.org"}, {"password", kPassword}, {"next", next}}, browser);
        EXPECT_EQ(res.header("Location"), "/admin") << next;
    }
}

TEST_F(AdminAuth, WrongPasswordShowsTheErrorSummary) {
    add_user("editor@example.org", auth::Role::Editor);
    Browser browser;
    const auto res =
        submit("/admin/sign-in", "/admin/sign-in",
               {{"email", "editor@example.org"}, {"password", "not my password"}}, browser);
    EXPECT_EQ(res.status, 401);
    EXPECT_TRUE(contains(res.body, "There is a problem"));
    EXPECT_TRUE(contains(res.body,
                         "<a href=\"#email\">The e-mail address or password is not right. "
                         "Check them and try again.</a>"));
    EXPECT_TRUE(contains(res.body, "value=\"editor@example.org\"")) << "keeps what was typed";
    EXPECT_FALSE(contains(res.body, "not my password"));
    EXPECT_TRUE(set_cookie_session(res).empty()) << "not signed in";
}

TEST_F(AdminAuth, EmptyFieldsAre422WithALinkToEachField) {
    Browser browser;
    const auto res =
        submit("/admin/sign-in", "/admin/sign-in", {{"email", ""}, {"password", ""}}, browser);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "<a href=\"#email\">Enter your e-mail address</a>"));
    EXPECT_TRUE(contains(res.body, "<a href=\"#password\">Enter your password</a>"));
    EXPECT_TRUE(contains(res.body, "<title>Error: Sign in"));
}

TEST_F(AdminAuth, RepeatedFailuresLockTheAccountWithAClearMessage) {
    add_user("editor@example.org", auth::Role::Editor);
    Browser browser;
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(submit("/admin/sign-in", "/admin/sign-in",
                         {{"email", "editor@example.org"},
                          {"password", "guess number " + std::to_string(i)}},
                         browser)
                      .status,
                  401);
    auto res = submit("/admin/sign-in", "/admin/sign-in",
                      {{"email", "editor@example.org"}, {"password", "guess number 5"}}, browser);
    EXPECT_EQ(res.status, 429);
    EXPECT_TRUE(contains(res.body,
                         "You have tried to sign in too many times. Wait 15 minutes, then "
                         "try again. If you have forgotten your password, ask a Local Offer "
                         "administrator for a reset link."))
        << res.body;
    res = submit("/admin/sign-in", "/admin/sign-in",
                 {{"email", "editor@example.org"}, {"password", kPassword}}, browser);
    EXPECT_EQ(res.status, 429) << "the right password waits too";
}

TEST_F(AdminAuth, FormsWithoutTheSessionsCsrfTokenAreRefused) {
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    const auto other = auth::csrf_token_for(auth::random_token());
    for (const auto& token : {std::string(), other, std::string("x")}) {
        Form form{{"name", "Sneaky"}, {"organisation_id", "x"}, {"status", "active"}};
        if (!token.empty()) form.push_back({"csrf_token", token});
        const auto res = post("/admin/services", form, editor);
        EXPECT_EQ(res.status, 403) << token;
        EXPECT_TRUE(contains(res.body,
                             "This form has expired or did not come from this website. Go "
                             "back, reload the page and try again."));
    }
    const auto out = post("/admin/sign-out", {}, editor);
    EXPECT_EQ(out.status, 403) << "signing out needs the token too";

    // Before sign-in: the sign-in form is tied to its cookie (a signed double-submit token).
    Browser browser;
    const auto page = get("/admin/sign-in");
    browser.session = set_cookie_session(page);
    const auto res =
        post("/admin/sign-in", {{"email", "editor@example.org"}, {"password", kPassword}}, browser);
    EXPECT_EQ(res.status, 403);
    EXPECT_TRUE(contains(res.body, "Enter your details again"));
}

TEST_F(AdminAuth, SignOutEndsTheSession) {
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    const auto token = csrf_token_in(get("/admin", editor).body);
    const auto res = post("/admin/sign-out", {{"csrf_token", token}}, editor);
    EXPECT_EQ(res.status, 303);
    EXPECT_EQ(res.header("Location"), "/admin/sign-in?signed_out=1");
    EXPECT_TRUE(contains(std::string(res.header("Set-Cookie")), "Max-Age=0"));
    EXPECT_EQ(get("/admin", editor).status, 303);
}

TEST_F(AdminAuth, EditorsCannotManageUsers) {
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    const auto csrf = csrf_token_in(get("/admin", editor).body);
    const auto victim =
        add_user("victim@example.org", auth::Role::Provider, {add_organisation("Org")});
    EXPECT_EQ(get("/admin/users", editor).status, 403);
    EXPECT_EQ(get("/admin/users/new", editor).status, 403);
    EXPECT_EQ(get("/admin/users/" + victim + "/edit", editor).status, 403);
    const auto add =
        post("/admin/users",
             {{"email", "new@example.org"}, {"role", "admin"}, {"csrf_token", csrf}}, editor);
    EXPECT_EQ(add.status, 403);
    EXPECT_TRUE(contains(add.body, "You do not have permission to see or change this."));
    EXPECT_FALSE(store_->users().find_by_email("new@example.org"));
    EXPECT_EQ(
        post("/admin/users/" + victim, {{"role", "admin"}, {"csrf_token", csrf}}, editor).status,
        403);
    EXPECT_EQ(store_->users().find(victim)->role, auth::Role::Provider);
    EXPECT_EQ(post("/admin/users/" + victim + "/reset-link", {{"csrf_token", csrf}}, editor).status,
              403);
    EXPECT_FALSE(contains(get("/admin", editor).body, "href=\"/admin/users\"")) << "no link either";
}

TEST_F(AdminAuth, ProvidersCannotReachEditorPages) {
    const auto org = add_organisation("Oxford Children's Health");
    add_user("provider@example.org", auth::Role::Provider, {org});
    auto provider = sign_in("provider@example.org");
    const auto csrf = csrf_token_in(get("/admin", provider).body);
    EXPECT_EQ(get("/admin/users", provider).status, 403);
    EXPECT_EQ(get("/admin/organisations", provider).status, 403);
    EXPECT_EQ(get("/admin/organisations/" + org + "/edit", provider).status, 403);
    EXPECT_EQ(
        post("/admin/organisations/" + org, {{"name", "Renamed"}, {"csrf_token", csrf}}, provider)
            .status,
        403);
    // A provider may propose a new service; it waits for an editor (admin_moderation_test.cpp).
    EXPECT_TRUE(contains(get("/admin/services/new", provider).body, "Propose a new service"));
    EXPECT_EQ(
        post(
            "/admin/services",
            {{"name", "New"}, {"organisation_id", org}, {"status", "active"}, {"csrf_token", csrf}},
            provider)
            .status,
        303);
    EXPECT_EQ(store_->services().count({}), 0) << "nothing is published";
    EXPECT_EQ(store_->organisations().find(org)->name, "Oxford Children's Health");
}

TEST_F(AdminAuth, AdministratorAddsAUserAndTheLinkSetsThePasswordOnce) {
    add_user("admin@example.org", auth::Role::Admin);
    auto admin = sign_in("admin@example.org");
    const auto org = add_organisation("Banbury Play");
    const auto res = submit(
        "/admin/users/new", "/admin/users",
        {{"email", "Pat@Example.org"}, {"role", "provider"}, {"organisation_ids", org}}, admin);
    ASSERT_EQ(res.status, 201) << res.body;
    const auto at = res.body.find("/admin/set-password?token=");
    ASSERT_NE(at, std::string::npos);
    const auto token = res.body.substr(at + 26, 64);
    EXPECT_EQ(store_->users().find_by_email("pat@example.org")->organisation_ids,
              std::vector<std::string>{org});
    EXPECT_FALSE(contains(get("/admin/users", admin).body, token)) << "shown once";

    Browser pat;
    const auto form = get("/admin/set-password?token=" + token, pat);
    ASSERT_EQ(form.status, 200);
    EXPECT_TRUE(contains(form.body, "Create your password"));
    pat.session = set_cookie_session(form);
    const auto csrf = csrf_token_in(form.body);
    auto bad = post("/admin/set-password",
                    {{"token", token},
                     {"password", "short"},
                     {"password_confirmation", "short"},
                     {"csrf_token", csrf}},
                    pat);
    EXPECT_EQ(bad.status, 422);
    EXPECT_TRUE(
        contains(bad.body, "<a href=\"#password\">Password must be 12 characters or more."));
    bad = post("/admin/set-password",
               {{"token", token},
                {"password", kPassword},
                {"password_confirmation", "something else"},
                {"csrf_token", csrf}},
               pat);
    EXPECT_TRUE(
        contains(bad.body, "<a href=\"#password_confirmation\">The passwords do not match."));
    const auto ok = post("/admin/set-password",
                         {{"token", token},
                          {"password", kPassword},
                          {"password_confirmation", kPassword},
                          {"csrf_token", csrf}},
                         pat);
    EXPECT_EQ(ok.status, 303);
    EXPECT_EQ(ok.header("Location"), "/admin/sign-in?password=set");
    const auto reused = get("/admin/set-password?token=" + token);
    EXPECT_EQ(reused.status, 410);
    EXPECT_TRUE(contains(reused.body, "This link has already been used"));
    sign_in("pat@example.org");

    const auto log = store_->audit().recent(10);
    std::vector<std::string> actions;
    for (const auto& e : log) actions.push_back(e.action);
    EXPECT_NE(std::find(actions.begin(), actions.end(), "user_added"), actions.end());
    EXPECT_NE(std::find(actions.begin(), actions.end(), "password_set"), actions.end());
}

TEST_F(AdminAuth, ExpiredAndWrongLinksSayWhatToDo) {
    const auto wrong = get("/admin/set-password?token=" + auth::random_token());
    EXPECT_EQ(wrong.status, 404);
    EXPECT_TRUE(contains(wrong.body, "Check you copied the entire link"));
    auth::Accounts accounts(*store_);
    const auto inv = accounts.add_user("late@example.org", auth::Role::Editor, {}, {},
                                       auth::now_seconds() - 8 * 24 * 3600);
    const auto expired = get("/admin/set-password?token=" + inv.token);
    EXPECT_EQ(expired.status, 410);
    EXPECT_TRUE(contains(expired.body, "This link has expired"));
}

TEST_F(AdminAuth, AdminResponsesAreNeverCached) {
    add_user("editor@example.org", auth::Role::Editor);
    auto editor = sign_in("editor@example.org");
    EXPECT_EQ(get("/admin", editor).header("Cache-Control"), "no-store");
    EXPECT_EQ(get("/admin/sign-in").header("Cache-Control"), "no-store");
}

TEST_F(AdminAuth, NoPasswordsTokensOrSessionIdsInTheLogs) {
    testing::internal::CaptureStderr();
    testing::internal::CaptureStdout();
    add_user("editor@example.org", auth::Role::Editor);
    Browser browser;
    submit("/admin/sign-in", "/admin/sign-in",
           {{"email", "editor@example.org"}, {"password", "wrong horse battery"}}, browser);
    auto editor = sign_in("editor@example.org");
    post("/admin/services", {{"csrf_token", "bad"}}, editor);  // a 403 with a log detail
    get("/admin/users", editor);                               // a 403 with a log detail
    const auto logged =
        testing::internal::GetCapturedStderr() + testing::internal::GetCapturedStdout();
    EXPECT_FALSE(contains(logged, kPassword));
    EXPECT_FALSE(contains(logged, "wrong horse battery"));
    EXPECT_FALSE(contains(logged, editor.session));
    EXPECT_FALSE(contains(logged, auth::csrf_token_for(editor.session)));
    EXPECT_FALSE(contains(logged, auth::hash_token(editor.session)));
}

}  // namespace
}  // namespace lo::test
