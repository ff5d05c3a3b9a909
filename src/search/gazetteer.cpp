// Gazetteer lookups and imports.
#include "search/gazetteer.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include "domain/validation.hpp"
#include "search/vocabulary.hpp"

namespace lo::search {
namespace {

namespace fs = std::filesystem;

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n\"");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n\"");
    return std::string(s.substr(b, e - b + 1));
}

// Splits one CSV line; handles double-quoted fields with commas (the shared files need no more).
std::vector<std::string> split_csv(std::string_view line) {
    std::vector<std::string> out;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(trim(field));
            field.clear();
        } else {
            field += c;
        }
    }
    out.push_back(trim(field));
    return out;
}

bool parse_double(const std::string& s, double& out) {
    if (s.empty()) return false;
    try {
        std::size_t used = 0;
        out = std::stod(s, &used);
        return used == s.size() && std::isfinite(out);
    } catch (const std::exception&) {
        return false;
    }
}

bool plausible(Point p) {
    // ONSPD marks postcodes with no grid reference as 99.999999, 0.
    return p.latitude > 49 && p.latitude < 61 && p.longitude > -9 && p.longitude < 3;
}

int column(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
    for (const char* name : names)
        for (std::size_t i = 0; i < header.size(); ++i)
            if (ascii_lower(header[i]) == name) return static_cast<int>(i);
    return -1;
}

int place_rank(const std::string& type) {
    const auto t = ascii_lower(type);
    if (t == "city") return 0;
    if (t == "town") return 1;
    return 2;
}

// "Waltham Forest - Greater London" -> "Waltham Forest, London"; other counties unchanged.
std::string tidy_county(const std::string& county) {
    const std::string suffix = " - Greater London";
    if (county.size() > suffix.size() && county.ends_with(suffix))
        return county.substr(0, county.size() - suffix.size()) + ", London";
    return county;
}

}  // namespace

double miles_between(Point a, Point b) {
    constexpr double kEarthRadiusMiles = 3958.8;
    constexpr double kRadians = M_PI / 180.0;
    const double dlat = (b.latitude - a.latitude) * kRadians;
    const double dlng = (b.longitude - a.longitude) * kRadians;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.latitude * kRadians) * std::cos(b.latitude * kRadians) *
                         std::sin(dlng / 2) * std::sin(dlng / 2);
    return 2 * kEarthRadiusMiles * std::asin(std::min(1.0, std::sqrt(h)));
}

ResolvedLocation resolve_location(SearchTables& tables, const std::string& text) {
    ResolvedLocation r;
    r.query = trim(text);
    // 100 bytes at most, cut between characters: half an "é" is not UTF-8, and the answer's
    // JSON could not be written (a 500, issue 15).
    if (r.query.size() > 100) {
        std::size_t cut = 100;
        while (cut > 0 && (static_cast<unsigned char>(r.query[cut]) & 0xC0) == 0x80) --cut;
        r.query.resize(cut);
    }
    if (r.query.empty()) return r;
    if (const auto postcode = domain::normalise_postcode(r.query)) {
        r.kind = "postcode";
        r.label = *postcode;
        if (const auto p = tables.find_postcode(*postcode)) {
            r.status = ResolvedLocation::Status::Found;
            r.point = *p;
            return r;
        }
        // A real but unlisted postcode still has a known district.
        const auto outcode = postcode->substr(0, postcode->find(' '));
        if (const auto p = tables.find_outcode(outcode)) {
            r.status = ResolvedLocation::Status::Found;
            r.point = *p;
            r.kind = "outcode";
            r.label = outcode;
            r.message =
                "We could not find " + *postcode + " exactly, so we used the " + outcode + " area.";
            return r;
        }
        r.status = ResolvedLocation::Status::NotFound;
        r.message = "We could not find " + *postcode + ". Check the postcode, or try a town name.";
        return r;
    }
    if (const auto outcode = domain::normalise_outcode(r.query);
        outcode && r.query.find(' ') == std::string::npos) {
        r.kind = "outcode";
        r.label = *outcode;
        if (const auto p = tables.find_outcode(*outcode)) {
            r.status = ResolvedLocation::Status::Found;
            r.point = *p;
            return r;
        }
        // Fall through: "Didcot" is not shaped like an outcode, but "E1" might be a typo.
    }
    // "Oxford, Oxfordshire" names the county after a comma.
    std::string name = r.query;
    std::string county;
    if (const auto comma = r.query.find(','); comma != std::string::npos) {
        name = trim(r.query.substr(0, comma));
        county = trim(r.query.substr(comma + 1));
    }
    auto places = tables.find_places(place_key(name));
    if (!county.empty()) {
        const auto key = place_key(county);
        std::vector<Place> in_county;
        for (const auto& p : places)
            if (place_key(p.county).find(key) != std::string::npos) in_county.push_back(p);
        if (!in_county.empty()) places = in_county;
    }
    if (places.empty()) {
        r.status = ResolvedLocation::Status::NotFound;
        r.kind = r.kind.empty() ? "place" : r.kind;
        r.message = "We could not find " + r.query +
                    ". Check the spelling, or try a postcode or a nearby town.";
        return r;
    }
    r.kind = "place";
    r.point = places.front().point;
    r.label =
        places.front().name + (places.front().county.empty() ? "" : ", " + places.front().county);
    if (places.size() == 1) {
        r.status = ResolvedLocation::Status::Found;
        return r;
    }
    r.status = ResolvedLocation::Status::Ambiguous;
    r.choices = places;
    r.message = "There is more than one place called " + places.front().name +
                ". We are showing results near " + r.label + ".";
    return r;
}

