// Fixture for the admin handler tests: a fresh store, the real templates and the real route
// table (app/routes.cpp), with helpers to add accounts, sign in and post forms like a browser.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "auth/accounts.hpp"
#include "domain/model.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "storage/store.hpp"
#include "views/views.hpp"
#include "web/context.hpp"

namespace lo::test {

inline constexpr const char* kPassword = "purple monkey dishwasher";

using Form = std::vector<std::pair<std::string, std::string>>;

// A browser's cookie jar for one person.
struct Browser {
    std::string session;  // raw session id from Set-Cookie
};

class AdminTest : public testing::Test {
protected:
    AdminTest();
    ~AdminTest() override;

    http::Response get(const std::string& target, const Browser& browser = {});
    http::Response post(const std::string& target, const Form& form, const Browser& browser = {});
    // GET then POST with the page's CSRF token, as a browser submitting a form would.
    http::Response submit(const std::string& form_page,
                          const std::string& action,
                          Form form,
                          Browser& browser);

    // Adds an account with kPassword set. Returns its id.
    std::string add_user(const std::string& email,
                         auth::Role role,
                         std::vector<std::string> organisations = {});
    // Signs in through the sign-in page; fails the test if that does not work.
    Browser sign_in(const std::string& email, const std::string& password = kPassword);

    std::string add_organisation(const std::string& name);
    domain::Service add_service(const std::string& name, const std::string& organisation_id);

    // The session id a response sets, or "".
    static std::string set_cookie_session(const http::Response& res);
    static std::string csrf_token_in(const std::string& body);

    std::filesystem::path dir_;
    std::unique_ptr<storage::Store> store_;
    std::unique_ptr<views::Views> views_;
    web::Site site_;
    std::unique_ptr<web::Context> ctx_;
    http::Router router_;
};

bool contains(const std::string& haystack, const std::string& needle);

}  // namespace lo::test
