// The insights pages' facts in SQLite (storage/insights.hpp): a few whole-table reads, joined in
// memory by service id, so 100k services cost a handful of queries rather than one per service.
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "storage/insights.hpp"
#include "storage/sqlite/query.hpp"
#include "storage/sqlite/repositories.hpp"

namespace lo::storage::sqlite {
namespace {

// Every read below walks a table in its stored order and joins in memory
// by the row's position among the services read, so 100k services cost a handful of sequential
// scans. Sorting or joining in SQL cost more: ORDER BY name walks services_by_name and looks every
// row up in the table (about 250 ms at 100k against 100 ms for the scan), and joining each child
// row to services or locations by its text id is two b-tree searches a row (the four child reads
// took 1.9 s that way). bench/README.md, "Insights pages", has the figures.
constexpr const char kServices[] =
    "SELECT id, name, organisation_id, min_age, max_age, last_checked, review_due FROM services "
    "WHERE status = 'active'";
constexpr const char kRoutes[] = "SELECT service_id, route FROM service_referral_routes";
constexpr const char kTerms[] = "SELECT service_id, term_id FROM service_taxonomy_terms";
constexpr const char kAreas[] = "SELECT service_id, position, name FROM service_areas";
constexpr const char kPlaces[] =
    "SELECT id, latitude, longitude FROM locations "
    "WHERE latitude IS NOT NULL AND longitude IS NOT NULL";
constexpr const char kVenues[] = "SELECT service_id, location_id FROM service_at_locations";
constexpr const char kGazetteerAreas[] =
    "SELECT name, latitude, longitude, radius_miles FROM gazetteer_areas ORDER BY name";
// The sums per metric walk search_daily_counts_by_metric (migration 0020) in metric order. Left
// to itself SQLite picks the primary key's day range and sorts it by metric, 2-3x slower for a
// year of counts (about 100 ms against 40 ms at 225k rows); INDEXED BY makes the choice
// without needing ANALYZE's statistics.
constexpr const char kCountTotals[] =
    "SELECT metric, SUM(count) FROM search_daily_counts "
    "INDEXED BY search_daily_counts_by_metric WHERE day BETWEEN ?1 AND ?2 GROUP BY metric";
constexpr const char kMonthlyCount[] =
    "SELECT substr(day, 1, 7), SUM(count) FROM search_daily_counts "
    "WHERE day BETWEEN ?1 AND ?2 AND metric = ?3 GROUP BY 1";
constexpr const char kReminders[] =
    "SELECT s.organisation_id, r.kind, r.sent_at, s.last_checked FROM review_reminders r "
    "JOIN services s ON s.id = r.service_id "
    "WHERE date(r.sent_at, 'unixepoch') BETWEEN ?1 AND ?2 AND r.kind <> 'ending'";
constexpr const char kDecisions[] =
    "SELECT organisation_id, state, created_at, decided_at FROM change_requests "
    "WHERE state IN ('approved', 'rejected') AND decided_at <> '' "
    "AND substr(decided_at, 1, 10) BETWEEN ?1 AND ?2";
constexpr const char kFeedback[] =
    "SELECT f.created_at, f.page, f.useful, f.problem, COALESCE(r.theme, ''), "
    "COALESCE(r.state, 'new'), "
    "CASE WHEN r.state IN ('responded', 'published') THEN "
    "  CASE WHEN r.published_at <> '' THEN r.published_at ELSE r.updated_at END ELSE '' END, "
    "CASE WHEN r.state = 'published' THEN r.public_comment ELSE '' END, "
    "CASE WHEN r.state = 'published' THEN r.response ELSE '' END "
    "FROM feedback f LEFT JOIN feedback_responses r ON r.feedback_id = f.id "
    "WHERE substr(f.created_at, 1, 10) BETWEEN ?1 AND ?2 ORDER BY f.created_at, f.id";

ServiceFacts read_service(const Statement& st) {
    ServiceFacts s;
    s.id = st.text(0);
    s.name = st.text(1);
    s.organisation_id = st.text(2);
    s.min_age = st.optional_int(3);
    s.max_age = st.optional_int(4);
    s.last_checked = st.text(5);
    s.review_due = st.text(6);
    return s;
}

// SQLite's NOCASE order: ASCII letters folded, bytes compared, then the id.
std::string nocase_key(const std::string& name) {
    std::string key = name;
    for (auto& c : key)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return key;
}

// Text ids to positions, looked up with the row's text in place (no copy per row).
using Positions = std::unordered_map<std::string_view, std::size_t>;

// Rows of one service come together when the table's key starts with service_id (terms,
// routes), so the last row's lookup is kept: one hash lookup a service rather than one a row.
template <typename Apply>
void for_each_row(Connection& c, const char* sql, const Positions& at, Apply&& apply) {
    Query q(c, sql);
    std::string last;
    auto found = at.end();
    while (q.next()) {
        const auto id = q.row().text_view(0);
        if (id != last) {
            last.assign(id);
            found = at.find(id);
        }
        if (found != at.end()) apply(found->second, q.row());
    }
}

void read_routes(Connection& c, std::vector<ServiceFacts>& services, const Positions& at) {
    std::vector<std::pair<int, int>> routes(services.size());  // (listed, ehc_plan)
    for_each_row(c, kRoutes, at, [&](std::size_t i, const Statement& row) {
        const auto route = row.text_view(1);
        ++routes[i].first;
        if (route == "ehc_plan") ++routes[i].second;
        if (route == "self") services[i].self_referral = true;
    });
    for (std::size_t i = 0; i < services.size(); ++i) {
        const auto [listed, ehc] = routes[i];
        if (listed == 0)
            services[i].self_referral = true;  // no route listed: nothing says one is needed
        else
            services[i].ehc_plan_only = listed == ehc;
    }
}

// Areas keep their order within a service: the first spelling of an area seen is the one shown.
void read_areas(Connection& c, std::vector<ServiceFacts>& services, const Positions& at) {
    std::vector<std::vector<std::pair<std::int64_t, std::string>>> areas(services.size());
    for_each_row(c, kAreas, at, [&](std::size_t i, const Statement& row) {
        areas[i].emplace_back(row.integer(1), row.text(2));
    });
    for (std::size_t i = 0; i < services.size(); ++i) {
        std::stable_sort(areas[i].begin(), areas[i].end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& [position, name] : areas[i]) services[i].area_names.push_back(std::move(name));
    }
}

void read_venues(Connection& c, std::vector<ServiceFacts>& services, const Positions& at) {
    std::vector<ServiceFacts::Point> points;
    std::vector<std::string> ids;
    {
        Query q(c, kPlaces);
        while (q.next()) {
            ids.push_back(q.row().text(0));
            points.push_back({q.row().real(1), q.row().real(2)});
        }
    }
    Positions place;
    place.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) place.emplace(ids[i], i);
    for_each_row(c, kVenues, at, [&](std::size_t i, const Statement& row) {
        if (const auto it = place.find(row.text_view(1)); it != place.end())
            services[i].venues.push_back(points[it->second]);
    });
}

std::vector<ServiceFacts> read_service_facts(Connection& c) {
    auto unsorted = rows(c, kServices, read_service);
    // Sorted as positions on a key made once, then moved once: comparing folded names in place
    // and swapping whole records made this sort several times slower.
    std::vector<std::pair<std::string, std::size_t>> order;
    order.reserve(unsorted.size());
    for (std::size_t i = 0; i < unsorted.size(); ++i)
        order.emplace_back(nocase_key(unsorted[i].name), i);
    std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return unsorted[a.second].id < unsorted[b.second].id;
    });
    std::vector<ServiceFacts> services;
    services.reserve(order.size());
    for (const auto& [key, i] : order) services.push_back(std::move(unsorted[i]));
    Positions at;
    at.reserve(services.size());
    for (std::size_t i = 0; i < services.size(); ++i) at.emplace(services[i].id, i);
    read_routes(c, services, at);
    for_each_row(c, kTerms, at, [&](std::size_t i, const Statement& row) {
        services[i].term_ids.push_back(row.text(1));
    });
    read_areas(c, services, at);
    read_venues(c, services, at);
    return services;
}