ImportReport import_gazetteer_file(SearchTables& tables, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("Could not read " + path + ". Check the file exists.");
    std::string line;
    if (!std::getline(in, line))
        throw std::runtime_error(path + " is empty. Give a CSV file with a header row.");
    if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    const auto header = split_csv(line);
    const int postcode = column(header, {"postcode_spaced", "pcds", "postcode", "pcd", "pcd2"});
    const int outcode = column(header, {"outcode", "district", "postcode_district"});
    const int place = column(header, {"place_name", "name", "place"});
    const int lat = column(header, {"latitude", "lat"});
    const int lng = column(header, {"longitude", "long", "lng", "lon"});
    const int county = column(header, {"county", "county_name"});
    const int type = column(header, {"type", "place_type"});
    const int terminated = column(header, {"doterm"});
    const int radius = column(header, {"radius_miles"});
    if (lat < 0 || lng < 0 || (postcode < 0 && outcode < 0 && place < 0))
        throw std::runtime_error(
            path +
            ": the header names no known layout. Expected a postcode column (postcode, pcds "
            "or pcd), an outcode column (outcode) or a place column (place_name), plus "
            "latitude and longitude columns.");

    ImportReport report;
    std::vector<std::pair<std::string, Point>> codes;
    std::vector<Place> places;
    std::vector<Area> areas;
    const bool is_area = radius >= 0 && place >= 0;
    report.format = is_area         ? "areas"
                    : postcode >= 0 ? "postcode units"
                    : outcode >= 0  ? "outcodes"
                                    : "place names";
    const auto flush = [&] {
        if (report.format == "postcode units") tables.put_postcodes(codes);
        if (report.format == "outcodes") tables.put_outcodes(codes);
        if (report.format == "place names") tables.put_places(places);
        if (report.format == "areas") tables.put_areas(areas);
        codes.clear();
        places.clear();
        areas.clear();
    };
    while (std::getline(in, line)) {
        if (trim(line).empty()) continue;
        const auto cells = split_csv(line);
        const auto cell = [&](int i) {
            return i >= 0 && i < static_cast<int>(cells.size()) ? cells[i] : std::string{};
        };
        Point p;
        if (!parse_double(cell(lat), p.latitude) || !parse_double(cell(lng), p.longitude) ||
            !plausible(p) || !cell(terminated).empty()) {
            ++report.skipped;
            continue;
        }
        if (report.format == "postcode units") {
            const auto pc = domain::normalise_postcode(cell(postcode));
            if (!pc) {
                ++report.skipped;
                continue;
            }
            codes.emplace_back(*pc, p);
        } else if (report.format == "outcodes") {
            const auto oc = domain::normalise_outcode(cell(outcode));
            if (!oc) {
                ++report.skipped;
                continue;
            }
            codes.emplace_back(*oc, p);
        } else if (report.format == "areas") {
            double r = 0;
            if (!parse_double(cell(radius), r) || r <= 0) {
                ++report.skipped;
                continue;
            }
            areas.push_back({cell(place), p, r});
        } else {
            if (cell(place).empty()) {
                ++report.skipped;
                continue;
            }
            places.push_back({cell(place), tidy_county(cell(county)), p, place_rank(cell(type))});
        }
        ++report.rows;
        if (codes.size() + places.size() >= 20000) flush();
    }
    flush();
    return report;
}

bool load_gazetteer_seed(SearchTables& tables, const std::string& seed_dir) {
    // Each table is seeded only while it is empty, so an import is never overwritten.
    const auto counts = tables.gazetteer_counts();
    const std::pair<const char*, std::int64_t> files[] = {{"areas.csv", counts.areas},
                                                          {"postcodes.csv", counts.postcodes},
                                                          {"outcodes.csv", counts.outcodes},
                                                          {"places.csv", counts.places}};
    bool loaded = false;
    for (const auto& [name, existing] : files) {
        const auto file = fs::path(seed_dir) / name;
        if (existing > 0 || !fs::exists(file)) continue;
        import_gazetteer_file(tables, file.string());
        loaded = true;
    }
    return loaded;
}

}  // namespace lo::search
