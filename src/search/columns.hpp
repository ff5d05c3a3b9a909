// The search index's in-memory columns (docs/search.md, "How search is fast"): per document
// bitmaps of every filter value, its places and its A-Z position, built from one Xapian
// revision; and GeoContext, the placement rule and distance order over them. Internal to
// index.cpp (which alone includes Xapian with word_match.hpp); split out so each file holds one
// responsibility.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "search/coverage.hpp"
#include "search/gazetteer.hpp"
#include "search/index.hpp"

namespace lo::search::detail {

constexpr Xapian::valueno kSlotFacets = 0;  // "group:value\n" lines
constexpr Xapian::valueno kSlotGeo = 1;     // see encode_geo
constexpr Xapian::valueno kSlotName = 2;    // lowercase name, for A-Z order
constexpr double kFar = 1e9;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

inline std::string id_term(const std::string& kind, const std::string& id) {
    return "Q" + kind + ":" + id;
}
inline std::string filter_term(const std::string& group, const std::string& value) {
    return "X" + group + ":" + value;
}

// 'R' or '-' (remote), then "V<lat>,<lng>;" per venue and "A<name>;" per service area.
inline std::string encode_geo(const IndexDocument& d) {
    std::ostringstream out;
    out.precision(7);
    out << (d.remote ? 'R' : '-');
    for (const auto& v : d.venues) out << 'V' << v.latitude << ',' << v.longitude << ';';
    for (const auto& a : d.areas) out << 'A' << a << ';';
    return out.str();
}

struct Geo {
    bool remote = false;
    std::vector<Point> venues;
    std::vector<std::string> areas;
};

inline Geo decode_geo(const std::string& s) {
    Geo g;
    if (s.empty()) return g;
    g.remote = s[0] == 'R';
    std::size_t i = 1;
    while (i < s.size()) {
        const char tag = s[i];
        const auto end = s.find(';', i);
        const auto body = s.substr(i + 1, (end == std::string::npos ? s.size() : end) - i - 1);
        if (tag == 'V') {
            const auto comma = body.find(',');
            g.venues.push_back({std::atof(body.substr(0, comma).c_str()),
                                std::atof(body.substr(comma + 1).c_str())});
        } else if (tag == 'A') {
            g.areas.push_back(body);
        }
        if (end == std::string::npos) break;
        i = end + 1;
    }
    return g;
}

// ---------------------------------------------------------------------------------------------
// Columns: an in-memory, read-only copy of every document's filter terms, places and A-Z
// position, kept beside the Xapian index (docs/search.md, "How search is fast"). Filters and
// facet counts are bitmap operations on it; Xapian only matches the words and ranks a page.
// A Columns value is immutable once published and belongs to one Xapian revision.

using Unit = std::array<double, 3>;  // a point on the unit sphere

inline Unit unit_vector(Point p) {
    constexpr double kRadians = M_PI / 180.0;
    const double lat = p.latitude * kRadians, lng = p.longitude * kRadians;
    return {std::cos(lat) * std::cos(lng), std::cos(lat) * std::sin(lng), std::sin(lat)};
}

// A quarter of the squared chord between two points of the unit sphere. It is the haversine of
// their angle (the h of miles_between), so it orders points exactly as distance does, with
// no trigonometry.
inline double chord_h(const Unit& a, const Unit& b) {
    const double x = a[0] - b[0], y = a[1] - b[1], z = a[2] - b[2];
    return (x * x + y * y + z * z) / 4;
}

// miles_between's h for a distance in miles.
inline double miles_to_h(double miles) {
    constexpr double kEarthRadiusMiles = 3958.8;
    const double s = std::sin(miles / (2 * kEarthRadiusMiles));
    return s * s;
}

struct DocGeo {
    bool remote = false;
    std::vector<Point> venues;
    std::vector<Unit> units;           // per venue, for chord_h
    std::vector<std::uint32_t> areas;  // ids into Columns::area_names, in the record's order
};

struct Columns {
    Xapian::rev revision = 0;
    Xapian::docid first = 0;                             // docid of bit 0 (a multiple of 64)
    std::size_t words = 0;                               // length of every bitmap
    std::unordered_map<std::string, std::uint32_t> ids;  // "group:value" -> value id
    std::vector<std::string> group, value;               // per value id
    std::vector<Bits> bits;                              // per value id: documents with it
    std::map<std::string, std::vector<std::uint32_t>> by_group;  // group -> value ids
    std::vector<std::shared_ptr<const DocGeo>> geo;              // per bit (null: no places)
    std::vector<std::string> area_names;
    std::unordered_map<std::string, std::uint32_t> area_ids;
    std::vector<Xapian::docid> by_name;  // every document, A-Z (as the name slot sorts), then docid

