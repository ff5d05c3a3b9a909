// Services in SQLite: the directory's records. Reading and writing one whole service is in
// service_records.cpp, the Open Referral API's lists in service_query.cpp.
#include "domain/dates.hpp"
#include "storage/sqlite/query.hpp"
#include "storage/sqlite/repositories.hpp"
#include "storage/sqlite/service_query.hpp"
#include "storage/sqlite/service_records.hpp"

namespace lo::storage::sqlite {
namespace {

using domain::Service;

constexpr const char kAllServiceIds[] = "SELECT id FROM services ORDER BY name COLLATE NOCASE, id";
constexpr const char kRecentServices[] =
    "SELECT id FROM services WHERE status <> 'defunct' " LO_WITHIN_DATES(
        "?2") "ORDER BY julianday(last_modified) DESC, last_modified DESC, name LIMIT ?1";
constexpr const char kArchiveService[] =
    "UPDATE services SET status = 'defunct', last_modified = ?2 WHERE id = ?1";
constexpr const char kSelectServiceAtLocation[] =
    "SELECT id, service_id, location_id FROM service_at_locations WHERE id = ?1";
constexpr const char kSetServiceLastModified[] =
    "UPDATE services SET last_modified = ?2 WHERE id = ?1 AND last_modified <> ?2";
constexpr const char kServiceIdsWithSource[] =
    "SELECT id FROM services WHERE source = ?1 ORDER BY id";
constexpr const char kServiceListed[] =
    "SELECT 1 FROM services WHERE id = ?1 AND status <> 'defunct'";
constexpr const char kListedStamps[] =
    "SELECT id, last_modified FROM services WHERE status <> 'defunct' " LO_WITHIN_DATES(
        "?3") "ORDER BY name COLLATE NOCASE, id LIMIT ?1 OFFSET ?2";
constexpr const char kListedIdsWithTerms[] =
    "SELECT s.id FROM services s WHERE s.status <> 'defunct' " LO_WITHIN_DATES("?2") " AND s.id IN "
    "(SELECT st.service_id FROM service_taxonomy_terms st "
    "WHERE st.term_id IN (SELECT value FROM json_each(?1))) "
    "ORDER BY s.name COLLATE NOCASE, s.id";
constexpr const char kServiceUrgentHelp[] =
    "SELECT urgent_help FROM services WHERE id = ?1 AND urgent_help <> ''";
constexpr const char kOrganisationExists[] = "SELECT 1 FROM organisations WHERE id = ?1";
constexpr const char kLocationExists[] = "SELECT 1 FROM locations WHERE id = ?1";
constexpr const char kTermExists[] = "SELECT 1 FROM taxonomy_terms WHERE id = ?1";

// The list or count SQL for the filters f sets (?1 term, ?2 organisation, ?3 status, ?4 only
// published; ?5 and ?6 limit and offset). A filter that is not set is left out of the text,
// not written "?2 = '' OR ...": with every condition OR-ed SQLite walked every service in name
// order for any filter (an organisation page at 10k services ran at 0.9% of /healthz), and now
// uses the organisation's or the term's index. At most eight texts, each prepared once.
std::string filter_sql(const ServiceFilter& f, bool count) {
    std::string sql;
    if (!f.term_id.empty())
        sql =
            "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT t.id FROM taxonomy_terms t "
            "JOIN sub ON t.parent_id = sub.id) ";
    sql +=
        count ? "SELECT COUNT(*) FROM services s WHERE 1" : "SELECT s.id FROM services s WHERE 1";
    if (!f.organisation_id.empty()) sql += " AND s.organisation_id = ?2";
    sql += " AND (?3 = '' OR s.status = ?3) AND (?4 = 0 OR (s.status <> 'defunct'";
    // Published: within its dates on the UK day bound last (domain/service_dates.hpp).
    sql += count ? LO_WITHIN_DATES("?5") "))" : LO_WITHIN_DATES("?7") "))";
    if (!f.term_id.empty())
        sql +=
            " AND EXISTS (SELECT 1 FROM service_taxonomy_terms st "
            "WHERE st.service_id = s.id AND st.term_id IN sub)";
    if (!count) sql += " ORDER BY s.name COLLATE NOCASE, s.id LIMIT ?5 OFFSET ?6";
    return sql;
}

// A ServiceFilter's values for ?1 to ?4 of filter_sql.
struct FilterValues {
    explicit FilterValues(const ServiceFilter& f)
        : term_id(f.term_id),
          organisation_id(f.organisation_id),
          status(f.status ? domain::to_code(*f.status) : std::string_view{}),
          only_published(f.only_published) {}
    const std::string& term_id;
    const std::string& organisation_id;
    std::string_view status;
    bool only_published;
};

// Checks references first so the person gets a precise message, not a foreign-key error.
void check_references(Connection& c, const Service& s) {
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
}

class Services final : public ServiceRepository {
public:
    explicit Services(ConnectionSource& source) : source_(source), queries_(source) {}

