// The store of record, as repository interfaces. Handlers, the CLI and the search index see only
// these; SQLite (storage/sqlite) implements them today and PostgreSQL can later, unchanged above.
#pragma once

#include <algorithm>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/checked.hpp"
#include "domain/feedback.hpp"
#include "domain/model.hpp"
#include "domain/validation.hpp"
#include "storage/accounts.hpp"
#include "storage/feedback_inbox.hpp"
#include "storage/insights.hpp"
#include "storage/mail_reviews.hpp"
#include "storage/moderation.hpp"
#include "storage/privacy.hpp"
#include "storage/search_tables.hpp"
#include "storage/search_words.hpp"

namespace lo::storage {

// A write was refused because the record broke the domain rules; nothing was written.
class ValidationFailed : public std::runtime_error {
public:
    explicit ValidationFailed(domain::ValidationErrors errors);
    const domain::ValidationErrors& errors() const { return errors_; }

private:
    domain::ValidationErrors errors_;
};

// The record that passed the domain rules, or ValidationFailed with every problem found. The
// repositories' save(record) run the rules here, above any backend; a caller that has checked
// the record already (the admin, to show the problems on its form) passes the Checked record.
template <typename T>
domain::Checked<T> checked(domain::CheckResult<T> result) {
    if (!result.record) throw ValidationFailed(std::move(result.errors));
    return std::move(*result.record);
}

// A write was refused because it conflicts with stored data (a missing organisation, a
// duplicate slug, a term still in use). message() is plain English for the person.
class Conflict : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The store cannot be used at all: unreadable, corrupt, newer schema. One line, says what to do.
class StoreUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Page {
    int limit = 50;
    int offset = 0;
};

struct ServiceFilter {
    std::optional<domain::ServiceStatus> status;
    std::string organisation_id;
    std::string term_id;         // matches the term and every term below it
    bool only_published = true;  // FIXME: moderation arrives with the editors' issue.
};

// A service's id and when it last changed, without the rest of it.
struct ServiceStamp {
    std::string id;
    std::string last_modified;
};

// What the Open Referral API and the exporters ask for. Every set field narrows the result (AND).
struct ServiceQuery {
    std::string search;       // every word must appear in the name, summary or description
    std::string term_id;      // the term or any term below it
    std::string taxonomy_id;  // any term of that taxonomy
    std::string organisation_id;
    std::string modified_after;             // RFC 3339; services modified at or after it
    std::optional<int> minimum_age;         // services whose minimum age is at least this
    std::optional<int> maximum_age;         // services whose maximum age is at most this
    std::optional<int> age;                 // services open to a child of this age
    std::vector<std::string> location_ids;  // non-empty: services at one of these locations
    bool restrict_to_locations = false;     // true: apply location_ids even when empty
    bool include_defunct = false;
};

// One row of service_at_locations: a service offered at a place.
struct ServiceAtLocationRow {
    std::string id;
    std::string service_id;
    std::string location_id;
    bool operator==(const ServiceAtLocationRow&) const = default;
};

class OrganisationRepository {
public:
    virtual ~OrganisationRepository() = default;
    virtual std::optional<domain::Organisation> find(const std::string& id) = 0;
    virtual std::vector<domain::Organisation> list(Page page) = 0;
    virtual std::int64_t count() = 0;
    // Insert or update by id. Throws ValidationFailed.
    void save(const domain::Organisation& organisation) {
        save(checked(domain::check(organisation)));
    }
    virtual void save(const domain::Checked<domain::Organisation>& organisation) = 0;
};

// Where a location is, without its child records: what the Open Referral postcode filter needs
// of every location.
struct LocationPoint {
    std::string id;
    std::string postcode;  // normalised ("OX3 9DU") or empty
    std::optional<double> latitude;
    std::optional<double> longitude;
};

class LocationRepository {
public:
    virtual ~LocationRepository() = default;
    virtual std::optional<domain::Location> find(const std::string& id) = 0;
    virtual std::vector<domain::Location> find_many(const std::vector<std::string>& ids) = 0;
    virtual std::vector<domain::Location> list(Page page) = 0;
    // Every location's id, postcode and coordinates, in one read.
    virtual std::vector<LocationPoint> points() = 0;
    virtual std::int64_t count() = 0;
    // Insert or update by id. Throws ValidationFailed.
    void save(const domain::Location& location) { save(checked(domain::check(location))); }
    virtual void save(const domain::Checked<domain::Location>& location) = 0;
};

class ServiceRepository {
public:
    virtual ~ServiceRepository() = default;
    // The whole service with every child record, or nothing.
    virtual std::optional<domain::Service> find(const std::string& id) = 0;
    // The services found, whole, in the order of ids; ids not found are left out. For a page of
    // an API list: the default finds each; a backend reads the lot in a fixed number of queries.
    virtual std::vector<domain::Service> find_many(const std::vector<std::string>& ids) {
        std::vector<domain::Service> out;
        for (const auto& id : ids)
            if (auto s = find(id)) out.push_back(std::move(*s));
        return out;
    }
    // Services ordered by name.
    virtual std::vector<domain::Service> list(const ServiceFilter& filter, Page page) = 0;
    virtual std::int64_t count(const ServiceFilter& filter) = 0;
    // Every service's id, whatever its status, in list()'s order: for walking the whole store
    // (the search index rebuild) without paging by offset, which reads every earlier row again
    // for each page and made a 1M rebuild quadratic. The default pages through list().
    virtual std::vector<std::string> all_ids() {
        ServiceFilter all;
        all.only_published = false;
        std::vector<std::string> out;
        for (int offset = 0;; offset += 500) {
            const auto batch = list(all, {500, offset});
            for (const auto& s : batch) out.push_back(s.id);
            if (batch.size() < 500) return out;
        }
    }
    // A page of the listed (not defunct) services' ids and last_modified, in list()'s order: for
    // the sitemap, which names every service and must not load each one whole. The default
    // loads the page whole.
    virtual std::vector<ServiceStamp> listed_stamps(Page page) {
        std::vector<ServiceStamp> out;
        for (const auto& s : list(ServiceFilter{}, page)) out.push_back({s.id, s.last_modified});
        return out;
    }
    // The listed (not defunct) services tagged with any of exactly these terms (not the terms
    // below them), in list()'s order: what the eligibility checker reads for a family's needs.
    // The default pages through list().
    virtual std::vector<std::string> listed_ids_with_terms(
        const std::vector<std::string>& term_ids) {
        const std::set<std::string> wanted(term_ids.begin(), term_ids.end());
        std::vector<std::string> out;
        for (int offset = 0;; offset += 500) {
            const auto batch = list(ServiceFilter{}, {500, offset});
            for (const auto& s : batch)
                if (std::any_of(s.term_ids.begin(), s.term_ids.end(),
                                [&](const auto& t) { return wanted.contains(t); }))
                    out.push_back(s.id);
            if (batch.size() < 500) return out;
        }
    }
    // Of ids, those that are services the Local Offer lists (not defunct), in the same order.
    // For a family's shortlist, checked on every page it shows on: the default loads each whole
    // service; a backend answers from the services table alone.
    virtual std::vector<std::string> listed_ids(const std::vector<std::string>& ids) {
        std::vector<std::string> out;
        for (const auto& id : ids) {
            const auto s = find(id);
            if (s && s->status != domain::ServiceStatus::Defunct) out.push_back(id);
        }
        return out;
    }
    // Of ids, the services that have urgent help, with it. An import keeps it for services it
    // writes again, since no feed carries it. The default loads each whole service; a backend
    // answers from the services table alone.
    virtual std::map<std::string, std::string> urgent_help_of(const std::vector<std::string>& ids) {
        std::map<std::string, std::string> out;
        for (const auto& id : ids)
            if (const auto s = find(id); s && !s->urgent_help.empty()) out[id] = s->urgent_help;
        return out;
    }
    // Most recently modified first.
    virtual std::vector<domain::Service> recently_updated(int limit) = 0;
    // Insert or update by id, replacing every child record, in one transaction. Throws
    // ValidationFailed on broken rules and Conflict when the organisation, a location or a
    // taxonomy term does not exist. The rules run with a 12-month review period; to use the
    // site's, check the service first (domain::check) and save the Checked record.
    void save(const domain::Service& service) { save(checked(domain::check(service))); }
    virtual void save(const domain::Checked<domain::Service>& service) = 0;
    // Sets status to defunct (a soft delete, so history and ids survive). False when not found.
    virtual bool archive(const std::string& id) = 0;

