#include "insights/demand.hpp"

#include <algorithm>

#include "domain/age_bands.hpp"

namespace lo::insights {
namespace {

std::int64_t value(const std::map<std::string, std::int64_t>& m, const std::string& key) {
    const auto it = m.find(key);
    return it == m.end() ? 0 : it->second;
}

// Rows for every metric "<prefix><key>", with "zero:<prefix><key>" as found_nothing; most
// searched first, then by label. label_of returns "" for a key the page should leave out.
std::vector<DemandRow> rows_for(const std::map<std::string, std::int64_t>& counts,
                                const std::string& prefix,
                                const std::function<std::string(const std::string&)>& label_of,
                                bool with_zero = true) {
    std::vector<DemandRow> out;
    for (auto it = counts.lower_bound(prefix); it != counts.end(); ++it) {
        if (!it->first.starts_with(prefix)) break;
        const auto key = it->first.substr(prefix.size());
        const auto label = label_of(key);
        if (label.empty()) continue;
        out.push_back({key, label, it->second, with_zero ? value(counts, "zero:" + it->first) : 0});
    }
    std::stable_sort(out.begin(), out.end(), [](const DemandRow& a, const DemandRow& b) {
        return a.searches != b.searches ? a.searches > b.searches : a.label < b.label;
    });
    return out;
}

std::function<std::string(const std::string&)> from_map(
    const std::map<std::string, std::string>& labels, const std::string& unknown) {
    return [&labels, unknown](const std::string& key) {
        const auto it = labels.find(key);
        return it != labels.end() ? it->second : unknown;
    };
}

std::string area_label(const std::string& key) {
    return key == "-" ? "Outside the areas you cover" : key;
}

std::string band_label(const std::string& key) {
    for (const auto& band : domain::kAgeBands)
        if (band.code == key) return std::string(band.label);
    return key == "over-25" ? "Over 25" : "";
}

std::vector<GapRow> gap_rows(
    const std::map<std::string, std::int64_t>& counts,
    const DemandLabels& labels,
    const std::function<std::int64_t(const std::string&, const std::string&)>& supply) {
    const std::string prefix = "need_area:";
    std::vector<GapRow> out;
    for (auto it = counts.lower_bound(prefix); it != counts.end(); ++it) {
        if (!it->first.starts_with(prefix)) break;
        const auto key = it->first.substr(prefix.size());
        const auto bar = key.find('|');
        if (bar == std::string::npos) continue;
        GapRow row;
        row.need_code = key.substr(0, bar);
        const auto label = labels.needs.find(row.need_code);
        if (label == labels.needs.end()) continue;  // a need no longer in the taxonomy
        row.need_label = label->second;
        const auto area = key.substr(bar + 1);
        row.area = area == "-" ? "" : area;
        row.searches = it->second;
        row.found_nothing = value(counts, "zero:" + it->first);
        row.current_services = supply(row.need_code, row.area);
        out.push_back(row);
    }
    // Searched most and found least: the most searches that found nothing, then the fewest
    // services, then the most searches.
    std::stable_sort(out.begin(), out.end(), [](const GapRow& a, const GapRow& b) {
        if (a.found_nothing != b.found_nothing) return a.found_nothing > b.found_nothing;
        if (a.current_services != b.current_services)
            return a.current_services < b.current_services;
        return a.searches > b.searches;
    });
    return out;
}

// The need counts of one area ("need_area:<code>|<area>"), renamed as the whole Local Offer's
// ("need_demand:<code>"), so the same rows can be made from them.
std::map<std::string, std::int64_t> needs_in_area(const std::map<std::string, std::int64_t>& c,
                                                  const std::string& area) {
    std::map<std::string, std::int64_t> out;
    const std::string suffix = "|" + area;
    for (const std::string zero : {"", "zero:"}) {
        const auto prefix = zero + "need_area:";
        for (auto it = c.lower_bound(prefix); it != c.end() && it->first.starts_with(prefix); ++it)
            if (it->first.ends_with(suffix))
                out[zero + "need_demand:" +
                    it->first.substr(prefix.size(), it->first.size() - prefix.size() -
                                                        suffix.size())] = it->second;
    }
    return out;
}

void narrow_to_area(Demand& d,
                    const std::map<std::string, std::int64_t>& c,
                    const DemandLabels& labels,
                    const std::string& area) {
    d.needs = rows_for(needs_in_area(c, area), "need_demand:", from_map(labels.needs, ""));
    std::erase_if(d.areas, [&](const DemandRow& r) { return r.key != area; });
    const auto gap_area = area == "-" ? std::string() : area;
    std::erase_if(d.gaps, [&](const GapRow& g) { return g.area != gap_area; });
}

}  // namespace

const std::vector<std::string>& monthly_metrics() {
    static const std::vector<std::string> all = {"searches", "zero_results", "checker:runs"};
    return all;
}

Demand demand(
    const storage::CountTotals& totals,
    const std::vector<std::string>& months,
    const DemandLabels& labels,
    const std::function<std::int64_t(const std::string&, const std::string&)>& current_services,
    const std::string& area) {
    const auto& c = totals.by_metric;
    Demand d;
    d.searches = value(c, "searches");
    d.found_nothing = value(c, "zero_results");
    d.weak_matches = value(c, "weak_matches");
    d.with_keywords = value(c, "with_keywords");
    d.with_place = value(c, "filter:location");
    d.place_not_found = value(c, "location_not_found");
    d.checker_runs = value(c, "checker:runs");
    d.checker_nothing_likely = value(c, "checker:zero");
    d.needs = rows_for(c, "need_demand:", from_map(labels.needs, ""));
    d.categories = rows_for(c, "category_demand:", from_map(labels.categories, ""));
    d.areas = rows_for(c, "area:", area_label);
    d.age_bands = rows_for(c, "age_band:", band_label, false);
    d.words = rows_for(c, "concept:", from_map(labels.words, "(a search word since removed)"));
    d.checker_needs = rows_for(c, "checker:need:", from_map(labels.needs, ""), false);
    d.checker_age_bands = rows_for(c, "checker:age_band:", band_label, false);
    d.checker_areas = rows_for(c, "checker:area:", area_label, false);
    d.gaps = gap_rows(c, labels, current_services);
    if (!area.empty()) narrow_to_area(d, c, labels, area);
    for (const auto& month : months) {
        MonthRow row{month, 0, 0, 0};
        if (const auto it = totals.by_month.find(month); it != totals.by_month.end()) {
            row.searches = value(it->second, "searches");
            row.found_nothing = value(it->second, "zero_results");
            row.checker_runs = value(it->second, "checker:runs");
        }
        d.months.push_back(row);
    }
    return d;
}

}  // namespace lo::insights
