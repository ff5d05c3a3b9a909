// Record builders and the per-test store, templates and router.
#include "fixtures.hpp"

#include <fstream>
#include <random>

#include "domain/ids.hpp"
#include "http/error.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "web/public/pages.hpp"

namespace lo::test {
namespace fs = std::filesystem;

std::string templates_dir() {
    return std::string(LO_SOURCE_DIR) + "/templates";
}

domain::Organisation make_organisation(domain::Organisation o) {
    if (o.id.empty()) o.id = domain::new_uuid();
    if (o.name.empty()) o.name = "Oxford Children's Health";
    return o;
}

domain::Location make_location(domain::Location l) {
    if (l.id.empty()) l.id = domain::new_uuid();
    if (l.name.empty() && l.address_1.empty()) l.name = "Children's Centre";
    return l;
}

domain::Service make_service(domain::Service s) {
    if (s.id.empty()) s.id = domain::new_uuid();
    if (s.name.empty()) s.name = "Speech and language therapy";
    return s;
}

domain::AdvicePage make_advice(domain::AdvicePage p) {
    if (p.id.empty()) p.id = domain::new_uuid();
    if (p.title.empty()) p.title = "Education, health and care plans";
    if (p.slug.empty()) p.slug = "ehc-plans";
    if (p.body_markdown.empty()) p.body_markdown = "## What an EHC plan is\n\nA legal document.\n";
    return p;
}

TempDir::TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() /
            ("lo-http-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

namespace {

std::string make_static_dir(const fs::path& root) {
    const auto dir = root / "static";
    fs::create_directories(dir / "dist");
    std::ofstream(dir / "dist" / "manifest.json")
        << R"({"app.css": "app.0123abcd.css", "map.js": "map.0123abcd.js", "leaflet": "leaflet-1.9.4"})";
    std::ofstream(dir / "dist" / "app.0123abcd.css") << "body { color: #0b0c0c; }\n";
    return dir.string();
}

}  // namespace

PublicSiteTest::PublicSiteTest()
    : store_(storage::sqlite::open_store((dir_.path() / "data").string())),
      views_(templates_dir(), make_static_dir(dir_.path())),
      ctx_{*store_, views_, site_, (dir_.path() / "static").string()} {
    using Handler = http::Response (*)(web::Context&, const http::Request&);
    const auto bind = [this](Handler h) {
        return [this, h](const http::Request& r) { return h(ctx_, r); };
    };
    namespace pages = web::public_;
    router_.get("/", bind(pages::home));
    router_.get("/categories", bind(pages::categories_index));
    router_.get("/categories/{code}", bind(pages::category_show));
    router_.get("/needs", bind(pages::needs_index));
    router_.get("/needs/{code}", bind(pages::need_show));
    router_.get("/services/{id}", bind(pages::service_show));
    router_.get("/organisations/{id}", bind(pages::organisation_show));
    router_.get("/advice", bind(pages::advice_index));
    router_.get("/advice/{slug}", bind(pages::advice_show));
    router_.get("/static/{*path}", bind(pages::static_file));
    router_.get("/healthz", bind(pages::healthz));
    router_.get("/feedback", bind(pages::feedback_form));
    router_.post("/feedback", bind(pages::feedback_create));
    router_.get("/feedback/thanks", bind(pages::feedback_thanks));
    router_.get("/branding.css", bind(pages::branding_css));
    router_.get("/branding/logo", bind(pages::branding_logo));
    router_.get("/accessibility", bind(pages::accessibility_statement));
    router_.get("/cookies", bind(pages::cookies));
    router_.get("/privacy", bind(pages::privacy));
    router_.set_error_renderer(
        [this](const http::Request& r, int status, const std::string& m, const std::string& id) {
            return pages::render_error(ctx_, r, status, m, id);
        });
}

http::Response PublicSiteTest::get(const std::string& target,
                                   std::vector<std::pair<std::string, std::string>> headers) {
    http::Request req;
    try {
        req = http::make_request("GET", target);
    } catch (const http::HttpError& e) {
        // The server turns a bad request-target into an error page before routing.
        req.path = "/";
        return web::public_::render_error(ctx_, req, e.status(), e.public_message(), "");
    }
    req.headers = std::move(headers);
    return router_.dispatch(std::move(req));
}

http::Response PublicSiteTest::post(const std::string& target, const std::string& form_body) {
    auto req = http::make_request("POST", target);
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    req.body = form_body;
    return router_.dispatch(std::move(req));
}

const std::string& PublicSiteTest::organisation_id() {
    if (organisation_id_.empty()) {
        const auto org = make_organisation();
        store_->organisations().save(org);
        organisation_id_ = org.id;
    }
    return organisation_id_;
}

domain::Service PublicSiteTest::add_service(domain::Service s) {
    s = make_service(std::move(s));
    if (s.organisation_id.empty()) s.organisation_id = organisation_id();
    store_->services().save(s);
    return *store_->services().find(s.id);
}

domain::Location PublicSiteTest::add_location(domain::Location l) {
    l = make_location(std::move(l));
    store_->locations().save(l);
    return l;
}

std::string PublicSiteTest::taxonomy_id(const std::string& code) {
    auto& repo = store_->taxonomies();
    if (const auto t = repo.find_taxonomy_by_code(code)) return t->id;
    domain::Taxonomy t{.id = domain::new_uuid(), .code = code, .name = code};
    repo.save_taxonomy(t);
    return t.id;
}

std::string PublicSiteTest::add_term(const std::string& taxonomy_code,
                                     const std::string& code,
                                     const std::string& name,
                                     const std::string& parent_code) {
    auto& repo = store_->taxonomies();
    std::string parent_id;
    if (!parent_code.empty()) parent_id = repo.find_term_by_code(taxonomy_code, parent_code)->id;
    domain::TaxonomyTerm term{.id = domain::new_uuid(),
                              .taxonomy_id = taxonomy_id(taxonomy_code),
                              .parent_id = parent_id,
                              .code = code,
                              .name = name,
                              .description = "About " + name + "."};
    repo.save_term(term);
    return term.id;
}

}  // namespace lo::test