    bool has(Xapian::docid did) const {
        return did >= first && static_cast<std::size_t>(did - first) < words * 64;
    }
    std::size_t bit(Xapian::docid did) const { return did - first; }
    std::uint32_t intern(const std::string& key) {
        const auto [it, added] = ids.emplace(key, static_cast<std::uint32_t>(bits.size()));
        if (added) {
            const auto colon = key.find(':');
            group.push_back(key.substr(0, colon));
            value.push_back(colon == std::string::npos ? std::string() : key.substr(colon + 1));
            bits.emplace_back(words, 0);
            by_group[group.back()].push_back(it->second);
        }
        return it->second;
    }
    std::uint32_t area_id(const std::string& name) {
        const auto [it, added] =
            area_ids.emplace(name, static_cast<std::uint32_t>(area_names.size()));
        if (added) area_names.push_back(name);
        return it->second;
    }
    // Makes room for docid did (documents added since the last build get higher docids).
    void cover(Xapian::docid did) {
        if (did < first) return;  // never happens: new documents get new, higher docids
        const std::size_t need = (did - first) / 64 + 1;
        if (need <= words) return;
        words = need;
        for (auto& b : bits) b.resize(words, 0);
        geo.resize(words * 64);
    }
    std::shared_ptr<const DocGeo> decode(const std::string& s) {
        if (s.size() <= 1 && (s.empty() || s[0] == '-')) return nullptr;
        const auto g = decode_geo(s);
        auto d = std::make_shared<DocGeo>();
        d->remote = g.remote;
        d->venues = g.venues;
        for (const auto& v : d->venues) d->units.push_back(unit_vector(v));
        for (const auto& a : g.areas) d->areas.push_back(area_id(a));
        return d;
    }
};

inline void set_bit(Bits& b, std::size_t i) {
    b[i >> 6] |= std::uint64_t{1} << (i & 63);
}
inline void clear_bit(Bits& b, std::size_t i) {
    b[i >> 6] &= ~(std::uint64_t{1} << (i & 63));
}
inline bool test_bit(const Bits& b, std::size_t i) {
    return (b[i >> 6] >> (i & 63)) & 1;
}

// Iterates the set bits of a bitmap as Xapian docids.
template <typename F>
inline void for_each_bit(const Bits& b, Xapian::docid first, F&& f) {
    for (std::size_t w = 0; w < b.size(); ++w)
        for (auto x = b[w]; x; x &= x - 1)
            f(static_cast<Xapian::docid>(first + w * 64 +
                                         static_cast<unsigned>(__builtin_ctzll(x))));
}

// Orders every document A-Z by its name slot (bytewise, as Xapian's value sort), then docid.
inline void sort_by_name(Columns& c, const std::vector<std::string>& names) {
    c.by_name.clear();
    Bits present(c.words, 0);
    for (const auto& [key, id] : c.ids)
        if (c.group[id] == "kind")
            for (std::size_t w = 0; w < c.words; ++w) present[w] |= c.bits[id][w];
    for_each_bit(present, c.first, [&](Xapian::docid did) { c.by_name.push_back(did); });
    std::stable_sort(c.by_name.begin(), c.by_name.end(), [&](Xapian::docid a, Xapian::docid b) {
        return names[a - c.first] < names[b - c.first];
    });
}

// Builds Columns from a database's filter terms and value streams. names receives each bit's
// name slot, for later incremental re-sorting.
inline std::shared_ptr<Columns> build_columns(Xapian::Database& db,
                                              std::vector<std::string>& names) {
    auto c = std::make_shared<Columns>();
    c->revision = db.get_revision();
    const auto all = db.postlist_begin("");
    const Xapian::docid lo = all == db.postlist_end("") ? 1 : *all;
    c->first = lo - lo % 64;
    c->words = 0;
    c->cover(std::max(lo, db.get_lastdocid()));
    for (auto t = db.allterms_begin("X"); t != db.allterms_end("X"); ++t) {
        const std::string term = *t;
        const auto id = c->intern(term.substr(1));
        auto& b = c->bits[id];
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p)
            if (c->has(*p)) set_bit(b, c->bit(*p));
    }
    for (auto v = db.valuestream_begin(kSlotGeo); v != db.valuestream_end(kSlotGeo); ++v)
        if (c->has(v.get_docid())) c->geo[c->bit(v.get_docid())] = c->decode(*v);
    names.assign(c->words * 64, std::string());
    for (auto v = db.valuestream_begin(kSlotName); v != db.valuestream_end(kSlotName); ++v)
        if (c->has(v.get_docid())) names[c->bit(v.get_docid())] = *v;
    sort_by_name(*c, names);
    return c;
}

