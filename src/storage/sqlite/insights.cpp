// The insights pages' facts in SQLite (storage/insights.hpp): a few whole-table reads, joined in
// memory by service id, so 100k services cost a handful of queries rather than one per service.
#include <unordered_map>

#include "storage/insights.hpp"
#include "storage/sqlite/query.hpp"
#include "storage/sqlite/repositories.hpp"

namespace lo::storage::sqlite {
namespace {

constexpr const char kServices[] =
    "SELECT id, name, organisation_id, min_age, max_age, last_checked, review_due FROM services "
    "WHERE status = 'active' ORDER BY name COLLATE NOCASE, id";
// The child rows are read whole, not joined to services for their status: for_each_child keeps
// only the rows of the running services read first. The join looked every row's service up by
// its text id (two b-tree searches a row) and made these four reads about 1.9 s at 100k
// services; without it they take about 0.6 s (bench/README.md, "Insights pages"). Areas keep
// their order within a service (the first spelling of an area seen is the one shown).
constexpr const char kRoutes[] = "SELECT service_id, route FROM service_referral_routes";
constexpr const char kTerms[] = "SELECT service_id, term_id FROM service_taxonomy_terms";
constexpr const char kAreas[] =
    "SELECT service_id, name FROM service_areas ORDER BY service_id, position";
constexpr const char kVenues[] =
    "SELECT sal.service_id, l.latitude, l.longitude FROM service_at_locations sal "
    "JOIN locations l ON l.id = sal.location_id "
    "WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL";
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
    "WHERE date(r.sent_at, 'unixepoch') BETWEEN ?1 AND ?2";
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

// Each child row's service, found by id among the services read.
template <typename Apply>
void for_each_child(Connection& c,
                    const char* sql,
                    std::vector<ServiceFacts>& services,
                    const std::unordered_map<std::string, std::size_t>& at,
                    Apply&& apply) {
    Query q(c, sql);
    while (q.next())
        if (const auto it = at.find(q.row().text(0)); it != at.end())
            apply(services[it->second], q.row());
}

std::vector<ServiceFacts> read_service_facts(Connection& c) {
    auto services = rows(c, kServices, read_service);
    std::unordered_map<std::string, std::size_t> at;
    at.reserve(services.size());
    for (std::size_t i = 0; i < services.size(); ++i) at.emplace(services[i].id, i);
    // Routes: self referral, and whether an EHC plan is the only way in.
    std::unordered_map<std::string, std::pair<int, int>> routes;  // id -> (all, ehc_plan)
    for_each_child(c, kRoutes, services, at, [&](ServiceFacts& s, const Statement& row) {
        const auto route = row.text(1);
        auto& [all, ehc] = routes[s.id];
        ++all;
        if (route == "ehc_plan") ++ehc;
        if (route == "self") s.self_referral = true;
    });
    for (auto& s : services) {
        const auto it = routes.find(s.id);
        if (it == routes.end())
            s.self_referral = true;  // no route listed: nothing says a referral is needed
        else
            s.ehc_plan_only = it->second.first == it->second.second;
    }
    for_each_child(c, kTerms, services, at, [](ServiceFacts& s, const Statement& row) {
        s.term_ids.push_back(row.text(1));
    });
    for_each_child(c, kAreas, services, at, [](ServiceFacts& s, const Statement& row) {
        s.area_names.push_back(row.text(1));
    });
    for_each_child(c, kVenues, services, at, [](ServiceFacts& s, const Statement& row) {
        s.venues.push_back({row.real(1), row.real(2)});
    });
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
