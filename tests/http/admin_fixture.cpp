// The admin test fixture (admin_fixture.hpp).
#include "admin_fixture.hpp"

#include <fstream>
#include <random>
#include <regex>

#include "app/routes.hpp"
#include "domain/ids.hpp"
#include "http/url.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::test {
namespace fs = std::filesystem;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

AdminTest::AdminTest() {
    std::random_device rd;
    dir_ = fs::temp_directory_path() /
           ("lo-admin-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(dir_ / "static" / "dist");
    std::ofstream(dir_ / "static" / "dist" / "manifest.json")
        << R"({"app.css": "app.0123abcd.css"})";
    store_ = storage::sqlite::open_store((dir_ / "data").string());
    views_ = std::make_unique<views::Views>(std::string(LO_SOURCE_DIR) + "/templates",
                                            (dir_ / "static").string());
    ctx_ = std::make_unique<web::Context>(
        web::Context{*store_, *views_, site_, (dir_ / "static").string()});
    app::register_routes(router_, *ctx_);
}

AdminTest::~AdminTest() {
    ctx_.reset();
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

namespace {

http::Request make(const std::string& method, const std::string& target, const Browser& browser) {
    auto req = http::make_request(method, target);
    req.remote_address = "192.0.2.10";
    if (!browser.session.empty())
        req.headers.push_back({"Cookie", "theme=x; lo_session=" + browser.session});
    return req;
}

}  // namespace

http::Response AdminTest::get(const std::string& target, const Browser& browser) {
    return router_.dispatch(make("GET", target, browser));
}

http::Response AdminTest::post(const std::string& target,
                               const Form& form,
                               const Browser& browser) {
    auto req = make("POST", target, browser);
    req.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    for (const auto& [k, v] : form) {
        if (!req.body.empty()) req.body += '&';
        req.body += http::percent_encode(k) + "=" + http::percent_encode(v);
    }
    return router_.dispatch(std::move(req));
}

http::Response AdminTest::submit(const std::string& form_page,
                                 const std::string& action,
                                 Form form,
                                 Browser& browser) {
    const auto page = get(form_page, browser);
    EXPECT_EQ(page.status, 200) << form_page;
    if (auto id = set_cookie_session(page); !id.empty()) browser.session = id;
    form.push_back({"csrf_token", csrf_token_in(page.body)});
    auto res = post(action, form, browser);
    if (auto id = set_cookie_session(res); !id.empty()) browser.session = id;
    return res;
}

std::string AdminTest::add_user(const std::string& email,
                                auth::Role role,
                                std::vector<std::string> organisations) {
    auth::Accounts accounts(*store_);
    const auto now = auth::now_seconds();
    const auto inv = accounts.add_user(email, role, std::move(organisations), {}, now);
    EXPECT_EQ(accounts.set_password(inv.token, kPassword, "", now), auth::TokenState::Valid);
    return inv.user.id;
}

Browser AdminTest::sign_in(const std::string& email, const std::string& password) {
    Browser browser;
    const auto res = submit("/admin/sign-in", "/admin/sign-in",
                            {{"email", email}, {"password", password}}, browser);
    EXPECT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(res.header("Location"), "/admin");
    return browser;
}

std::string AdminTest::add_organisation(const std::string& name) {
    domain::Organisation o;
    o.id = domain::new_uuid();
    o.name = name;
    store_->organisations().save(o);
    return o.id;
}

domain::Service AdminTest::add_service(const std::string& name,
                                       const std::string& organisation_id) {
    domain::Service s;
    s.id = domain::new_uuid();
    s.name = name;
    s.organisation_id = organisation_id;
    store_->services().save(s);
    return *store_->services().find(s.id);
}

std::string AdminTest::set_cookie_session(const http::Response& res) {
    for (const auto& [name, value] : res.headers) {
        if (name != "Set-Cookie" || !value.starts_with("lo_session=")) continue;
        const auto end = value.find(';');
        return value.substr(11, end - 11);
    }
    return {};
}

std::string AdminTest::csrf_token_in(const std::string& body) {
    static const std::regex re(R"re(name="csrf_token" value="([0-9a-f]{64})")re");
    std::smatch m;
    if (std::regex_search(body, m, re)) return m[1];
    return {};
}

}  // namespace lo::test
