#include "insights/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

namespace lo::insights {
namespace {

std::string folded(std::string_view s) {
    std::string out;
    for (const char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

double miles_between(double lat1, double lon1, double lat2, double lon2) {
    constexpr double kEarthMiles = 3958.8;
    constexpr double kRadians = 3.14159265358979323846 / 180.0;
    const double dlat = (lat2 - lat1) * kRadians;
    const double dlon = (lon2 - lon1) * kRadians;
    const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) * std::sin(dlon / 2) *
                         std::sin(dlon / 2);
    return 2 * kEarthMiles * std::asin(std::min(1.0, std::sqrt(a)));
}

// Each term's position in terms, and for each term the positions of it and its ancestors.
struct TermIndex {
    std::unordered_map<std::string, std::size_t> at;
    std::vector<std::vector<std::size_t>> with_ancestors;

    explicit TermIndex(const std::vector<domain::TaxonomyTerm>& terms) {
        for (std::size_t i = 0; i < terms.size(); ++i) at.emplace(terms[i].id, i);
        with_ancestors.resize(terms.size());
        for (std::size_t i = 0; i < terms.size(); ++i) {
            std::size_t k = i;
            // Bounded by the number of terms, so a loop in parent ids cannot hang the page.
            for (std::size_t guard = 0; guard <= terms.size(); ++guard) {
                with_ancestors[i].push_back(k);
                const auto p = at.find(terms[k].parent_id);
                if (p == at.end()) break;
                k = p->second;
            }
        }
    }

    // The rows a service counts in: its terms and their ancestors, once each.
    std::vector<std::size_t> rows_of(const storage::ServiceFacts& s) const {
        std::set<std::size_t> out;
        for (const auto& id : s.term_ids)
            if (const auto it = at.find(id); it != at.end())
                out.insert(with_ancestors[it->second].begin(), with_ancestors[it->second].end());
        return {out.begin(), out.end()};
    }
};

CellState state_of(const Cell& c) {
    if (c.services == 0) return CellState::NoService;
    if (c.current == 0) return CellState::OnlyOverdue;
    if (c.self_referral == 0) return CellState::OnlyByReferral;
    return CellState::Covered;
}

}  // namespace

std::string_view to_code(CellState s) {
    switch (s) {
        case CellState::NoService:
            return "none";
        case CellState::OnlyOverdue:
            return "overdue";
        case CellState::OnlyByReferral:
            return "referral";
        case CellState::Covered:
            return "covered";
    }
    return "none";
}

std::string_view words(CellState s) {
    switch (s) {
        case CellState::NoService:
            return "No service";
        case CellState::OnlyOverdue:
            return "Only services overdue for review";
        case CellState::OnlyByReferral:
            return "Only with a referral or an EHC plan";
        case CellState::Covered:
            return "Families can ask themselves";
    }
    return "No service";
}

std::vector<std::string> area_names(const CoverageFacts& facts) {
    std::map<std::string, std::string> by_key;  // folded -> first spelling seen
    for (const auto& a : facts.areas) by_key.emplace(folded(a.name), a.name);
    for (const auto& s : facts.services)
        for (const auto& name : s.area_names)
            if (!name.empty()) by_key.emplace(folded(name), name);
    std::vector<std::string> out;
    for (const auto& [key, name] : by_key) out.push_back(name);
    return out;
}

bool serves_area(const storage::ServiceFacts& service,
                 const std::string& area,
                 const std::vector<storage::AreaFacts>& areas) {
    if (area.empty()) return true;
    if (service.area_names.empty() && service.venues.empty()) return true;
    const auto key = folded(area);
    for (const auto& name : service.area_names)
        if (folded(name) == key) return true;
    for (const auto& a : areas) {
        if (folded(a.name) != key) continue;
        for (const auto& v : service.venues)
            if (miles_between(a.latitude, a.longitude, v.latitude, v.longitude) <= a.radius_miles)
                return true;
    }
    return false;
}

bool is_current(const storage::ServiceFacts& service, const domain::Date& today) {
    const auto due = domain::parse_date(service.review_due);
    return due && *due >= today;
}

std::vector<CoverageRow> coverage(const CoverageFacts& facts,
                                  const std::vector<domain::TaxonomyTerm>& terms,
                                  const std::string& area,
                                  const domain::Date& today) {
    std::vector<CoverageRow> rows(terms.size());
    for (std::size_t i = 0; i < terms.size(); ++i) {
        rows[i].term_id = terms[i].id;
        rows[i].code = terms[i].code;
        rows[i].name = terms[i].name;
    }
    const TermIndex index(terms);
    for (std::size_t i = 0; i < terms.size(); ++i)
        rows[i].depth = static_cast<int>(index.with_ancestors[i].size()) - 1;
    for (const auto& s : facts.services) {
        const auto in_rows = index.rows_of(s);
        if (in_rows.empty() || !serves_area(s, area, facts.areas)) continue;
        const bool current = is_current(s, today);
        for (const auto r : in_rows) {
            ++rows[r].services;
            if (current) ++rows[r].current;
        }
        for (std::size_t b = 0; b < domain::kAgeBands.size(); ++b) {
            if (!domain::overlaps(domain::kAgeBands[b], s.min_age, s.max_age)) continue;
            for (const auto r : in_rows) {
                auto& cell = rows[r].cells[b];
                ++cell.services;
                if (current) ++cell.current;
                if (current && s.self_referral) ++cell.self_referral;
            }
        }
    }
    for (auto& row : rows)
        for (auto& cell : row.cells) {
            cell.state = state_of(cell);
            if (cell.state != CellState::Covered) ++row.gaps;
        }
    return rows;
}

std::vector<const storage::ServiceFacts*> services_in_cell(
    const CoverageFacts& facts,
    const std::vector<domain::TaxonomyTerm>& terms,
    const std::string& term_id,
    const domain::AgeBand& band,
    const std::string& area) {
    const TermIndex index(terms);
    const auto row = index.at.find(term_id);
    std::vector<const storage::ServiceFacts*> out;
    if (row == index.at.end()) return out;
    for (const auto& s : facts.services) {
        const auto in_rows = index.rows_of(s);
        if (std::find(in_rows.begin(), in_rows.end(), row->second) == in_rows.end()) continue;
        if (domain::overlaps(band, s.min_age, s.max_age) && serves_area(s, area, facts.areas))
            out.push_back(&s);
    }
    return out;
}

}  // namespace lo::insights