// The searched point, with each service-area name's distance worked out once per query.
struct GeoContext {
    Point point;
    std::vector<Area> areas;
    std::optional<double> radius;
    const Columns* columns = nullptr;
    std::vector<std::vector<std::size_t>> areas_named;  // per area-name id: indexes into areas
    std::vector<double> area_miles;                     // per index into areas

    Unit point_unit{};

    void prepare(const Columns& c) {
        columns = &c;
        point_unit = unit_vector(point);
        areas_named.assign(c.area_names.size(), {});
        area_miles.clear();
        for (std::size_t i = 0; i < areas.size(); ++i) {
            area_miles.push_back(miles_between(point, areas[i].centre));
            const auto it = c.area_ids.find(areas[i].name);
            if (it != c.area_ids.end()) areas_named[it->second].push_back(i);
        }
    }
    // Where the searched point stands against a document's service areas, and whether the
    // placement rule puts it first: the part of the rule that sort_miles and sort_h share.
    struct AreaFit {
        bool covered = false;  // one of its areas contains the point
        double edge = kFar;    // otherwise, miles to the edge of the nearest of them
        bool reaches = false;  // the rule's key is 0 whatever its venues (docs/search.md)
    };
    AreaFit area_fit(const DocGeo& g) const {
        AreaFit fit;
        for (const auto a : g.areas)
            for (const auto i : areas_named[a]) {
                const auto d = area_miles[i];
                if (d <= areas[i].radius_miles)
                    fit.covered = true;
                else
                    fit.edge = std::min(fit.edge, d - areas[i].radius_miles);
            }
        const bool nationwide_remote = g.areas.empty() && g.venues.empty() && g.remote;
        fit.reaches = nationwide_remote || (fit.covered && (g.venues.empty() || g.remote));
        return fit;
    }
    // place_service(...).sort_miles, from the columns (the same rule, without strings).
    double sort_miles(Xapian::docid did) const {
        const DocGeo* g = columns->has(did) ? columns->geo[columns->bit(did)].get() : nullptr;
        if (!g) return kFar;  // no venue, no area, not remote: place_service's answer
        const auto fit = area_fit(*g);
        std::optional<double> venue;
        for (const auto& v : g->venues) {
            const auto d = miles_between(point, v);
            if (!venue || d < *venue) venue = d;
        }
        // A service whose area covers the point is local even when you travel to its venue,
        // so it is in the first tier too (docs/search.md, "Placing services").
        if (fit.reaches || fit.covered) return venue.value_or(0) - kTierGapMiles;
        if (venue) return *venue;
        return fit.edge;
    }
    // sort_miles(did) as an h (miles_to_h's scale), with venue distances from chords: it
    // orders documents as sort_miles does, up to rounding, and costs no trigonometry for
    // venues. Infinity for kFar.
    double sort_h(Xapian::docid did) const {
        const DocGeo* g = columns->has(did) ? columns->geo[columns->bit(did)].get() : nullptr;
        if (!g) return kInfinity;
        const auto fit = area_fit(*g);
        double venue = kInfinity;
        for (const auto& u : g->units) venue = std::min(venue, chord_h(point_unit, u));
        if (fit.reaches || fit.covered) return g->units.empty() ? kZeroByRule : venue - kTierGapH;
        if (!g->units.empty()) return venue;
        return fit.edge >= kFar ? kInfinity : miles_to_h(fit.edge);
    }
    // The first tier (services that reach the searched place) sorts before every other
    // service, nearest venue first: its keys are shifted below zero by a gap larger than any
    // key (kTierGapMiles in miles; kTierGapH on sort_h's scale, where every h is at most 1).
    static constexpr double kTierGapMiles = 1e6;
    static constexpr double kTierGapH = 10;
    // sort_h's answer for a first-tier document without a venue (it comes to you, or covers
    // where you are): its key is exactly -kTierGapMiles, and needs no measuring.
    static constexpr double kZeroByRule = -kTierGapH;
    // Every document of hits whose key is at most the need-th smallest key, and perhaps a few
    // more, with its exact key (sort_miles): what ordering the nearest `need` documents needs.
    // Candidates are picked by sort_h, with a margin far wider than any rounding between the
    // two scales (a few centimetres), and only they are measured exactly.
    std::vector<std::pair<double, Xapian::docid>> nearest(const Bits& hits,
                                                          std::size_t need) const {
        std::vector<std::pair<double, Xapian::docid>> approx;
        for_each_bit(hits, columns->first,
                     [&](Xapian::docid did) { approx.emplace_back(sort_h(did), did); });
        std::vector<std::pair<double, Xapian::docid>> keyed;
        if (approx.empty() || need == 0) return keyed;
        need = std::min(need, approx.size());
        std::nth_element(approx.begin(), approx.begin() + static_cast<std::ptrdiff_t>(need - 1),
                         approx.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        // The margin is relative to the key's own distance (in the first tier, to its
        // distance above -kTierGapH).
        const double last = approx[need - 1].first;
        const double bound =
            last >= 0 ? last * (1 + 1e-6) + 1e-16 : last + (last + kTierGapH) * 1e-6 + 1e-15;
        for (const auto& [h, did] : approx)
            if (h <= bound)
                keyed.emplace_back(h == kZeroByRule ? -kTierGapMiles : sort_miles(did), did);
        return keyed;
    }
    // How many of hits are in the first tier (their key is below zero on either scale).
    std::int64_t first_tier_count(const Bits& hits) const {
        std::int64_t n = 0;
        for_each_bit(hits, columns->first, [&](Xapian::docid did) {
            if (sort_h(did) < 0) ++n;
        });
        return n;
    }
    // sort_miles(did) > radius, measuring exactly only near the edge.
    bool beyond(Xapian::docid did, double radius_h) const {
        double h = sort_h(did);
        double shift = 0;  // what sort_miles adds to the venue distance
        if (h < 0) {
            // The first tier: a service that reaches you is never dropped; one whose area covers
            // the place but that you travel to is kept only when its venue is within reach.
            const DocGeo* g = columns->geo[columns->bit(did)].get();
            if (g->units.empty() || area_fit(*g).reaches) return false;
            h += kTierGapH;
            shift = kTierGapMiles;
        }
        if (h > radius_h * (1 + 1e-6) + 1e-16) return true;
        if (h < radius_h * (1 - 1e-6) - 1e-16) return false;
        return sort_miles(did) + shift > *radius;
    }
    Placement place(Xapian::docid did) const {
        const DocGeo* g = columns->has(did) ? columns->geo[columns->bit(did)].get() : nullptr;
        if (!g) return place_service(point, areas, {}, {}, false);
        std::vector<std::string> names;
        for (const auto a : g->areas) names.push_back(columns->area_names[a]);
        return place_service(point, areas, g->venues, names, g->remote);
    }
};

}  // namespace lo::search::detail