    std::optional<Service> find(const std::string& id) override {
        return read(source_, [&](Connection& c) { return load_service(c, id); });
    }

    std::vector<Service> find_many(const std::vector<std::string>& ids) override {
        return read(source_, [&](Connection& c) { return load_services(c, ids); });
    }

    std::vector<Service> list(const ServiceFilter& filter, Page page) override {
        const FilterValues f(filter);
        const auto sql = filter_sql(filter, false);
        return read(source_, [&](Connection& c) {
            return load_services(
                c, strings(c, Query::Text{sql}, f.term_id, f.organisation_id, f.status,
                           f.only_published, page.limit, page.offset, listing_day()));
        });
    }

    std::int64_t count(const ServiceFilter& filter) override {
        const FilterValues f(filter);
        const auto sql = filter_sql(filter, true);
        return read(source_, [&](Connection& c) {
            return single_integer(c, Query::Text{sql}, f.term_id, f.organisation_id, f.status,
                                  f.only_published, listing_day());
        });
    }

    std::vector<std::string> all_ids() override {
        return read(source_, [](Connection& c) { return strings(c, kAllServiceIds); });
    }

    std::vector<Service> recently_updated(int limit) override {
        return read(source_, [&](Connection& c) {
            return load_services(c, strings(c, kRecentServices, limit, listing_day()));
        });
    }

    using ServiceRepository::save;
    void save(const domain::Checked<Service>& checked) override {
        const Service s = normalised(*checked);
        source_.with_write([&](Connection& c) {
            // Saving what is already stored changes nothing, not even last_modified:
            // re-running an import or the demo load is a no-op.
            if (auto old = load_service(c, s.id); old && normalised(*old) == s) return;
            check_references(c, s);
            write_service(c, s);
        });
    }

    bool archive(const std::string& id) override {
        bool found = false;
        source_.with_write([&](Connection& c) {
            run(c, kArchiveService, id, domain::now_rfc3339());
            found = c.changes() > 0;
        });
        return found;
    }

    std::vector<std::string> query_ids(const ServiceQuery& query, Page page) override {
        return queries_.ids(query, page);
    }
    std::int64_t query_count(const ServiceQuery& query) override { return queries_.count(query); }
    std::vector<ServiceAtLocationRow> query_service_at_locations(const ServiceQuery& query,
                                                                 Page page) override {
        return queries_.service_at_locations(query, page);
    }
    std::int64_t query_service_at_locations_count(const ServiceQuery& query) override {
        return queries_.service_at_locations_count(query);
    }

    std::optional<ServiceAtLocationRow> find_service_at_location(const std::string& id) override {
        return read(source_, [&](Connection& c) {
            return optional_row(
                c, kSelectServiceAtLocation,
                [](const Statement& st) {
                    return ServiceAtLocationRow{st.text(0), st.text(1), st.text(2)};
                },
                id);
        });
    }

    void set_last_modified(const std::string& id, const std::string& last_modified) override {
        source_.with_write(
            [&](Connection& c) { run(c, kSetServiceLastModified, id, last_modified); });
    }

    std::vector<std::string> listed_ids(const std::vector<std::string>& ids) override {
        return read(source_, [&](Connection& c) {
            std::vector<std::string> out;
            for (const auto& id : ids)
                if (exists(c, kServiceListed, id)) out.push_back(id);
            return out;
        });
    }

    std::vector<ServiceStamp> listed_stamps(Page page) override {
        return read(source_, [&](Connection& c) {
            return rows(
                c, kListedStamps,
                [](const Statement& st) {
                    return ServiceStamp{st.text(0), st.text(1)};
                },
                page.limit, page.offset, listing_day());
        });
    }

    std::vector<std::string> listed_ids_with_terms(
        const std::vector<std::string>& term_ids) override {
        const auto ids = json_array(term_ids);
        return read(source_, [&](Connection& c) {
            return strings(c, kListedIdsWithTerms, ids, listing_day());
        });
    }

    std::map<std::string, std::string> urgent_help_of(
        const std::vector<std::string>& ids) override {
        return read(source_, [&](Connection& c) {
            std::map<std::string, std::string> out;
            for (const auto& id : ids)
                for (auto& text : strings(c, kServiceUrgentHelp, id)) out[id] = std::move(text);
            return out;
        });
    }

    std::vector<std::string> ids_with_source(const std::string& source) override {
        return read(source_,
                    [&](Connection& c) { return strings(c, kServiceIdsWithSource, source); });
    }

private:
    ConnectionSource& source_;
    ServiceQueries queries_;
};

}  // namespace

std::unique_ptr<ServiceRepository> make_service_repository(ConnectionSource& source) {
    return std::make_unique<Services>(source);
}

}  // namespace lo::storage::sqlite
