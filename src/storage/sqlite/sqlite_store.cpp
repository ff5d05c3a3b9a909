// SQLite implementation of the repository interfaces. Every write runs inside one IMMEDIATE
// transaction that also advances the store's generation number; reads take a pooled connection.
#include "storage/sqlite/sqlite_store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <variant>

#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "storage/sqlite/accounts.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/feedback_inbox.hpp"
#include "storage/sqlite/moderation.hpp"
#include "storage/sqlite/privacy.hpp"
#include "storage/sqlite/search_words.hpp"

namespace lo::storage {

namespace {
std::string summarise(const domain::ValidationErrors& errors) {
    std::string out = "The record was not saved: ";
    for (std::size_t i = 0; i < errors.size(); ++i) {
        if (i) out += "; ";
        out += errors[i].field + ": " + errors[i].message;
    }
    return out;
}
}  // namespace

ValidationFailed::ValidationFailed(domain::ValidationErrors errors)
    : std::runtime_error(summarise(errors)), errors_(std::move(errors)) {}

}  // namespace lo::storage

namespace lo::storage::sqlite {
namespace {

namespace fs = std::filesystem;
using domain::Service;

// --- SQL, named -----------------------------------------------------------------------------

constexpr const char kBumpGeneration[] =
    "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'";
constexpr const char kSelectGeneration[] =
    "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'";

constexpr const char kUpsertOrganisation[] =
    "INSERT INTO organisations (id, name, description, url, email, phone, source, last_modified) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET name = ?2, "
    "description = ?3, url = ?4, email = ?5, phone = ?6, source = ?7, last_modified = ?8";
constexpr const char kSelectOrganisation[] =
    "SELECT id, name, description, url, email, phone, source, last_modified FROM organisations "
    "WHERE id = ?1";
constexpr const char kListOrganisations[] =
    "SELECT id, name, description, url, email, phone, source, last_modified FROM organisations "
    "ORDER BY name COLLATE NOCASE, id LIMIT ?1 OFFSET ?2";
constexpr const char kCountOrganisations[] = "SELECT COUNT(*) FROM organisations";
constexpr const char kOrganisationExists[] = "SELECT 1 FROM organisations WHERE id = ?1";

constexpr const char kUpsertLocation[] =
    "INSERT INTO locations (id, name, description, address_1, address_2, city, county, postcode, "
    "latitude, longitude, hide_address, source, last_modified, country) VALUES (?1, ?2, ?3, ?4, "
    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) ON CONFLICT (id) DO UPDATE SET name = ?2, "
    "description = ?3, address_1 = ?4, address_2 = ?5, city = ?6, county = ?7, postcode = ?8, "
    "latitude = ?9, longitude = ?10, hide_address = ?11, source = ?12, last_modified = ?13, "
    "country = ?14";
constexpr const char kSelectLocation[] =
    "SELECT id, name, description, address_1, address_2, city, county, postcode, latitude, "
    "longitude, hide_address, source, last_modified, country FROM locations WHERE id = ?1";
constexpr const char kListLocations[] =
    "SELECT id FROM locations ORDER BY name COLLATE NOCASE, id LIMIT ?1 OFFSET ?2";
constexpr const char kCountLocations[] = "SELECT COUNT(*) FROM locations";
constexpr const char kLocationPoints[] =
    "SELECT id, postcode, latitude, longitude FROM locations ORDER BY id";
constexpr const char kLocationExists[] = "SELECT 1 FROM locations WHERE id = ?1";
constexpr const char kDeleteAccessibility[] =
    "DELETE FROM location_accessibility WHERE location_id = ?1";
constexpr const char kInsertAccessibility[] =
    "INSERT INTO location_accessibility (id, location_id, position, description) "
    "VALUES (?1, ?2, ?3, ?4)";
constexpr const char kSelectAccessibility[] =
    "SELECT description FROM location_accessibility WHERE location_id = ?1 ORDER BY position";

constexpr const char kUpsertService[] =
    "INSERT INTO services (id, organisation_id, name, summary, description, status, url, email, "
    "min_age, max_age, eligibility, referral_url, free, waiting_time, last_modified, "
    "last_checked, review_due, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
    "?13, ?14, ?15, ?16, ?17, ?18) ON CONFLICT (id) DO UPDATE SET organisation_id = ?2, "
    "name = ?3, summary = ?4, description = ?5, status = ?6, url = ?7, email = ?8, min_age = ?9, "
    "max_age = ?10, eligibility = ?11, referral_url = ?12, free = ?13, waiting_time = ?14, "
    "last_modified = ?15, last_checked = ?16, review_due = ?17, source = ?18";
constexpr const char kSelectService[] =
    "SELECT id, organisation_id, name, summary, description, status, url, email, min_age, "
    "max_age, eligibility, referral_url, free, waiting_time, last_modified, last_checked, "
    "review_due, source FROM services WHERE id = ?1";
constexpr const char kServiceExists[] = "SELECT 1 FROM services WHERE id = ?1";
constexpr const char kListServices[] =
    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT t.id FROM taxonomy_terms t "
    "JOIN sub ON t.parent_id = sub.id) "
    "SELECT s.id FROM services s WHERE (?2 = '' OR s.organisation_id = ?2) "
    "AND (?3 = '' OR s.status = ?3) AND (?4 = 0 OR s.status <> 'defunct') "
    "AND (?1 = '' OR EXISTS (SELECT 1 FROM service_taxonomy_terms st "
    "WHERE st.service_id = s.id AND st.term_id IN sub)) "
    "ORDER BY s.name COLLATE NOCASE, s.id LIMIT ?5 OFFSET ?6";
constexpr const char kCountServices[] =
    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT t.id FROM taxonomy_terms t "
    "JOIN sub ON t.parent_id = sub.id) "
    "SELECT COUNT(*) FROM services s WHERE (?2 = '' OR s.organisation_id = ?2) "
    "AND (?3 = '' OR s.status = ?3) AND (?4 = 0 OR s.status <> 'defunct') "
    "AND (?1 = '' OR EXISTS (SELECT 1 FROM service_taxonomy_terms st "
    "WHERE st.service_id = s.id AND st.term_id IN sub))";
constexpr const char kRecentServices[] =
    "SELECT id FROM services WHERE status <> 'defunct' ORDER BY last_modified DESC, name "
    "LIMIT ?1";
constexpr const char kArchiveService[] =
    "UPDATE services SET status = 'defunct', last_modified = ?2 WHERE id = ?1";

// Child tables of a service, replaced as a whole on save.
constexpr const char* kDeleteServiceChildren[] = {
    "DELETE FROM service_referral_routes WHERE service_id = ?1",
    "DELETE FROM service_access_steps WHERE service_id = ?1",
    "DELETE FROM service_delivery_modes WHERE service_id = ?1",
    "DELETE FROM service_languages WHERE service_id = ?1",
    "DELETE FROM cost_options WHERE service_id = ?1",
    "DELETE FROM service_at_locations WHERE service_id = ?1",
    "DELETE FROM contacts WHERE service_id = ?1",
    "DELETE FROM schedules WHERE service_id = ?1",
    "DELETE FROM closures WHERE service_id = ?1",
    "DELETE FROM service_areas WHERE service_id = ?1",
    "DELETE FROM service_taxonomy_terms WHERE service_id = ?1",
};
constexpr const char kInsertRoute[] =
    "INSERT INTO service_referral_routes (service_id, route, position) VALUES (?1, ?2, ?3)";
constexpr const char kSelectRoutes[] =
    "SELECT route FROM service_referral_routes WHERE service_id = ?1 ORDER BY position";
constexpr const char kInsertStep[] =
    "INSERT INTO service_access_steps (service_id, position, step) VALUES (?1, ?2, ?3)";
constexpr const char kSelectSteps[] =
    "SELECT step FROM service_access_steps WHERE service_id = ?1 ORDER BY position";
constexpr const char kInsertMode[] =
    "INSERT INTO service_delivery_modes (service_id, mode, position) VALUES (?1, ?2, ?3)";
constexpr const char kSelectModes[] =
    "SELECT mode FROM service_delivery_modes WHERE service_id = ?1 ORDER BY position";
constexpr const char kInsertLanguage[] =
    "INSERT INTO service_languages (id, service_id, position, name) VALUES (?1, ?2, ?3, ?4)";
constexpr const char kSelectLanguages[] =
    "SELECT id, name FROM service_languages WHERE service_id = ?1 ORDER BY position";
constexpr const char kInsertCost[] =
    "INSERT INTO cost_options (id, service_id, position, option, amount, amount_description) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char kSelectCosts[] =
    "SELECT id, option, amount, amount_description FROM cost_options WHERE service_id = ?1 "
    "ORDER BY position";
constexpr const char kInsertServiceAtLocation[] =
    "INSERT INTO service_at_locations (id, service_id, location_id, position) "
    "VALUES (?1, ?2, ?3, ?4)";
constexpr const char kSelectServiceLocations[] =
    "SELECT location_id FROM service_at_locations WHERE service_id = ?1 ORDER BY position";
constexpr const char kInsertContact[] =
    "INSERT INTO contacts (id, service_id, position, name, title) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char kSelectContacts[] =
    "SELECT id, name, title FROM contacts WHERE service_id = ?1 ORDER BY position";
constexpr const char kInsertPhone[] =
    "INSERT INTO contact_phones (id, contact_id, position, number, description) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char kSelectPhones[] =
    "SELECT id, number, description FROM contact_phones WHERE contact_id = ?1 ORDER BY position";
constexpr const char kInsertEmail[] =
    "INSERT INTO contact_emails (contact_id, position, email) VALUES (?1, ?2, ?3)";
constexpr const char kSelectEmails[] =
    "SELECT email FROM contact_emails WHERE contact_id = ?1 ORDER BY position";
constexpr const char kInsertSchedule[] =
    "INSERT INTO schedules (id, service_id, position, byday, opens_at, closes_at, description) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char kSelectSchedules[] =
    "SELECT id, byday, opens_at, closes_at, description FROM schedules WHERE service_id = ?1 "
    "ORDER BY position";
constexpr const char kInsertClosure[] =
    "INSERT INTO closures (id, service_id, date, description) VALUES (?1, ?2, ?3, ?4)";
constexpr const char kSelectClosures[] =
    "SELECT id, date, description FROM closures WHERE service_id = ?1 ORDER BY date";
constexpr const char kInsertArea[] =
    "INSERT INTO service_areas (id, service_id, position, name) VALUES (?1, ?2, ?3, ?4)";
constexpr const char kSelectAreas[] =
    "SELECT id, name FROM service_areas WHERE service_id = ?1 ORDER BY position";
constexpr const char kInsertServiceTerm[] =
    "INSERT OR IGNORE INTO service_taxonomy_terms (service_id, term_id) VALUES (?1, ?2)";
constexpr const char kSelectServiceTerms[] =
    "SELECT st.term_id FROM service_taxonomy_terms st JOIN taxonomy_terms t ON t.id = st.term_id "
    "WHERE st.service_id = ?1 ORDER BY st.term_id";

constexpr const char kSelectServiceAtLocation[] =
    "SELECT id, service_id, location_id FROM service_at_locations WHERE id = ?1";
constexpr const char kSetServiceLastModified[] =
    "UPDATE services SET last_modified = ?2 WHERE id = ?1 AND last_modified <> ?2";

constexpr const char kUpsertTaxonomy[] =
    "INSERT INTO taxonomies (id, code, name, description, uri, version) VALUES (?1, ?2, ?3, ?4, "
    "?5, ?6) ON CONFLICT (id) DO UPDATE SET code = ?2, name = ?3, description = ?4, uri = ?5, "
    "version = ?6";
constexpr const char kListTaxonomies[] =
    "SELECT id, code, name, description, uri, version FROM taxonomies ORDER BY name";
constexpr const char kSelectTaxonomy[] =
    "SELECT id, code, name, description, uri, version FROM taxonomies WHERE id = ?1";
constexpr const char kSelectTaxonomyByCode[] =
    "SELECT id, code, name, description, uri, version FROM taxonomies WHERE code = ?1";
constexpr const char kTaxonomyCodeTaken[] = "SELECT 1 FROM taxonomies WHERE code = ?1 AND id <> ?2";
constexpr const char kUpsertTerm[] =
    "INSERT INTO taxonomy_terms (id, taxonomy_id, parent_id, code, name, description, position) "
    "VALUES (?1, ?2, NULLIF(?3, ''), ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET "
    "taxonomy_id = ?2, parent_id = NULLIF(?3, ''), code = ?4, name = ?5, description = ?6, "
    "position = ?7";
constexpr const char kSelectTerm[] =
    "SELECT id, taxonomy_id, IFNULL(parent_id, ''), code, name, description, position "
    "FROM taxonomy_terms WHERE id = ?1";
constexpr const char kSelectTermByCode[] =
    "SELECT t.id, t.taxonomy_id, IFNULL(t.parent_id, ''), t.code, t.name, t.description, "
    "t.position FROM taxonomy_terms t JOIN taxonomies x ON x.id = t.taxonomy_id "
    "WHERE x.code = ?1 AND t.code = ?2";
constexpr const char kSelectTerms[] =
    "SELECT id, taxonomy_id, IFNULL(parent_id, ''), code, name, description, position "
    "FROM taxonomy_terms WHERE taxonomy_id = ?1 ORDER BY position, name COLLATE NOCASE";
constexpr const char kTermCodeTaken[] =
    "SELECT 1 FROM taxonomy_terms WHERE taxonomy_id = ?1 AND code = ?2 AND id <> ?3";
constexpr const char kTermParent[] =
    "SELECT IFNULL(parent_id, ''), taxonomy_id FROM taxonomy_terms WHERE id = ?1";
constexpr const char kTermExists[] = "SELECT 1 FROM taxonomy_terms WHERE id = ?1";
constexpr const char kTermCounts[] =
    "WITH RECURSIVE tree(ancestor, id) AS (SELECT id, id FROM taxonomy_terms "
    "WHERE taxonomy_id = ?1 UNION SELECT tree.ancestor, t.id FROM taxonomy_terms t "
    "JOIN tree ON t.parent_id = tree.id) "
    "SELECT tree.ancestor, COUNT(DISTINCT st.service_id) FROM tree "
    "JOIN service_taxonomy_terms st ON st.term_id = tree.id "
    "JOIN services s ON s.id = st.service_id AND s.status <> 'defunct' GROUP BY tree.ancestor";

constexpr const char kUpsertAdvice[] =
    "INSERT INTO advice_pages (id, slug, title, summary, body_markdown, position, source, "
    "last_modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET "
    "slug = ?2, title = ?3, summary = ?4, body_markdown = ?5, position = ?6, source = ?7, "
    "last_modified = ?8";
constexpr const char kSelectAdviceBySlug[] =
    "SELECT id, slug, title, summary, body_markdown, position, source, last_modified "
    "FROM advice_pages WHERE slug = ?1";
constexpr const char kSelectAdvice[] =
    "SELECT id, slug, title, summary, body_markdown, position, source, last_modified "
    "FROM advice_pages WHERE id = ?1";
constexpr const char kListAdvice[] =
    "SELECT id, slug, title, summary, body_markdown, position, source, last_modified "
    "FROM advice_pages ORDER BY position, title COLLATE NOCASE";
constexpr const char kAdviceSlugTaken[] = "SELECT 1 FROM advice_pages WHERE slug = ?1 AND id <> ?2";

constexpr const char kInsertFeedback[] =
    "INSERT INTO feedback (id, created_at, page, useful, comment, problem) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char kListFeedback[] =
    "SELECT id, created_at, page, useful, comment, problem FROM feedback "
    "ORDER BY created_at DESC, id "
    "LIMIT ?1 OFFSET ?2";
constexpr const char kCountFeedback[] = "SELECT COUNT(*) FROM feedback";

// --- Connection pool ------------------------------------------------------------------------

class Pool {
public:
    explicit Pool(std::string path) : path_(std::move(path)) {}

