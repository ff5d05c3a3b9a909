#include "insights/freshness.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "insights/coverage.hpp"

namespace lo::insights {
namespace {

// Days between two RFC 3339 times, to a tenth of a day; none when either is not a date-time.
std::optional<double> days_from_to(const std::string& a, const std::string& b) {
    if (!domain::is_rfc3339(a) || !domain::is_rfc3339(b)) return std::nullopt;
    const auto da = domain::parse_date(a.substr(0, 10));
    const auto db = domain::parse_date(b.substr(0, 10));
    if (!da || !db) return std::nullopt;
    const auto seconds = [](const std::string& t) {
        return std::stoi(t.substr(11, 2)) * 3600 + std::stoi(t.substr(14, 2)) * 60 +
               std::stoi(t.substr(17, 2));
    };
    const double days = domain::days_between(*da, *db) + (seconds(b) - seconds(a)) / 86400.0;
    return std::round(std::max(0.0, days) * 10) / 10;
}

bool answered(const storage::ReminderFacts& r) {
    const auto sent = domain::rfc3339_at(r.sent_at).substr(0, 10);
    return !r.last_checked.empty() && r.last_checked >= sent;
}

struct Tally {
    FreshnessRow row;
    std::vector<double> days_since_checked;
    std::vector<double> days_to_decide;

    void finish() {
        if (const auto m = median(days_since_checked))
            row.median_days_since_checked = static_cast<int>(std::lround(*m));
        row.median_days_to_decide = median(days_to_decide);
    }
};

void count_service(Tally& t, const storage::ServiceFacts& s, const domain::Date& today) {
    ++t.row.services;
    if (!is_current(s, today)) ++t.row.overdue;
    if (const auto checked = domain::parse_date(s.last_checked))
        t.days_since_checked.push_back(domain::days_between(*checked, today));
}

std::vector<FreshnessMonth> by_month(const std::vector<storage::ReminderFacts>& reminders,
                                     const std::vector<storage::DecisionFacts>& decisions,
                                     const std::vector<std::string>& months) {
    std::map<std::string, FreshnessMonth> at;
    std::map<std::string, std::vector<double>> days;
    for (const auto& m : months) at[m].month = m;
    for (const auto& r : reminders) {
        const auto it = at.find(domain::rfc3339_at(r.sent_at).substr(0, 7));
        if (it == at.end()) continue;
        ++it->second.reminders_sent;
        if (answered(r)) ++it->second.reminders_answered;
    }
    for (const auto& d : decisions) {
        const auto it = at.find(d.decided_at.substr(0, 7));
        if (it == at.end()) continue;
        ++it->second.changes_decided;
        if (const auto n = days_from_to(d.created_at, d.decided_at)) days[it->first].push_back(*n);
    }
    std::vector<FreshnessMonth> out;
    for (auto& [month, row] : at) {
        row.median_days_to_decide = median(days[month]);
        out.push_back(row);
    }
    return out;
}

}  // namespace

std::optional<double> median(std::vector<double> values) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    const auto n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

Freshness freshness(const std::vector<storage::ServiceFacts>& services,
                    const std::vector<OrganisationName>& organisations,
                    const std::vector<storage::ReminderFacts>& reminders,
                    const std::vector<storage::DecisionFacts>& decisions,
                    const std::vector<std::string>& months,
                    const domain::Date& today) {
    std::map<std::string, Tally> by_org;
    for (const auto& o : organisations) by_org[o.id].row = {o.id, o.name};
    Tally total;
    total.row.name = "All organisations";
    for (const auto& s : services) {
        count_service(by_org[s.organisation_id], s, today);
        count_service(total, s, today);
    }
    for (const auto& r : reminders)
        for (auto* t : {&by_org[r.organisation_id], &total}) {
            ++t->row.reminders_sent;
            if (answered(r)) ++t->row.reminders_answered;
        }
    for (const auto& d : decisions)
        for (auto* t : {&by_org[d.organisation_id], &total}) {
            ++t->row.changes_decided;
            if (const auto n = days_from_to(d.created_at, d.decided_at))
                t->days_to_decide.push_back(*n);
        }
    Freshness out;
    for (auto& [id, t] : by_org) {
        if (t.row.name.empty()) continue;  // an organisation since removed
        t.finish();
        if (t.row.services > 0 || t.row.reminders_sent > 0 || t.row.changes_decided > 0)
            out.organisations.push_back(t.row);
    }
    std::stable_sort(out.organisations.begin(), out.organisations.end(),
                     [](const FreshnessRow& a, const FreshnessRow& b) {
                         return a.overdue != b.overdue ? a.overdue > b.overdue : a.name < b.name;
                     });
    total.finish();
    out.total = total.row;
    out.months = by_month(reminders, decisions, months);
    return out;
}

}  // namespace lo::insights