class Insights final : public InsightsRepository {
public:
    explicit Insights(ConnectionSource& source) : source_(source) {}

    std::vector<ServiceFacts> service_facts() override { return read(source_, read_service_facts); }

    std::vector<AreaFacts> areas() override {
        return read(source_, [](Connection& c) {
            return rows(c, kGazetteerAreas, [](const Statement& st) {
                return AreaFacts{st.text(0), st.real(1), st.real(2), st.real(3)};
            });
        });
    }

    CountTotals count_totals(const std::string& from,
                             const std::string& to,
                             const std::vector<std::string>& monthly) override {
        return read(source_, [&](Connection& c) {
            CountTotals out;
            Query q(c, kCountTotals, from, to);
            while (q.next()) out.by_metric[q.row().text(0)] = q.row().integer(1);
            for (const auto& metric : monthly) {
                Query m(c, kMonthlyCount, from, to, metric);
                while (m.next()) out.by_month[m.row().text(0)][metric] = m.row().integer(1);
            }
            return out;
        });
    }

    std::vector<ReminderFacts> reminders(const std::string& from, const std::string& to) override {
        return read(source_, [&](Connection& c) {
            return rows(
                c, kReminders,
                [](const Statement& st) {
                    return ReminderFacts{st.text(0), st.text(1) == "escalation", st.integer(2),
                                         st.text(3)};
                },
                from, to);
        });
    }

    std::vector<DecisionFacts> decisions(const std::string& from, const std::string& to) override {
        return read(source_, [&](Connection& c) {
            return rows(
                c, kDecisions,
                [](const Statement& st) {
                    return DecisionFacts{st.text(0), st.text(1) == "approved", st.text(2),
                                         st.text(3)};
                },
                from, to);
        });
    }

    std::vector<FeedbackFacts> feedback(const std::string& from, const std::string& to) override {
        return read(source_, [&](Connection& c) {
            return rows(
                c, kFeedback,
                [](const Statement& st) {
                    FeedbackFacts f;
                    f.created_at = st.text(0);
                    f.page = st.text(1);
                    if (!st.is_null(2)) f.useful = st.integer(2) != 0;
                    f.problem = st.integer(3) != 0;
                    f.theme = st.text(4);
                    f.state = st.text(5);
                    f.responded_at = st.text(6);
                    f.public_comment = st.text(7);
                    f.response = st.text(8);
                    return f;
                },
                from, to);
        });
    }

private:
    ConnectionSource& source_;
};

}  // namespace

std::unique_ptr<InsightsRepository> make_insights_repository(ConnectionSource& source) {
    return std::make_unique<Insights>(source);
}

}  // namespace lo::storage::sqlite