    std::unique_ptr<Connection> acquire() {
        {
            std::lock_guard lock(mutex_);
            if (!free_.empty()) {
                auto c = std::move(free_.back());
                free_.pop_back();
                return c;
            }
        }
        return std::make_unique<Connection>(path_);
    }
    void release(std::unique_ptr<Connection> c) {
        std::lock_guard lock(mutex_);
        if (free_.size() < 16) free_.push_back(std::move(c));
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Connection>> free_;
};

class Lease {
public:
    explicit Lease(Pool& pool) : pool_(pool), connection_(pool.acquire()) {}
    ~Lease() {
        if (connection_) pool_.release(std::move(connection_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *connection_; }
    // A connection whose transaction state is unknown must not go back to the pool.
    void discard() { connection_.reset(); }

private:
    Pool& pool_;
    std::unique_ptr<Connection> connection_;
};

bool exists(Connection& c,
            const char* sql,
            const std::string& a,
            const std::string& b = {},
            const std::string& d = {}) {
    auto& st = c.prepare(sql);
    st.bind(1, a);
    if (std::strstr(sql, "?2")) st.bind(2, b);
    if (std::strstr(sql, "?3")) st.bind(3, d);
    const bool found = st.step();
    st.reset();
    return found;
}

std::vector<std::string> strings(Connection& c, const char* sql, const std::string& key) {
    std::vector<std::string> out;
    auto& st = c.prepare(sql);
    st.bind(1, key);
    while (st.step()) out.push_back(st.text(0));
    return out;
}

std::string split_join(const std::vector<domain::Weekday>& days) {
    std::string out;
    for (auto d : days) {
        if (!out.empty()) out += ',';
        out += domain::to_code(d);
    }
    return out;
}

std::vector<domain::Weekday> split_days(const std::string& byday) {
    std::vector<domain::Weekday> out;
    std::size_t start = 0;
    while (start <= byday.size()) {
        auto end = byday.find(',', start);
        if (end == std::string::npos) end = byday.size();
        if (auto d = domain::weekday_from_code(byday.substr(start, end - start))) out.push_back(*d);
        start = end + 1;
    }
    return out;
}

class SqliteStore;

// --- Repositories -----------------------------------------------------------------------------

class Organisations final : public OrganisationRepository {
public:
    explicit Organisations(SqliteStore& s) : store_(s) {}
    std::optional<domain::Organisation> find(const std::string& id) override;
    std::vector<domain::Organisation> list(Page page) override;
    std::int64_t count() override;
    void save(const domain::Organisation& o) override;

private:
    SqliteStore& store_;
};

class Locations final : public LocationRepository {
public:
    explicit Locations(SqliteStore& s) : store_(s) {}
    std::optional<domain::Location> find(const std::string& id) override;
    std::vector<domain::Location> find_many(const std::vector<std::string>& ids) override;
    std::vector<domain::Location> list(Page page) override;
    std::vector<LocationPoint> points() override;
    std::int64_t count() override;
    void save(const domain::Location& l) override;

private:
    SqliteStore& store_;
};

class ServiceQuerySql;

class Services final : public ServiceRepository {
public:
    explicit Services(SqliteStore& s) : store_(s) {}
    std::optional<Service> find(const std::string& id) override;
    std::vector<Service> list(const ServiceFilter& filter, Page page) override;
    std::int64_t count(const ServiceFilter& filter) override;
    std::vector<std::string> all_ids() override;
    std::vector<Service> recently_updated(int limit) override;
    void save(const Service& s) override;
    bool archive(const std::string& id) override;
    std::vector<std::string> query_ids(const ServiceQuery& query, Page page) override;
    std::int64_t query_count(const ServiceQuery& query) override;
    std::vector<ServiceAtLocationRow> query_service_at_locations(const ServiceQuery& query,
                                                                 Page page) override;
    std::int64_t query_service_at_locations_count(const ServiceQuery& query) override;
    std::optional<ServiceAtLocationRow> find_service_at_location(const std::string& id) override;
    void set_last_modified(const std::string& id, const std::string& last_modified) override;
    std::vector<std::string> ids_with_source(const std::string& source) override;

private:
    std::int64_t count_of(const ServiceQuerySql& sql, const std::string& text);

    SqliteStore& store_;
    // The Open Referral lists' counts, for the store generation they were counted at: a
    // harvester walking every page needs the same total on each page, and counting is the
    // dearest part of a page (every matching row). Emptied when the generation moves on.
    // At most kMaxCounts keys of at most kMaxCountKey bytes (a postcode filter's key lists
    // every place near it, and may be much longer: it is counted, not kept), so 16 MB at most.
    static constexpr std::size_t kMaxCounts = 4096, kMaxCountKey = 4096;
    std::mutex counts_mutex_;
    std::int64_t counts_generation_ = -1;
    std::unordered_map<std::string, std::int64_t> counts_;
};

class Taxonomies final : public TaxonomyRepository {
public:
    explicit Taxonomies(SqliteStore& s) : store_(s) {}
    std::vector<domain::Taxonomy> taxonomies() override;
    std::optional<domain::Taxonomy> find_taxonomy(const std::string& id) override;
    std::optional<domain::Taxonomy> find_taxonomy_by_code(const std::string& code) override;
    std::optional<domain::TaxonomyTerm> find_term(const std::string& id) override;
    std::optional<domain::TaxonomyTerm> find_term_by_code(const std::string& taxonomy_code,
                                                          const std::string& term_code) override;
    std::vector<domain::TaxonomyTerm> terms(const std::string& taxonomy_id) override;
    std::vector<std::pair<std::string, std::int64_t>> service_counts(
        const std::string& taxonomy_id) override;
    void save_taxonomy(const domain::Taxonomy& t) override;
    void save_term(const domain::TaxonomyTerm& t) override;

private:
    SqliteStore& store_;
};

class Advice final : public AdviceRepository {
public:
    explicit Advice(SqliteStore& s) : store_(s) {}
    std::optional<domain::AdvicePage> find_by_slug(const std::string& slug) override;
    std::optional<domain::AdvicePage> find(const std::string& id) override;
    std::vector<domain::AdvicePage> list() override;
    void save(const domain::AdvicePage& p) override;

private:
    SqliteStore& store_;
};

class FeedbackAnswers final : public FeedbackRepository {
public:
    explicit FeedbackAnswers(SqliteStore& s) : store_(s) {}
    void add(const domain::Feedback& f) override;
    std::vector<domain::Feedback> list(Page page) override;
    std::int64_t count() override;

private:
    SqliteStore& store_;
};

// --- The store ------------------------------------------------------------------------------

class SqliteStore final : public Store, private ConnectionSource {
public:
    SqliteStore(std::shared_ptr<Pool> pool, Connection* bound)
        : pool_(std::move(pool)), bound_(bound) {}

    OrganisationRepository& organisations() override { return organisations_; }
    LocationRepository& locations() override { return locations_; }
    ServiceRepository& services() override { return services_; }
    TaxonomyRepository& taxonomies() override { return taxonomies_; }
    AdviceRepository& advice() override { return advice_; }
    FeedbackRepository& feedback() override { return feedback_; }
    UserRepository& users() override { return *users_; }
    SessionRepository& sessions() override { return *sessions_; }
    AuditLog& audit() override { return *audit_; }
    OutboxRepository& outbox() override { return *outbox_; }
    ReviewRepository& reviews() override { return *reviews_; }
    FeedbackInboxRepository& feedback_inbox() override { return *feedback_inbox_; }
    TwoFactorRepository& two_factor() override { return *two_factor_; }
    ChangeRequestRepository& change_requests() override { return *change_requests_; }
    ServiceVersionRepository& service_versions() override { return *service_versions_; }
    SearchWordRepository& search_words() override { return *search_words_; }
    PrivacyRepository& privacy() override { return *privacy_; }

    // True for the store a transaction() hands its function: its reads see uncommitted writes.
    bool in_transaction() const { return bound_ != nullptr; }

    template <typename F>
    auto read(F&& f) {
        if (bound_) return f(*bound_);
        Lease lease(*pool_);
        return f(*lease);
    }

    // Runs f inside the current transaction, or in a new one that bumps the generation.
    // Returns whether f changed anything.
    template <typename F>
    bool write(F&& f) {
        if (bound_) {
            const auto before = bound_->total_changes();
            f(*bound_);
            return bound_->total_changes() != before;
        }
        Lease lease(*pool_);
        Connection& c = *lease;
        c.exec("BEGIN IMMEDIATE");
        try {
            const auto before = c.total_changes();
            f(c);
            // Only a write that changed something makes the search index stale.
            const bool changed = c.total_changes() != before;
            if (changed) c.prepare(kBumpGeneration).run();
            c.exec("COMMIT");
            return changed;
        } catch (...) {
            try {
                c.exec("ROLLBACK");
            } catch (...) {
                lease.discard();
            }
            throw;
        }
    }

    bool transaction(const std::function<void(Store&)>& fn) override {
        if (bound_) return write([&](Connection&) { fn(*this); });  // already in one
        return write([&](Connection& c) {
            SqliteStore view(pool_, &c);
            fn(view);
        });
    }

    std::int64_t generation() override {
        return read([](Connection& c) {
            auto& st = c.prepare(kSelectGeneration);
            return st.single_integer();
        });
    }

    bool ping() override {
        try {
            return read([](Connection& c) {
                auto& st = c.prepare("SELECT COUNT(*) FROM meta");
                const bool ok = st.step();
                st.reset();
                return ok;
            });
        } catch (const std::exception&) {
            return false;
        }
    }

    CheckReport check() override {
        CheckReport report;
        read([&](Connection& c) {
            auto& integrity = c.prepare("PRAGMA integrity_check");
            while (integrity.step()) {
                const auto line = integrity.text(0);
                if (line != "ok") report.problems.push_back("Database integrity: " + line);
            }
            auto& fk = c.prepare("PRAGMA foreign_key_check");
            while (fk.step()) {
                report.problems.push_back("Table " + fk.text(0) + " row " + fk.text(1) +
                                          " refers to a record in " + fk.text(2) +
                                          " that does not exist");
            }
        });
        const int version = schema_version();
        const int latest = migrations().empty() ? 0 : migrations().back().version;
        if (version != latest)
            report.problems.push_back("The database schema is at version " +
                                      std::to_string(version) + " but this program expects " +
                                      std::to_string(latest) + ". Run: localoffer migrate");
        report.ok = report.problems.empty();
        return report;
    }

    void backup(const std::string& destination) override {
        if (fs::exists(destination))
            throw std::runtime_error(destination +
                                     " already exists. Choose a new file name for the backup, or "
                                     "move the old file away first.");
        sqlite3* dest = nullptr;
        if (sqlite3_open_v2(destination.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            nullptr) != SQLITE_OK) {
            const std::string message = dest ? sqlite3_errmsg(dest) : "cannot open";
            sqlite3_close(dest);
            throw std::runtime_error("Could not create the backup file " + destination + ": " +
                                     message +
                                     ". Check the folder exists and you can write to it.");
        }
        read([&](Connection& c) {
            sqlite3_backup* b = sqlite3_backup_init(dest, "main", c.handle(), "main");
            int rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(dest);
            if (b) sqlite3_backup_finish(b);
            if (rc != SQLITE_DONE) {
                const std::string message = sqlite3_errmsg(dest);
                sqlite3_close(dest);
                std::error_code ignored;
                fs::remove(destination, ignored);
                throw std::runtime_error("The backup to " + destination + " failed: " + message);
            }
        });
        // A backup is a single self-contained file: no -wal beside it.
        sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
        sqlite3_close(dest);
    }

    int schema_version() override {
        return read([](Connection& c) {
            auto& st = c.prepare("PRAGMA user_version");
            return static_cast<int>(st.single_integer());
        });
    }

private:
    std::shared_ptr<Pool> pool_;
    Connection* bound_;
    Organisations organisations_{*this};
    Locations locations_{*this};
    Services services_{*this};
    Taxonomies taxonomies_{*this};
    Advice advice_{*this};
    FeedbackAnswers feedback_{*this};

    // The account repositories (storage/sqlite/accounts.cpp) write without bumping the
    // generation: a sign-in changes nothing the search index shows.
    void with_read(const std::function<void(Connection&)>& fn) override {
        read([&](Connection& c) { fn(c); });
    }
    void with_quiet_write(const std::function<void(Connection&)>& fn) override {
        if (bound_) {
            fn(*bound_);
            return;
        }
        Lease lease(*pool_);
        Connection& c = *lease;
        c.exec("BEGIN IMMEDIATE");
        try {
            fn(c);
            c.exec("COMMIT");
        } catch (...) {
            try {
                c.exec("ROLLBACK");
            } catch (...) {
                lease.discard();
            }
            throw;
        }
    }
    std::unique_ptr<UserRepository> users_ = make_user_repository(*this);
    std::unique_ptr<SessionRepository> sessions_ = make_session_repository(*this);
    std::unique_ptr<AuditLog> audit_ = make_audit_log(*this);
    std::unique_ptr<OutboxRepository> outbox_ = make_outbox_repository(*this);
    std::unique_ptr<ReviewRepository> reviews_ = make_review_repository(*this);
    std::unique_ptr<FeedbackInboxRepository> feedback_inbox_ = make_feedback_inbox(*this);
    std::unique_ptr<TwoFactorRepository> two_factor_ = make_two_factor_repository(*this);
    std::unique_ptr<ChangeRequestRepository> change_requests_ =
        make_change_request_repository(*this);
    std::unique_ptr<ServiceVersionRepository> service_versions_ =
        make_service_version_repository(*this);
    std::unique_ptr<SearchWordRepository> search_words_ = make_search_word_repository(*this);
    std::unique_ptr<PrivacyRepository> privacy_ = make_privacy_repository(*this);
};

// --- Organisations ------------------------------------------------------------------------

domain::Organisation read_organisation(Statement& st) {
    return {st.text(0), st.text(1), st.text(2), st.text(3),
            st.text(4), st.text(5), st.text(6), st.text(7)};
}

std::optional<domain::Organisation> Organisations::find(const std::string& id) {
    return store_.read([&](Connection& c) -> std::optional<domain::Organisation> {
        auto& st = c.prepare(kSelectOrganisation);
        st.bind(1, id);
        if (!st.step()) return std::nullopt;
        auto o = read_organisation(st);
        st.reset();
        return o;
    });
}

std::vector<domain::Organisation> Organisations::list(Page page) {
    return store_.read([&](Connection& c) {
        std::vector<domain::Organisation> out;
        auto& st = c.prepare(kListOrganisations);
        st.bind(1, page.limit).bind(2, page.offset);
        while (st.step()) out.push_back(read_organisation(st));
        return out;
    });
}

std::int64_t Organisations::count() {
    return store_.read([](Connection& c) {
        auto& st = c.prepare(kCountOrganisations);
        return st.single_integer();
    });
}

void Organisations::save(const domain::Organisation& input) {
    auto o = input;
    domain::complete(o);
    if (auto errors = domain::validate(o); !errors.empty()) throw ValidationFailed(errors);
    store_.write([&](Connection& c) {
        {
            auto& st = c.prepare(kSelectOrganisation);
            st.bind(1, o.id);
            if (st.step()) {
                auto old = read_organisation(st);
                st.reset();
                old.last_modified = o.last_modified;
                if (old == o) return;
            }
        }
        c.prepare(kUpsertOrganisation)
            .bind(1, o.id)
            .bind(2, o.name)
            .bind(3, o.description)
            .bind(4, o.url)
            .bind(5, o.email)
            .bind(6, o.phone)
            .bind(7, o.source)
            .bind(8, domain::now_rfc3339())
            .run();
    });
}

// --- Locations ------------------------------------------------------------------------------

std::optional<domain::Location> load_location(Connection& c, const std::string& id) {
    auto& st = c.prepare(kSelectLocation);
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    domain::Location l;
    l.id = st.text(0);
    l.name = st.text(1);
    l.description = st.text(2);
    l.address_1 = st.text(3);
    l.address_2 = st.text(4);
    l.city = st.text(5);
    l.county = st.text(6);
    l.postcode = st.text(7);
    l.latitude = st.optional_real(8);
    l.longitude = st.optional_real(9);
    l.hide_address = st.integer(10) != 0;
    l.source = st.text(11);
    l.last_modified = st.text(12);
    l.country = st.text(13);
    st.reset();
    l.accessibility = strings(c, kSelectAccessibility, l.id);
    return l;
}

std::optional<domain::Location> Locations::find(const std::string& id) {
    return store_.read([&](Connection& c) { return load_location(c, id); });
}

std::vector<domain::Location> Locations::find_many(const std::vector<std::string>& ids) {
    return store_.read([&](Connection& c) {
        std::vector<domain::Location> out;
        for (const auto& id : ids)
            if (auto l = load_location(c, id)) out.push_back(std::move(*l));
        return out;
    });
}

std::vector<domain::Location> Locations::list(Page page) {
    return store_.read([&](Connection& c) {
        std::vector<std::string> ids;
        auto& st = c.prepare(kListLocations);
        st.bind(1, page.limit).bind(2, page.offset);
        while (st.step()) ids.push_back(st.text(0));
        std::vector<domain::Location> out;
        for (const auto& id : ids)
            if (auto l = load_location(c, id)) out.push_back(std::move(*l));
        return out;
    });
}

std::vector<LocationPoint> Locations::points() {
    return store_.read([&](Connection& c) {
        std::vector<LocationPoint> out;
        auto& st = c.prepare(kLocationPoints);
        while (st.step())
            out.push_back({st.text(0), st.text(1), st.optional_real(2), st.optional_real(3)});
        return out;
    });
}

std::int64_t Locations::count() {
    return store_.read([](Connection& c) {
        auto& st = c.prepare(kCountLocations);
        return st.single_integer();
    });
}

void Locations::save(const domain::Location& input) {
    auto l = input;
    domain::complete(l);
    if (auto errors = domain::validate(l); !errors.empty()) throw ValidationFailed(errors);
    store_.write([&](Connection& c) {
        if (auto old = load_location(c, l.id)) {
            old->last_modified = l.last_modified;
            if (*old == l) return;
        }
        c.prepare(kUpsertLocation)
            .bind(1, l.id)
            .bind(2, l.name)
            .bind(3, l.description)
            .bind(4, l.address_1)
            .bind(5, l.address_2)
            .bind(6, l.city)
            .bind(7, l.county)
            .bind(8, l.postcode)
            .bind(9, l.latitude)
            .bind(10, l.longitude)
            .bind(11, l.hide_address)
            .bind(12, l.source)
            .bind(13, domain::now_rfc3339())
            .bind(14, l.country)
            .run();
        c.prepare(kDeleteAccessibility).bind(1, l.id).run();
        for (std::size_t i = 0; i < l.accessibility.size(); ++i)
            c.prepare(kInsertAccessibility)
                .bind(1, domain::derived_uuid(l.id, "accessibility/" + std::to_string(i)))
                .bind(2, l.id)
                .bind(3, static_cast<int>(i))
                .bind(4, l.accessibility[i])
                .run();
    });
}

// --- Services -------------------------------------------------------------------------------

std::optional<Service> load_service(Connection& c, const std::string& id) {
    auto& st = c.prepare(kSelectService);
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    Service s;
    s.id = st.text(0);
    s.organisation_id = st.text(1);
    s.name = st.text(2);
    s.summary = st.text(3);
    s.description = st.text(4);
    s.status = domain::service_status_from_code(st.text(5)).value_or(domain::ServiceStatus::Active);
    s.url = st.text(6);
    s.email = st.text(7);
    s.min_age = st.optional_int(8);
    s.max_age = st.optional_int(9);
    s.eligibility = st.text(10);
    s.referral_url = st.text(11);
    s.free = st.integer(12) != 0;
    s.waiting_time = st.text(13);
    s.last_modified = st.text(14);
    s.last_checked = st.text(15);
    s.review_due = st.text(16);
    s.source = st.text(17);
    st.reset();

    for (const auto& code : strings(c, kSelectRoutes, id))
        if (auto r = domain::referral_route_from_code(code)) s.referral_routes.push_back(*r);
    s.how_to_access = strings(c, kSelectSteps, id);
    for (const auto& code : strings(c, kSelectModes, id))
        if (auto m = domain::delivery_mode_from_code(code)) s.delivery_modes.push_back(*m);
    {
        auto& q = c.prepare(kSelectLanguages);
        q.bind(1, id);
        while (q.step()) s.languages.push_back({q.text(0), q.text(1)});
    }
    {
        auto& q = c.prepare(kSelectCosts);
        q.bind(1, id);
        while (q.step()) s.costs.push_back({q.text(0), q.text(1), q.optional_real(2), q.text(3)});
    }
    s.location_ids = strings(c, kSelectServiceLocations, id);
    {
        auto& q = c.prepare(kSelectContacts);
        q.bind(1, id);
        while (q.step()) s.contacts.push_back({q.text(0), q.text(1), q.text(2), {}, {}});
    }
    for (auto& contact : s.contacts) {
        auto& q = c.prepare(kSelectPhones);
        q.bind(1, contact.id);
        while (q.step()) contact.phones.push_back({q.text(0), q.text(1), q.text(2)});
        contact.emails = strings(c, kSelectEmails, contact.id);
    }
    {
        auto& q = c.prepare(kSelectSchedules);
        q.bind(1, id);
        while (q.step())
            s.schedules.push_back(
                {q.text(0), split_days(q.text(1)), q.text(2), q.text(3), q.text(4)});
    }
    {
        auto& q = c.prepare(kSelectClosures);
        q.bind(1, id);
        while (q.step()) s.closures.push_back({q.text(0), q.text(1), q.text(2)});
    }
    {
        auto& q = c.prepare(kSelectAreas);
        q.bind(1, id);
        while (q.step()) s.service_areas.push_back({q.text(0), q.text(1)});
    }
    s.term_ids = strings(c, kSelectServiceTerms, id);
    return s;
}

void bind_filter(Statement& st, const ServiceFilter& f) {
    st.bind(1, f.term_id)
        .bind(2, f.organisation_id)
        .bind(3, f.status ? domain::to_code(*f.status) : std::string_view{})
        .bind(4, f.only_published);
}

// The form a service is stored in: duplicates dropped and sets in a fixed order, so a stored
// service compares equal to the same input saved again.
Service normalised(Service s) {
    const auto dedupe = [](auto& v) {
        std::vector<std::decay_t<decltype(v[0])>> out;
        for (const auto& x : v)
            if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
        v = std::move(out);
    };
    dedupe(s.referral_routes);
    dedupe(s.delivery_modes);
    dedupe(s.location_ids);
    dedupe(s.term_ids);
    std::sort(s.term_ids.begin(), s.term_ids.end());
    std::stable_sort(s.closures.begin(), s.closures.end(),
                     [](const auto& a, const auto& b) { return a.date < b.date; });
    s.last_modified.clear();
    return s;
}

std::optional<Service> Services::find(const std::string& id) {
    return store_.read([&](Connection& c) { return load_service(c, id); });
}

std::vector<Service> Services::list(const ServiceFilter& filter, Page page) {
    return store_.read([&](Connection& c) {
        std::vector<std::string> ids;
        auto& st = c.prepare(kListServices);
        bind_filter(st, filter);
        st.bind(5, page.limit).bind(6, page.offset);
        while (st.step()) ids.push_back(st.text(0));
        std::vector<Service> out;
        out.reserve(ids.size());
        for (const auto& id : ids)
            if (auto s = load_service(c, id)) out.push_back(std::move(*s));
        return out;
    });
}

std::vector<std::string> Services::all_ids() {
    return store_.read([&](Connection& c) {
        std::vector<std::string> out;
        auto& st = c.prepare("SELECT id FROM services ORDER BY name COLLATE NOCASE, id");
        while (st.step()) out.push_back(st.text(0));
        return out;
    });
}

std::int64_t Services::count(const ServiceFilter& filter) {
    return store_.read([&](Connection& c) {
        auto& st = c.prepare(kCountServices);
        bind_filter(st, filter);
        return st.single_integer();
    });
}

std::vector<Service> Services::recently_updated(int limit) {
    return store_.read([&](Connection& c) {
        const auto ids = [&] {
            std::vector<std::string> out;
            auto& st = c.prepare(kRecentServices);
            st.bind(1, limit);
            while (st.step()) out.push_back(st.text(0));
            return out;
        }();
        std::vector<Service> out;
        for (const auto& id : ids)
            if (auto s = load_service(c, id)) out.push_back(std::move(*s));
        return out;
    });
}

void Services::save(const Service& input) {
    Service s = input;
    domain::complete(s);
    if (auto errors = domain::validate(s); !errors.empty()) throw ValidationFailed(errors);
    s = normalised(std::move(s));
    store_.write([&](Connection& c) {
        // Saving what is already stored changes nothing, not even last_modified: re-running an
        // import or the demo load is a no-op.
        if (auto old = load_service(c, s.id); old && normalised(*old) == s) return;
        // Check references first so the person gets a precise message, not a foreign-key error.
        if (!exists(c, kOrganisationExists, s.organisation_id))
            throw Conflict("The organisation " + s.organisation_id +
                           " does not exist. Add the organisation first, then the service.");
        for (const auto& location_id : s.location_ids)
            if (!exists(c, kLocationExists, location_id))
                throw Conflict("The location " + location_id +
                               " does not exist. Add the location first, then link it.");
        for (const auto& term_id : s.term_ids)
            if (!exists(c, kTermExists, term_id))
                throw Conflict("The taxonomy term " + term_id +
                               " does not exist. Choose a category or need from the list.");

        c.prepare(kUpsertService)
            .bind(1, s.id)
            .bind(2, s.organisation_id)
            .bind(3, s.name)
            .bind(4, s.summary)
            .bind(5, s.description)
            .bind(6, domain::to_code(s.status))
            .bind(7, s.url)
            .bind(8, s.email)
            .bind(9, s.min_age)
            .bind(10, s.max_age)
            .bind(11, s.eligibility)
            .bind(12, s.referral_url)
            .bind(13, s.free)
            .bind(14, s.waiting_time)
            .bind(15, domain::now_rfc3339())
            .bind(16, s.last_checked)
            .bind(17, s.review_due)
            .bind(18, s.source)
            .run();
        for (const char* sql : kDeleteServiceChildren) c.prepare(sql).bind(1, s.id).run();

        std::set<domain::ReferralRoute> seen_routes;
        int position = 0;
        for (auto r : s.referral_routes)
            if (seen_routes.insert(r).second)
                c.prepare(kInsertRoute)
                    .bind(1, s.id)
                    .bind(2, domain::to_code(r))
                    .bind(3, position++)
                    .run();
        for (std::size_t i = 0; i < s.how_to_access.size(); ++i)
            c.prepare(kInsertStep)
                .bind(1, s.id)
                .bind(2, static_cast<int>(i))
                .bind(3, s.how_to_access[i])
                .run();
        std::set<domain::DeliveryMode> seen_modes;
        position = 0;
        for (auto m : s.delivery_modes)
            if (seen_modes.insert(m).second)
                c.prepare(kInsertMode)
                    .bind(1, s.id)
                    .bind(2, domain::to_code(m))
                    .bind(3, position++)
                    .run();
        for (std::size_t i = 0; i < s.languages.size(); ++i)
            c.prepare(kInsertLanguage)
                .bind(1, s.languages[i].id)
                .bind(2, s.id)
                .bind(3, static_cast<int>(i))
                .bind(4, s.languages[i].name)
                .run();
        for (std::size_t i = 0; i < s.costs.size(); ++i)
            c.prepare(kInsertCost)
                .bind(1, s.costs[i].id)
                .bind(2, s.id)
                .bind(3, static_cast<int>(i))
                .bind(4, s.costs[i].option)
                .bind(5, s.costs[i].amount)
                .bind(6, s.costs[i].amount_description)
                .run();
        std::set<std::string> seen_locations;
        position = 0;
        for (const auto& location_id : s.location_ids)
            if (seen_locations.insert(location_id).second)
                c.prepare(kInsertServiceAtLocation)
                    .bind(1, domain::derived_uuid(s.id, "at/" + location_id))
                    .bind(2, s.id)
                    .bind(3, location_id)
                    .bind(4, position++)
                    .run();
        for (std::size_t i = 0; i < s.contacts.size(); ++i) {
            const auto& contact = s.contacts[i];
            c.prepare(kInsertContact)
                .bind(1, contact.id)
                .bind(2, s.id)
                .bind(3, static_cast<int>(i))
                .bind(4, contact.name)
                .bind(5, contact.title)
                .run();
            for (std::size_t j = 0; j < contact.phones.size(); ++j)
                c.prepare(kInsertPhone)
                    .bind(1, contact.phones[j].id)
                    .bind(2, contact.id)
                    .bind(3, static_cast<int>(j))
                    .bind(4, contact.phones[j].number)
                    .bind(5, contact.phones[j].description)
                    .run();
            for (std::size_t j = 0; j < contact.emails.size(); ++j)
                c.prepare(kInsertEmail)
                    .bind(1, contact.id)
                    .bind(2, static_cast<int>(j))
                    .bind(3, contact.emails[j])
                    .run();
        }
        for (std::size_t i = 0; i < s.schedules.size(); ++i)
            c.prepare(kInsertSchedule)
                .bind(1, s.schedules[i].id)
                .bind(2, s.id)
                .bind(3, static_cast<int>(i))
                .bind(4, split_join(s.schedules[i].days))
                .bind(5, s.schedules[i].opens_at)
                .bind(6, s.schedules[i].closes_at)
                .bind(7, s.schedules[i].description)
                .run();
        for (const auto& closure : s.closures)
            c.prepare(kInsertClosure)
                .bind(1, closure.id)
                .bind(2, s.id)
                .bind(3, closure.date)
                .bind(4, closure.description)
                .run();
        for (std::size_t i = 0; i < s.service_areas.size(); ++i)
            c.prepare(kInsertArea)
                .bind(1, s.service_areas[i].id)
                .bind(2, s.id)
                .bind(3, static_cast<int>(i))
                .bind(4, s.service_areas[i].name)
                .run();
        for (const auto& term_id : s.term_ids)
            c.prepare(kInsertServiceTerm).bind(1, s.id).bind(2, term_id).run();
    });
}

bool Services::archive(const std::string& id) {
    bool found = false;
    store_.write([&](Connection& c) {
        c.prepare(kArchiveService).bind(1, id).bind(2, domain::now_rfc3339()).run();
        found = c.changes() > 0;
    });
    return found;
}

// The Open Referral API's service query (storage::ServiceQuery) as SQL that holds only the
// conditions the query uses. With no filters the list is a walk of services_by_name (name, id,
// status: migration 0011) and the count a scan of that index alone, never of the rows with their
// long descriptions; a constant SQL text with "?n = '' OR ..." for every optional filter made
// SQLite read every row (bench/README.md, "Import and the Open Referral API"). Values are always
// bound, never written into the text, so the set of texts is small and each is prepared once.
class ServiceQuerySql {
public:
    // services_at_locations: the rows are service_at_locations (alias sal) joined to services,
    // and a location filter applies to the row's own location.
    ServiceQuerySql(const ServiceQuery& q, bool service_at_locations) {
        if (!q.term_id.empty()) {
            with_ = "WITH RECURSIVE sub(id) AS (SELECT ?" + next(q.term_id) +
                    " UNION SELECT t.id FROM taxonomy_terms t JOIN sub ON t.parent_id = sub.id) ";
            where(
                "s.id IN (SELECT st.service_id FROM service_taxonomy_terms st "
                "WHERE st.term_id IN sub)");
        }
        if (!q.organisation_id.empty()) where("s.organisation_id = ?" + next(q.organisation_id));
        if (!q.include_defunct) where("s.status <> 'defunct'");
        if (!q.taxonomy_id.empty())
            where(
                "EXISTS (SELECT 1 FROM service_taxonomy_terms st JOIN taxonomy_terms t "
                "ON t.id = st.term_id WHERE st.service_id = s.id AND t.taxonomy_id = ?" +
                next(q.taxonomy_id) + ")");
        // Every word of the search, lowercased (ASCII), somewhere in the name, summary or
        // description. The words are split by a recursive CTE, so any number of them is one
        // SQL text. A search reads every row anyway.
        if (const auto words = search_words(q.search); !words.empty()) {
            with_ += with_.empty() ? "WITH RECURSIVE " : ", ";
            with_ += "words(w, rest) AS (SELECT '', ?" + next(words + " ") +
                     " UNION ALL SELECT substr(rest, 1, instr(rest, ' ') - 1), "
                     "substr(rest, instr(rest, ' ') + 1) FROM words WHERE rest <> '') ";
            where(
                "NOT EXISTS (SELECT 1 FROM words WHERE w <> '' AND instr(lower(s.name || ' ' "
                "|| s.summary || ' ' || s.description), w) = 0)");
        }
        if (!q.modified_after.empty())
            where("julianday(s.last_modified) >= julianday(?" + next(q.modified_after) + ")");
        if (q.minimum_age) where("s.min_age >= ?" + next(*q.minimum_age));
        if (q.maximum_age) where("s.max_age <= ?" + next(*q.maximum_age));
        if (q.age) {
            const auto n = next(*q.age);
            where("(s.min_age IS NULL OR s.min_age <= ?" + n + ") AND (s.max_age IS NULL OR " +
                  "s.max_age >= ?" + n + ")");
        }
        if (q.restrict_to_locations || !q.location_ids.empty()) {
            if (q.location_ids.empty()) {
                where("0");  // a place nobody is at: nothing matches
            } else {
                const std::string in =
                    " IN (SELECT value FROM json_each(?" + next(json_array(q.location_ids)) + "))";
                by_location_ = true;
                if (service_at_locations)
                    where("sal.location_id" + in);
                else  // IN, not a correlated EXISTS: the list is read once, not per service
                    where(
                        "s.id IN (SELECT x.service_id FROM service_at_locations x WHERE "
                        "x.location_id" +
                        in + ")");
            }
        }
    }

    // "WITH ... SELECT <columns> FROM <from> WHERE ...".
    std::string text(const std::string& select_from) const {
        return with_ + select_from + (where_.empty() ? "" : " WHERE " + where_);
    }
    // The same in that order, one page of it: LIMIT and OFFSET are the last two parameters,
    // which bind(st, page) fills.
    std::string paged_text(const std::string& select_from, const std::string& order_by) const {
        const auto n = static_cast<int>(values_.size()) + 1;
        return text(select_from) + " ORDER BY " + order_by + " LIMIT ?" + std::to_string(n) +
               " OFFSET ?" + std::to_string(n + 1);
    }
    // service_at_locations rows: FROM and JOIN. Without a place, walk services in name order
    // (services_by_name) and each one's places, rather than every place and then its service
    // (CROSS JOIN fixes that order); with places, start from them (their location index).
    std::string service_at_locations_from() const {
        return by_location_ ? "service_at_locations sal JOIN services s ON s.id = sal.service_id"
                            : "services s CROSS JOIN service_at_locations sal "
                              "ON sal.service_id = s.id";
    }
    // The SQL text and every bound value, each length-prefixed: equal keys, equal answers.
    std::string key(const std::string& text) const {
        std::string out = std::to_string(text.size()) + ':' + text;
        for (const auto& v : values_) {
            const auto part = std::holds_alternative<std::string>(v)
                                  ? 's' + std::get<std::string>(v)
                                  : 'i' + std::to_string(std::get<std::int64_t>(v));
            out += std::to_string(part.size()) + ':' + part;
        }
        return out;
    }
    void bind(Statement& st, Page page) const {
        bind(st);
        const auto n = static_cast<int>(values_.size()) + 1;
        st.bind(n, page.limit).bind(n + 1, page.offset);
    }
    void bind(Statement& st) const {
        for (std::size_t i = 0; i < values_.size(); ++i) {
            const int index = static_cast<int>(i) + 1;
            if (const auto* text = std::get_if<std::string>(&values_[i]))
                st.bind(index, *text);
            else
                st.bind(index, std::get<std::int64_t>(values_[i]));
        }
    }

private:
    std::string next(std::string value) {
        values_.emplace_back(std::move(value));
        return std::to_string(values_.size());
    }
    std::string next(std::int64_t value) {
        values_.emplace_back(value);
        return std::to_string(values_.size());
    }
    void where(const std::string& condition) {
        if (!where_.empty()) where_ += " AND ";
        where_ += condition;
    }

    // The search's words, ASCII-lowercased, separated by single spaces.
    static std::string search_words(const std::string& search) {
        std::string words;
        for (char c : search) {
            const auto u = static_cast<unsigned char>(c);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (!words.empty() && words.back() != ' ') words.push_back(' ');
            } else {
                words.push_back((u >= 'A' && u <= 'Z') ? static_cast<char>(u - 'A' + 'a') : c);
            }
        }
        while (!words.empty() && words.back() == ' ') words.pop_back();
        return words;
    }

    static std::string json_array(const std::vector<std::string>& values) {
        std::string out = "[";
        for (const auto& v : values) {
            if (out.size() > 1) out += ',';
            out += '"';
            for (char c : v) {
                if (c == '"' || c == '\\') out += '\\';
                if (static_cast<unsigned char>(c) < 0x20) continue;  // ids never hold these
                out += c;
            }
            out += '"';
        }
        return out + "]";
    }

    std::string with_;
    std::string where_;
    std::vector<std::variant<std::string, std::int64_t>> values_;
    bool by_location_ = false;
};

std::vector<std::string> Services::query_ids(const ServiceQuery& query, Page page) {
    return store_.read([&](Connection& c) {
        const ServiceQuerySql sql(query, false);
        auto& st = c.prepare_text(
            sql.paged_text("SELECT s.id FROM services s", "s.name COLLATE NOCASE, s.id"));
        sql.bind(st, page);
        std::vector<std::string> ids;
        while (st.step()) ids.push_back(st.text(0));
        return ids;
    });
}

std::vector<std::string> Services::ids_with_source(const std::string& source) {
    return store_.read([&](Connection& c) {
        std::vector<std::string> ids;
        auto& st = c.prepare("SELECT id FROM services WHERE source = ?1 ORDER BY id");
        st.bind(1, source);
        while (st.step()) ids.push_back(st.text(0));
        return ids;
    });
}

std::int64_t Services::count_of(const ServiceQuerySql& sql, const std::string& text) {
    return store_.read([&](Connection& c) {
        // Inside a transaction the rows may change before the generation does: no cache.
        const auto key = store_.in_transaction() ? std::string() : sql.key(text);
        const bool cacheable = !key.empty() && key.size() <= kMaxCountKey;
        std::int64_t generation = 0;
        if (cacheable) {
            // The generation is read before counting, so a count is never older than the
            // generation it is kept under.
            generation = c.prepare(kSelectGeneration).single_integer();
            std::lock_guard lock(counts_mutex_);
            if (generation == counts_generation_)
                if (const auto it = counts_.find(key); it != counts_.end()) return it->second;
        }
        auto& st = c.prepare_text(text);
        sql.bind(st);
        const auto n = st.single_integer();
        if (cacheable) {
            std::lock_guard lock(counts_mutex_);
            // Any other generation (a newer one, or an older one after a restore) starts again.
            if (generation != counts_generation_ || counts_.size() >= kMaxCounts) {
                counts_.clear();
                counts_generation_ = generation;
            }
            counts_[key] = n;
        }
        return n;
    });
}

std::int64_t Services::query_count(const ServiceQuery& query) {
    const ServiceQuerySql sql(query, false);
    return count_of(sql, sql.text("SELECT COUNT(*) FROM services s"));
}

std::vector<ServiceAtLocationRow> Services::query_service_at_locations(const ServiceQuery& query,
                                                                       Page page) {
    return store_.read([&](Connection& c) {
        const ServiceQuerySql sql(query, true);
        auto& st =
            c.prepare_text(sql.paged_text("SELECT sal.id, sal.service_id, sal.location_id FROM " +
                                              sql.service_at_locations_from(),
                                          "s.name COLLATE NOCASE, s.id, sal.position"));
        sql.bind(st, page);
        std::vector<ServiceAtLocationRow> rows;
        while (st.step()) rows.push_back({st.text(0), st.text(1), st.text(2)});
        return rows;
    });
}

std::int64_t Services::query_service_at_locations_count(const ServiceQuery& query) {
    const ServiceQuerySql sql(query, true);
    return count_of(sql, sql.text("SELECT COUNT(*) FROM " + sql.service_at_locations_from()));
}

std::optional<ServiceAtLocationRow> Services::find_service_at_location(const std::string& id) {
    return store_.read([&](Connection& c) -> std::optional<ServiceAtLocationRow> {
        auto& st = c.prepare(kSelectServiceAtLocation);
        st.bind(1, id);
        if (!st.step()) return std::nullopt;
        ServiceAtLocationRow row{st.text(0), st.text(1), st.text(2)};
        st.reset();
        return row;
    });
}

void Services::set_last_modified(const std::string& id, const std::string& last_modified) {
    store_.write([&](Connection& c) {
        c.prepare(kSetServiceLastModified).bind(1, id).bind(2, last_modified).run();
    });
}

// --- Taxonomies -----------------------------------------------------------------------------

domain::Taxonomy read_taxonomy(Statement& st) {
    return {st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5)};
}

domain::TaxonomyTerm read_term(Statement& st) {
    return {st.text(0),
            st.text(1),
            st.text(2),
            st.text(3),
            st.text(4),
            st.text(5),
            static_cast<int>(st.integer(6))};
}

std::vector<domain::Taxonomy> Taxonomies::taxonomies() {
    return store_.read([](Connection& c) {
        std::vector<domain::Taxonomy> out;
        auto& st = c.prepare(kListTaxonomies);
        while (st.step()) out.push_back(read_taxonomy(st));
        return out;
    });
}

std::optional<domain::Taxonomy> Taxonomies::find_taxonomy(const std::string& id) {
    return store_.read([&](Connection& c) -> std::optional<domain::Taxonomy> {
        auto& st = c.prepare(kSelectTaxonomy);
        st.bind(1, id);
        if (!st.step()) return std::nullopt;
        auto t = read_taxonomy(st);
        st.reset();
        return t;
    });
}

std::optional<domain::Taxonomy> Taxonomies::find_taxonomy_by_code(const std::string& code) {
    return store_.read([&](Connection& c) -> std::optional<domain::Taxonomy> {
        auto& st = c.prepare(kSelectTaxonomyByCode);
        st.bind(1, code);
        if (!st.step()) return std::nullopt;
        auto t = read_taxonomy(st);
        st.reset();
        return t;
    });
}

std::optional<domain::TaxonomyTerm> Taxonomies::find_term(const std::string& id) {
    return store_.read([&](Connection& c) -> std::optional<domain::TaxonomyTerm> {
        auto& st = c.prepare(kSelectTerm);
        st.bind(1, id);
        if (!st.step()) return std::nullopt;
        auto t = read_term(st);
        st.reset();
        return t;
    });
}

std::optional<domain::TaxonomyTerm> Taxonomies::find_term_by_code(const std::string& taxonomy_code,
                                                                  const std::string& term_code) {
    return store_.read([&](Connection& c) -> std::optional<domain::TaxonomyTerm> {
        auto& st = c.prepare(kSelectTermByCode);
        st.bind(1, taxonomy_code).bind(2, term_code);
        if (!st.step()) return std::nullopt;
        auto t = read_term(st);
        st.reset();
        return t;
    });
}

std::vector<domain::TaxonomyTerm> Taxonomies::terms(const std::string& taxonomy_id) {
    auto flat = store_.read([&](Connection& c) {
        std::vector<domain::TaxonomyTerm> out;
        auto& st = c.prepare(kSelectTerms);
        st.bind(1, taxonomy_id);
        while (st.step()) out.push_back(read_term(st));
        return out;
    });
    // Depth-first, so each parent is followed by its children.
    std::map<std::string, std::vector<const domain::TaxonomyTerm*>> children;
    std::set<std::string> ids;
    for (const auto& t : flat) ids.insert(t.id);
    for (const auto& t : flat)
        children[ids.count(t.parent_id) ? t.parent_id : std::string()].push_back(&t);
    std::vector<domain::TaxonomyTerm> out;
    std::set<std::string> placed;
    std::function<void(const std::string&)> visit = [&](const std::string& parent) {
        for (const auto* t : children[parent]) {
            if (!placed.insert(t->id).second) continue;
            out.push_back(*t);
            visit(t->id);
        }
    };
    visit("");
    return out;
}

std::vector<std::pair<std::string, std::int64_t>> Taxonomies::service_counts(
    const std::string& taxonomy_id) {
    return store_.read([&](Connection& c) {
        std::vector<std::pair<std::string, std::int64_t>> out;
        auto& st = c.prepare(kTermCounts);
        st.bind(1, taxonomy_id);
        while (st.step()) out.emplace_back(st.text(0), st.integer(1));
        return out;
    });
}

void Taxonomies::save_taxonomy(const domain::Taxonomy& t) {
    if (auto errors = domain::validate(t); !errors.empty()) throw ValidationFailed(errors);
    store_.write([&](Connection& c) {
        if (exists(c, kTaxonomyCodeTaken, t.code, t.id))
            throw Conflict("Another taxonomy already uses the code \"" + t.code +
                           "\". Choose a different code.");
        {
            auto& st = c.prepare(kSelectTaxonomy);
            st.bind(1, t.id);
            if (st.step()) {
                const auto old = read_taxonomy(st);
                st.reset();
                if (old == t) return;
            }
        }
        c.prepare(kUpsertTaxonomy)
            .bind(1, t.id)
            .bind(2, t.code)
            .bind(3, t.name)
            .bind(4, t.description)
            .bind(5, t.uri)
            .bind(6, t.version)
            .run();
    });
}

void Taxonomies::save_term(const domain::TaxonomyTerm& t) {
    if (auto errors = domain::validate(t); !errors.empty()) throw ValidationFailed(errors);
    store_.write([&](Connection& c) {
        if (!exists(c, kSelectTaxonomy, t.taxonomy_id))
            throw Conflict("The taxonomy " + t.taxonomy_id + " does not exist.");
        if (exists(c, kTermCodeTaken, t.taxonomy_id, t.code, t.id))
            throw Conflict("Another term in this taxonomy already uses the code \"" + t.code +
                           "\". Choose a different code.");
        // Walk up from the new parent: reaching this term again would make a loop.
        std::string cursor = t.parent_id;
        for (int depth = 0; !cursor.empty(); ++depth) {
            if (cursor == t.id || depth > 64)
                throw Conflict("A term cannot be placed under one of its own sub-terms.");
            auto& st = c.prepare(kTermParent);
            st.bind(1, cursor);
            if (!st.step()) throw Conflict("The parent term " + cursor + " does not exist.");
            if (depth == 0 && st.text(1) != t.taxonomy_id) {
                st.reset();
                throw Conflict("The parent term belongs to a different taxonomy.");
            }
            cursor = st.text(0);
            st.reset();
        }
        {
            auto& st = c.prepare(kSelectTerm);
            st.bind(1, t.id);
            if (st.step()) {
                const auto old = read_term(st);
                st.reset();
                if (old == t) return;
            }
        }
        c.prepare(kUpsertTerm)
            .bind(1, t.id)
            .bind(2, t.taxonomy_id)
            .bind(3, t.parent_id)
            .bind(4, t.code)
            .bind(5, t.name)
            .bind(6, t.description)
            .bind(7, t.position)
            .run();
    });
}

// --- Advice pages -------------------------------------------------------------------------

domain::AdvicePage read_advice(Statement& st) {
    return {st.text(0), st.text(1), st.text(2),
            st.text(3), st.text(4), static_cast<int>(st.integer(5)),
            st.text(6), st.text(7)};
}

std::optional<domain::AdvicePage> Advice::find_by_slug(const std::string& slug) {
    return store_.read([&](Connection& c) -> std::optional<domain::AdvicePage> {
        auto& st = c.prepare(kSelectAdviceBySlug);
        st.bind(1, slug);
        if (!st.step()) return std::nullopt;
        auto p = read_advice(st);
        st.reset();
        return p;
    });
}

std::optional<domain::AdvicePage> Advice::find(const std::string& id) {
    return store_.read([&](Connection& c) -> std::optional<domain::AdvicePage> {
        auto& st = c.prepare(kSelectAdvice);
        st.bind(1, id);
        if (!st.step()) return std::nullopt;
        auto p = read_advice(st);
        st.reset();
        return p;
    });
}

std::vector<domain::AdvicePage> Advice::list() {
    return store_.read([](Connection& c) {
        std::vector<domain::AdvicePage> out;
        auto& st = c.prepare(kListAdvice);
        while (st.step()) out.push_back(read_advice(st));
        return out;
    });
}

void Advice::save(const domain::AdvicePage& p) {
    if (auto errors = domain::validate(p); !errors.empty()) throw ValidationFailed(errors);
    store_.write([&](Connection& c) {
        {
            auto& st = c.prepare(kSelectAdvice);
            st.bind(1, p.id);
            if (st.step()) {
                auto old = read_advice(st);
                st.reset();
                old.last_modified = p.last_modified;
                if (old == p) return;
            }
        }
        if (exists(c, kAdviceSlugTaken, p.slug, p.id))
            throw Conflict("Another advice page already uses the web address /advice/" + p.slug +
                           ". Choose a different one.");
        c.prepare(kUpsertAdvice)
            .bind(1, p.id)
            .bind(2, p.slug)
            .bind(3, p.title)
            .bind(4, p.summary)
            .bind(5, p.body_markdown)
            .bind(6, p.position)
            .bind(7, p.source)
            .bind(8, domain::now_rfc3339())
            .run();
    });
}

// --- Feedback -------------------------------------------------------------------------------

void FeedbackAnswers::add(const domain::Feedback& input) {
    auto f = input;
    f.comment = domain::remove_personal_details(f.comment);
    if (f.created_at.empty()) f.created_at = domain::now_rfc3339();
    if (auto errors = domain::validate(f); !errors.empty()) throw ValidationFailed(errors);
    store_.write([&](Connection& c) {
        auto& st = c.prepare(kInsertFeedback);
        st.bind(1, f.id).bind(2, f.created_at).bind(3, f.page);
        if (f.useful)
            st.bind(4, *f.useful);
        else
            st.bind_null(4);
        st.bind(5, f.comment).bind(6, f.problem).run();
    });
}

std::vector<domain::Feedback> FeedbackAnswers::list(Page page) {
    return store_.read([&](Connection& c) {
        std::vector<domain::Feedback> out;
        auto& st = c.prepare(kListFeedback);
        st.bind(1, page.limit).bind(2, page.offset);
        while (st.step()) {
            domain::Feedback f{st.text(0), st.text(1), st.text(2), std::nullopt, st.text(4), false};
            if (!st.is_null(3)) f.useful = st.integer(3) != 0;
            f.problem = st.integer(5) != 0;
            out.push_back(std::move(f));
        }
        return out;
    });
}

std::int64_t FeedbackAnswers::count() {
    return store_.read([](Connection& c) {
        auto& st = c.prepare(kCountFeedback);
        return st.single_integer();
    });
}

// --- Opening and migrating ------------------------------------------------------------------

void migrate(Connection& c, const std::string& path, OpenMode mode) {
    const int version = static_cast<int>(c.prepare("PRAGMA user_version").single_integer());
    const int latest = migrations().empty() ? 0 : migrations().back().version;
    if (version > latest)
        throw StoreUnavailable("The database " + path +
                               " was made by a newer version of localoffer "
                               "(schema " +
                               std::to_string(version) + "; this version knows up to " +
                               std::to_string(latest) +
                               "). Run the newer version, or restore a "
                               "backup made with this one.");
    if (version == latest) return;
    if (mode == OpenMode::RequireReady)
        throw StoreUnavailable("The database " + path + " is at schema " + std::to_string(version) +
                               " but this program needs " + std::to_string(latest) +
                               ". Run: localoffer migrate --data <folder>");
    for (const auto& m : migrations()) {
        if (m.version <= version) continue;
        c.exec("BEGIN IMMEDIATE");
        try {
            c.exec(m.sql);
            c.exec("PRAGMA user_version = " + std::to_string(m.version));
            c.exec("COMMIT");
        } catch (const std::exception& e) {
            c.exec("ROLLBACK");
            throw StoreUnavailable("Could not upgrade the database " + path + " to schema " +
                                   std::to_string(m.version) + " (" + m.name + "): " + e.what() +
                                   ". Nothing was changed; restore a backup or report this.");
        }
    }
}

}  // namespace

std::unique_ptr<Store> open_store_file(const std::string& db_path, OpenMode mode) {
    auto pool = std::make_shared<Pool>(db_path);
    try {
        auto first = pool->acquire();
        migrate(*first, db_path, mode);
        pool->release(std::move(first));
    } catch (const SqliteError& e) {
        if (e.code() == SQLITE_NOTADB || e.code() == SQLITE_CORRUPT)
            throw StoreUnavailable(db_path + " is not a readable localoffer database (" + e.what() +
                                   "). Restore it from a backup, or move it away to start empty.");
        if (e.code() == SQLITE_CANTOPEN || e.code() == SQLITE_READONLY || e.code() == SQLITE_PERM ||
            e.code() == SQLITE_IOERR)
            throw StoreUnavailable("Could not open the database " + db_path + " (" + e.what() +
                                   "). Check the folder exists and this user can write to it.");
        if (e.code() == SQLITE_BUSY || e.code() == SQLITE_LOCKED)
            throw StoreUnavailable("The database " + db_path +
                                   " is locked by another program. Stop it and try again.");
        throw StoreUnavailable("Could not open the database " + db_path + ": " + e.what());
    }
    return std::make_unique<SqliteStore>(std::move(pool), nullptr);
}

std::unique_ptr<Store> open_store(const std::string& data_dir, OpenMode mode) {
    std::error_code ec;
    fs::create_directories(data_dir, ec);
    if (ec || !fs::is_directory(data_dir))
        throw StoreUnavailable("Could not create the data folder " + data_dir + " (" +
                               (ec ? ec.message() : std::string("it is not a folder")) +
                               "). Choose another folder with --data, or create it first.");
    // Prove the folder is writable before SQLite tries (it would fail later, less clearly).
    const auto probe = fs::path(data_dir) / ".localoffer-write-test";
    {
        std::ofstream out(probe);
        if (!out)
            throw StoreUnavailable("Cannot write to the data folder " + data_dir + " (" +
                                   std::strerror(errno) +
                                   "). Choose another folder with --data, or change its "
                                   "permissions so this user can write to it.");
    }
    fs::remove(probe, ec);
    return open_store_file((fs::path(data_dir) / kDatabaseFile).string(), mode);
}

}  // namespace lo::storage::sqlite
