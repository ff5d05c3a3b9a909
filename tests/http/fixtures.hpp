// Test fixtures for the handler tests: record builders with sensible defaults (named arguments
// through designated initialisers, e.g. make_service({.name = "Food bank"})) and a fresh SQLite
// store, templates and router for each test. No sockets anywhere.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "domain/model.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "storage/store.hpp"
#include "views/views.hpp"
#include "web/context.hpp"

namespace lo::test {

// The source tree's templates/ folder (set by tests/http/CMakeLists.txt).
std::string templates_dir();

// Builders: fill what the caller left empty (id, name, required links) and return the record.
domain::Organisation make_organisation(domain::Organisation o = {});
domain::Location make_location(domain::Location l = {});
domain::Service make_service(domain::Service s = {});
domain::AdvicePage make_advice(domain::AdvicePage p = {});

// A fresh temporary folder, removed with the object.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Every test gets its own store in a temp folder, the real templates, a static folder with a
// manifest, and a router wired like app/routes.cpp.
class PublicSiteTest : public testing::Test {
protected:
    PublicSiteTest();

    // GET through the router (path parameters filled, errors rendered), as the server would.
    http::Response get(const std::string& target,
                       std::vector<std::pair<std::string, std::string>> headers = {});

    // POST an application/x-www-form-urlencoded body through the router.
    http::Response post(const std::string& target, const std::string& form_body);

    // Saves a default organisation (once) and returns its id.
    const std::string& organisation_id();
    // Saves the record (filling defaults) and returns it as saved.
    domain::Service add_service(domain::Service s);
    domain::Location add_location(domain::Location l);
    // A taxonomy with the given code ("categories", "send-needs"), created on first use.
    std::string taxonomy_id(const std::string& code);
    // Saves a term under a taxonomy; parent_code empty for a top-level term. Returns its id.
    std::string add_term(const std::string& taxonomy_code,
                         const std::string& code,
                         const std::string& name,
                         const std::string& parent_code = {});

    TempDir dir_;
    std::unique_ptr<storage::Store> store_;
    views::Views views_;
    web::Site site_;
    web::Context ctx_;
    http::Router router_;

private:
    std::string organisation_id_;
};

}  // namespace lo::test