    // Ids of the services matching the query, ordered by name then id (Open Referral API, export).
    virtual std::vector<std::string> query_ids(const ServiceQuery& query, Page page) = 0;
    virtual std::int64_t query_count(const ServiceQuery& query) = 0;
    // Service-at-location rows of the matching services, ordered by service name, then position.
    virtual std::vector<ServiceAtLocationRow> query_service_at_locations(const ServiceQuery& query,
                                                                         Page page) = 0;
    virtual std::int64_t query_service_at_locations_count(const ServiceQuery& query) = 0;
    virtual std::optional<ServiceAtLocationRow> find_service_at_location(const std::string& id) = 0;
    // Keeps the modification time an imported record had at its source (RFC 3339), so a
    // re-import or a round trip does not make it look newly changed. No-op when already equal.
    virtual void set_last_modified(const std::string& id, const std::string& last_modified) = 0;

    // Harvest (interchange/harvest.hpp): ids of every service whose source is exactly source,
    // archived ones included, in id order.
    virtual std::vector<std::string> ids_with_source(const std::string& source) = 0;
};

// What stands between a term and its deletion. Each count is a reason to refuse it.
struct TermUse {
    std::int64_t services = 0;      // services filed under exactly this term, whatever their status
    std::int64_t child_terms = 0;   // terms placed directly below it
    std::int64_t open_changes = 0;  // drafts and changes waiting for approval that file a service
                                    // under it (approving one later would fail)
    bool in_use() const { return services > 0 || child_terms > 0 || open_changes > 0; }
};

class TaxonomyRepository {
public:
    virtual ~TaxonomyRepository() = default;
    virtual std::vector<domain::Taxonomy> taxonomies() = 0;
    virtual std::optional<domain::Taxonomy> find_taxonomy(const std::string& id) = 0;
    virtual std::optional<domain::Taxonomy> find_taxonomy_by_code(const std::string& code) = 0;
    virtual std::optional<domain::TaxonomyTerm> find_term(const std::string& id) = 0;
    virtual std::optional<domain::TaxonomyTerm> find_term_by_code(const std::string& taxonomy_code,
                                                                  const std::string& term_code) = 0;
    // All terms of a taxonomy in tree order (parents before children, by position then name).
    virtual std::vector<domain::TaxonomyTerm> terms(const std::string& taxonomy_id) = 0;
    // Published services linked to each term of a taxonomy, counting children into parents.
    virtual std::vector<std::pair<std::string, std::int64_t>> service_counts(
        const std::string& taxonomy_id) = 0;
    // Throws ValidationFailed, or Conflict when another taxonomy has the code.
    void save_taxonomy(const domain::Taxonomy& taxonomy) {
        save_taxonomy(checked(domain::check(taxonomy)));
    }
    virtual void save_taxonomy(const domain::Checked<domain::Taxonomy>& taxonomy) = 0;
    // Throws ValidationFailed, or Conflict when the parent does not exist or the code is taken
    // in that taxonomy.
    void save_term(const domain::TaxonomyTerm& term) { save_term(checked(domain::check(term))); }
    virtual void save_term(const domain::Checked<domain::TaxonomyTerm>& term) = 0;
    virtual TermUse term_use(const std::string& term_id) = 0;
    // The services filed under exactly this term, whatever their status, by id.
    virtual std::vector<std::string> service_ids_with_term(const std::string& term_id) = 0;
    // Deletes an unused term. False when there is none; throws Conflict, saying what to do
    // first, when term_use() finds it in use (checked again inside the write).
    virtual bool remove_term(const std::string& id) = 0;
};

class AdviceRepository {
public:
    virtual ~AdviceRepository() = default;
    virtual std::optional<domain::AdvicePage> find_by_slug(const std::string& slug) = 0;
    virtual std::optional<domain::AdvicePage> find(const std::string& id) = 0;
    virtual std::vector<domain::AdvicePage> list() = 0;  // by position, then title
    // Throws ValidationFailed, or Conflict when another page has the slug.
    void save(const domain::AdvicePage& page) { save(checked(domain::check(page))); }
    virtual void save(const domain::Checked<domain::AdvicePage>& page) = 0;
    // Deletes the page and records that its address now leads to the page with id
    // target_page_id, or to the list of advice pages when that is empty. Addresses that led to
    // the deleted page lead to the same target, so a redirect never leads to another one.
    // False when there is no page with this id; throws Conflict when the target is the page
    // itself or no longer exists.
    virtual bool remove(const std::string& id, const std::string& target_page_id) = 0;
    // Where the address /advice/{slug} of a deleted page leads now: the slug of an advice page,
    // or "" for the list of advice pages. Nothing when no deleted page had that address.
    virtual std::optional<std::string> redirect_for(const std::string& slug) = 0;
    // The old addresses (slugs) that lead to this page now, alphabetically.
    virtual std::vector<std::string> redirects_to(const std::string& page_id) = 0;
};

class FeedbackRepository {
public:
    virtual ~FeedbackRepository() = default;
    // Stores one answer. The comment is scrubbed of contact details first (domain::check),
    // whoever calls. Throws ValidationFailed.
    void add(const domain::Feedback& feedback) { add(checked(domain::check(feedback))); }
    virtual void add(const domain::Checked<domain::Feedback>& feedback) = 0;
    virtual std::vector<domain::Feedback> list(Page page) = 0;  // newest first
    virtual std::int64_t count() = 0;
};

struct CheckReport {
    bool ok = true;
    std::vector<std::string> problems;  // plain-English, one per line
};

class Store {
public:
    virtual ~Store() = default;
    virtual OrganisationRepository& organisations() = 0;
    virtual LocationRepository& locations() = 0;
    virtual ServiceRepository& services() = 0;
    virtual TaxonomyRepository& taxonomies() = 0;
    virtual AdviceRepository& advice() = 0;
    virtual FeedbackRepository& feedback() = 0;
    // Admin accounts and the audit log (storage/accounts.hpp, docs/admin.md).
    virtual UserRepository& users() = 0;
    virtual SessionRepository& sessions() = 0;
    virtual AuditLog& audit() = 0;
    // The e-mail outbox and the review cycle (storage/mail_reviews.hpp, docs/admin.md).
    virtual OutboxRepository& outbox() = 0;
    virtual ReviewRepository& reviews() = 0;
    // The feedback inbox, "You said, we did" and two-factor sign-in (storage/feedback_inbox.hpp).
    virtual FeedbackInboxRepository& feedback_inbox() = 0;
    virtual TwoFactorRepository& two_factor() = 0;
    // Moderation and history of services (storage/moderation.hpp, docs/admin.md).
    virtual ChangeRequestRepository& change_requests() = 0;
    virtual ServiceVersionRepository& service_versions() = 0;
    // The search words families type and what services call them (storage/search_words.hpp).
    virtual SearchWordRepository& search_words() = 0;
    // Account deletion, erasure, export and retention purges (storage/privacy.hpp).
    virtual PrivacyRepository& privacy() = 0;
    // What the insights pages count: coverage, demand, freshness, feedback (storage/insights.hpp).
    virtual InsightsRepository& insights() = 0;

    // Runs fn with a Store whose every call shares one transaction: committed when fn returns,
    // rolled back (and the exception rethrown) when it throws. Nothing is half-written. Returns
    // whether it changed anything (and so advanced the generation): unlike comparing
    // generation() before and after, this is not fooled by another process writing meanwhile.
    virtual bool transaction(const std::function<void(Store&)>& fn) = 0;

    // Increases with every committed write; the search index records the value it has seen,
    // so a restarted server can tell that its index is behind.
    virtual std::int64_t generation() = 0;

    // True when the database answers a trivial query (for /healthz).
    virtual bool ping() = 0;
    // Integrity and foreign-key check of the whole store.
    virtual CheckReport check() = 0;
    // A consistent copy of the store in a single file, safe while the server is running.
    virtual void backup(const std::string& destination) = 0;
    virtual int schema_version() = 0;

    // The search module's tables (change feed, gazetteer, daily counts), on a connection of their
    // own so search never holds a lock the store's writers need (storage/search_tables.hpp).
    virtual std::unique_ptr<SearchTables> open_search_tables() = 0;
};

}  // namespace lo::storage
