// The Xapian side of search: documents, terms, queries, facet counting and distance ordering.
// Term scheme: plain lowercase words with positions, "Z"-prefixed English stems, "Q<kind>:<id>"
// for identity, and boolean filter terms "X<group>:<value>" ("Xcategory:health", "Xage:4").
#include "search/index.hpp"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "search/coverage.hpp"
#include "search/gazetteer.hpp"

namespace lo::search {
namespace {

namespace fs = std::filesystem;

constexpr Xapian::valueno kSlotFacets = 0;  // "group:value\n" lines
constexpr Xapian::valueno kSlotGeo = 1;     // see encode_geo
constexpr Xapian::valueno kSlotName = 2;    // lowercase name, for A-Z order
constexpr double kFar = 1e9;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::string id_term(const std::string& kind, const std::string& id) {
    return "Q" + kind + ":" + id;
}
std::string filter_term(const std::string& group, const std::string& value) {
    return "X" + group + ":" + value;
}

// 'R' or '-' (remote), then "V<lat>,<lng>;" per venue and "A<name>;" per service area.
std::string encode_geo(const IndexDocument& d) {
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

Geo decode_geo(const std::string& s) {
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

Unit unit_vector(Point p) {
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
double miles_to_h(double miles) {
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
void for_each_bit(const Bits& b, Xapian::docid first, F&& f) {
    for (std::size_t w = 0; w < b.size(); ++w)
        for (auto x = b[w]; x; x &= x - 1)
            f(static_cast<Xapian::docid>(first + w * 64 +
                                         static_cast<unsigned>(__builtin_ctzll(x))));
}

// Orders every document A-Z by its name slot (bytewise, as Xapian's value sort), then docid.
void sort_by_name(Columns& c, const std::vector<std::string>& names) {
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
std::shared_ptr<Columns> build_columns(Xapian::Database& db, std::vector<std::string>& names) {
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
        if (fit.reaches) return venue.value_or(0) - kTierGapMiles;
        if (venue) return *venue;
        if (fit.covered) return -kTierGapMiles;
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
        if (fit.reaches) return g->units.empty() ? kZeroByRule : venue - kTierGapH;
        if (!g->units.empty()) return venue;
        if (fit.covered) return kZeroByRule;
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
    // sort_miles(did) > radius, measuring exactly only near the edge.
    bool beyond(Xapian::docid did, double radius_h) const {
        const double h = sort_h(did);
        if (h < 0) return false;  // the first tier: it reaches you
        if (h > radius_h * (1 + 1e-6) + 1e-16) return true;
        if (h < radius_h * (1 - 1e-6) - 1e-16) return false;
        return sort_miles(did) > *radius;
    }
    Placement place(Xapian::docid did) const {
        const DocGeo* g = columns->has(did) ? columns->geo[columns->bit(did)].get() : nullptr;
        if (!g) return place_service(point, areas, {}, {}, false);
        std::vector<std::string> names;
        for (const auto a : g->areas) names.push_back(columns->area_names[a]);
        return place_service(point, areas, g->venues, names, g->remote);
    }
};

Xapian::Query word_query(const std::string& word, const Xapian::Stem& stem) {
    return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("Z" + stem(word)),
                         Xapian::Query(word));
}

Xapian::Query phrase_query(const std::vector<std::string>& words, const Xapian::Stem& stem) {
    if (words.size() == 1) return word_query(words.front(), stem);
    std::vector<Xapian::Query> parts;
    for (const auto& w : words) parts.emplace_back(w);
    return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                         static_cast<Xapian::termcount>(words.size()));
}

// An alternative (a vocabulary expansion or a concept's name) matches as written, never by its
// stem: "hearing impairment" must not match every service that says "hear". A single word also
// matches its plural ("short break" / "short breaks" is the phrase's own business).
std::vector<std::string> alternative_terms(const std::string& word) {
    std::vector<std::string> terms{word};
    if (!word.empty() && word.back() != 's') terms.push_back(word + "s");
    return terms;
}

Xapian::Query alternative_query(const std::vector<std::string>& words, const Xapian::Stem& stem) {
    if (words.size() != 1) return phrase_query(words, stem);
    const auto terms = alternative_terms(words.front());
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// A unit's own words: as a phrase, or all of them anywhere (by stem), so "parent carer forum"
// also finds "a forum for parents and carers".
Xapian::Query words_query(const std::vector<std::string>& words, const Xapian::Stem& stem) {
    if (words.size() == 1) return word_query(words.front(), stem);
    std::vector<Xapian::Query> each;
    for (const auto& w : words) each.push_back(word_query(w, stem));
    return Xapian::Query(Xapian::Query::OP_OR, phrase_query(words, stem),
                         Xapian::Query(Xapian::Query::OP_AND, each.begin(), each.end()));
}

Xapian::Query unit_query(const TextUnit& u, const Xapian::Stem& stem) {
    auto q = words_query(u.words, stem);
    if (u.prefix && u.words.size() == 1 && u.words.front().size() >= 3)
        q = Xapian::Query(Xapian::Query::OP_OR, q,
                          Xapian::Query(Xapian::Query::OP_WILDCARD, u.words.front(), 40,
                                        Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT));
    if (!u.alternatives.empty()) {
        std::vector<Xapian::Query> alts;
        for (const auto& a : u.alternatives) alts.push_back(alternative_query(a, stem));
        // Alternatives help recall but rank a little below the words as typed.
        q = Xapian::Query(
            Xapian::Query::OP_OR, q,
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                          Xapian::Query(Xapian::Query::OP_SYNONYM, alts.begin(), alts.end()), 0.8));
    }
    return q;
}

// ---------------------------------------------------------------------------------------------
// Word matching on bitmaps (docs/search.md, "How search is fast"). The documents a text query
// matches are worked out as bitmaps over the columns' numbering, from the same query shape as
// unit_query: a word is its stem OR the word, a unit ORs its phrase, its prefix expansion and its
// alternatives, and units are combined with AND (or OR). Each leaf's bitmap comes from Xapian's
// posting list of a term, or, for a phrase or a prefix with more than 40 terms, from Xapian
// itself, and is kept for the index revision it was read from. Xapian then only ranks the page.

constexpr Xapian::termcount kWildcardTerms = 40;  // unit_query's OP_WILDCARD limit

// Sets a bit for every document a match sees (with check_at_least = doccount: all of them).
class BitsSpy : public Xapian::MatchSpy {
public:
    BitsSpy(const Columns& c, Bits& out) : c_(c), out_(out) {}
    void operator()(const Xapian::Document& doc, double) override {
        const auto did = doc.get_docid();
        if (c_.has(did)) set_bit(out_, c_.bit(did));
    }
    std::string name() const override { return "lo::BitsSpy"; }

private:
    const Columns& c_;
    Bits& out_;
};

// Every document a Xapian query matches, as a bitmap over the columns' numbering.
Bits matching_bits(Xapian::Database& db, const Columns& c, const Xapian::Query& q) {
    Bits b(c.words, 0);
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    BitsSpy spy(c, b);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, std::max<Xapian::doccount>(db.get_doccount(), 1));
    return b;
}

// The documents of a bitmap as a Xapian posting list, to restrict a ranking match to them
// (used with OP_FILTER, so it adds no weight).
class BitsSource : public Xapian::PostingSource {
public:
    BitsSource(const Bits& bits, Xapian::docid first, Xapian::doccount count)
        : bits_(bits), first_(first), count_(count) {}
    Xapian::doccount get_termfreq_min() const override { return count_; }
    Xapian::doccount get_termfreq_est() const override { return count_; }
    Xapian::doccount get_termfreq_max() const override { return count_; }
    void init(const Xapian::Database&) override {
        started_ = false;
        pos_ = 0;
    }
    void next(double) override { seek(started_ ? pos_ + 1 : 0); }
    void skip_to(Xapian::docid did, double) override {
        const std::size_t want = did <= first_ ? 0 : did - first_;
        if (started_ && want <= pos_) return;
        seek(want);
    }
    bool at_end() const override { return started_ && pos_ >= bits_.size() * 64; }
    Xapian::docid get_docid() const override { return static_cast<Xapian::docid>(first_ + pos_); }
    Xapian::PostingSource* clone() const override { return new BitsSource(bits_, first_, count_); }
    std::string name() const override { return "lo::BitsSource"; }

private:
    void seek(std::size_t from) {
        started_ = true;
        std::size_t w = from >> 6;
        const std::size_t n = bits_.size();
        if (w >= n) {
            pos_ = n * 64;
            return;
        }
        auto x = bits_[w] & (~std::uint64_t{0} << (from & 63));
        while (!x) {
            if (++w >= n) {
                pos_ = n * 64;
                return;
            }
            x = bits_[w];
        }
        pos_ = w * 64 + static_cast<std::size_t>(__builtin_ctzll(x));
    }
    const Bits& bits_;
    Xapian::docid first_;
    Xapian::doccount count_;
    bool started_ = false;
    std::size_t pos_ = 0;
};

// Values derived from one index revision, shared by every reader of it, within a memory
// budget (when full it starts again: the frequent entries come back at once).
template <typename V>
class RevisionCache {
public:
    explicit RevisionCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

    template <typename F>
    std::shared_ptr<const V> get(Xapian::rev revision, const std::string& key, F&& compute) {
        {
            std::lock_guard lock(mutex_);
            if (revision > revision_) {
                entries_.clear();
                bytes_ = 0;
                revision_ = revision;
            }
            if (revision == revision_) {
                const auto it = entries_.find(key);
                if (it != entries_.end()) return it->second;
            }
        }
        auto value = std::make_shared<const V>(compute());
        std::lock_guard lock(mutex_);
        if (revision != revision_) return value;  // an older reader's: not kept
        const auto size = value->size() * sizeof(typename V::value_type) + key.size() + 64;
        if (bytes_ + size > budget_) {
            entries_.clear();
            bytes_ = 0;
        }
        if (entries_.emplace(key, value).second) bytes_ += size;
        return value;
    }

private:
    std::size_t budget_;
    std::mutex mutex_;
    Xapian::rev revision_ = 0;
    std::size_t bytes_ = 0;
    std::unordered_map<std::string, std::shared_ptr<const V>> entries_;
};
using LeafCache = RevisionCache<Bits>;
// Every document a text query matches, with its BM25 weight, best first (then by docid).
using Ranking = std::vector<std::pair<Xapian::docid, double>>;
using RankingCache = RevisionCache<Ranking>;

// BM25 with Xapian's defaults (k1 1, b 0.5): on the judged queries k1 0.6 to 2 and b 0.5 to
// 0.9 moved nDCG@10 by less than 0.01 (bench/relevance/README.md).
Xapian::BM25Weight ranking_weight() {
    return Xapian::BM25Weight();
}

void sort_ranking(Ranking& r) {
    std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) {
        if (a.second != b.second) return a.second > b.second;
        return a.first < b.first;
    });
}

// Evaluates a text query as bitmaps (see above). One per query.
class WordMatcher {
public:
    WordMatcher(Xapian::Database& db, const Columns& c, const Xapian::Stem& stem, LeafCache& cache)
        : db_(db), c_(c), stem_(stem), cache_(cache) {}

    // The documents a unit matches: its words (a phrase), the last word's prefix expansion and
    // the vocabulary's alternatives, ORed.
    Bits unit(const TextUnit& u) {
        Bits out(c_.words, 0);
        phrase(u.words, out);
        if (u.words.size() > 1) all_words(u.words, out);
        if (u.prefix && u.words.size() == 1 && u.words.front().size() >= 3)
            or_into(out, *leaf("W" + u.words.front(), [&] { return wildcard(u.words.front()); }));
        for (const auto& a : u.alternatives) alternative(a, out);
        return out;
    }

private:
    static void or_into(Bits& out, const Bits& b) {
        for (std::size_t w = 0; w < out.size(); ++w) out[w] |= b[w];
    }
    // Every word anywhere, each by its stem or as written (words_query's second half).
    void all_words(const std::vector<std::string>& words, Bits& out) {
        Bits all(c_.words, ~std::uint64_t{0});
        for (const auto& w : words) {
            Bits one(c_.words, 0);
            phrase({w}, one);
            for (std::size_t i = 0; i < all.size(); ++i) all[i] &= one[i];
        }
        or_into(out, all);
    }
    void alternative(const std::vector<std::string>& words, Bits& out) {
        if (words.size() != 1) return phrase(words, out);
        for (const auto& t : alternative_terms(words.front())) or_into(out, *term(t));
    }
    void phrase(const std::vector<std::string>& words, Bits& out) {
        if (words.size() == 1) {
            or_into(out, *term("Z" + stem_(words.front())));
            or_into(out, *term(words.front()));
            return;
        }
        std::string key = "P";
        for (const auto& w : words) key += w + " ";
        or_into(out,
                *leaf(key, [&] { return matching_bits(db_, c_, phrase_query(words, stem_)); }));
    }
    std::shared_ptr<const Bits> term(const std::string& t) {
        return leaf("T" + t, [&] {
            Bits b(c_.words, 0);
            for (auto p = db_.postlist_begin(t); p != db_.postlist_end(t); ++p)
                if (c_.has(*p)) set_bit(b, c_.bit(*p));
            return b;
        });
    }
    // OP_WILDCARD(prefix, 40, WILDCARD_LIMIT_MOST_FREQUENT): every term with the prefix when
    // there are at most 40; otherwise Xapian's own choice of the 40 most frequent.
    Bits wildcard(const std::string& prefix) {
        std::vector<std::string> terms;
        for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
            terms.push_back(*t);
            if (terms.size() > kWildcardTerms)
                return matching_bits(
                    db_, c_,
                    Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, kWildcardTerms,
                                  Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT));
        }
        Bits b(c_.words, 0);
        for (const auto& t : terms)
            for (auto p = db_.postlist_begin(t); p != db_.postlist_end(t); ++p)
                if (c_.has(*p)) set_bit(b, c_.bit(*p));
        return b;
    }
    template <typename F>
    std::shared_ptr<const Bits> leaf(const std::string& key, F&& compute) {
        return cache_.get(c_.revision, key, std::forward<F>(compute));
    }

    Xapian::Database& db_;
    const Columns& c_;
    const Xapian::Stem& stem_;
    LeafCache& cache_;
};

// The page [offset, offset + limit) of the documents in hits (total of them), from the word
// query's full ranking, or, without one (every kept document has the same coverage factor, so
// Xapian's order is the ranking's), from Xapian asked for just what is needed. Without a place
// the order is (score, docid). With a place it is (distance key, score, docid): the keys come
// from the columns, and only the documents that can reach the page are ordered: those with a
// key below the page's last key, and the best of those with exactly that key.
std::vector<std::pair<Xapian::docid, double>> rank_page(Xapian::Database& db,
                                                        const Columns& c,
                                                        const Xapian::Query& text,
                                                        const Bits& hits,
                                                        std::int64_t total,
                                                        const GeoContext* geo,
                                                        std::size_t offset,
                                                        std::size_t limit,
                                                        const Ranking* ranking) {
    const auto ranked = [&](const Bits& among, std::size_t n, std::size_t from, std::size_t count) {
        std::vector<std::pair<Xapian::docid, double>> out;
        if (ranking) {  // the full ranking, filtered
            std::size_t seen = 0;
            for (const auto& [did, wt] : *ranking) {
                if (out.size() >= count) break;
                if (!c.has(did) || !test_bit(among, c.bit(did))) continue;
                if (seen++ >= from) out.emplace_back(did, wt);
            }
            return out;
        }
        BitsSource source(among, c.first, static_cast<Xapian::doccount>(n));
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, text, Xapian::Query(&source)));
        enquire.set_weighting_scheme(ranking_weight());
        const auto mset = enquire.get_mset(static_cast<Xapian::doccount>(from),
                                           static_cast<Xapian::doccount>(count));
        for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
        return out;
    };
    if (!geo) return ranked(hits, static_cast<std::size_t>(total), offset, limit);

    const auto need = std::min(offset + limit, static_cast<std::size_t>(total));
    auto keyed = geo->nearest(hits, need);
    std::nth_element(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(need - 1),
                     keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const double last = keyed[need - 1].first;
    Bits below(c.words, 0), at(c.words, 0);
    std::size_t n_below = 0, n_at = 0;
    for (const auto& [key, did] : keyed) {
        if (key < last) {
            set_bit(below, c.bit(did));
            ++n_below;
        } else if (key == last) {
            set_bit(at, c.bit(did));
            ++n_at;
        }
    }
    std::unordered_map<Xapian::docid, double> key_of;
    key_of.reserve(need * 2);
    for (const auto& [key, did] : keyed)
        if (key <= last) key_of.emplace(did, key);
    std::vector<std::pair<Xapian::docid, double>> candidates;
    if (n_below) candidates = ranked(below, n_below, 0, n_below);
    for (const auto& r : ranked(at, n_at, 0, need - n_below)) candidates.push_back(r);
    std::sort(candidates.begin(), candidates.end(), [&](const auto& a, const auto& b) {
        const auto ka = key_of.at(a.first), kb = key_of.at(b.first);
        if (ka != kb) return ka < kb;
        if (a.second != b.second) return a.second > b.second;
        return a.first < b.first;
    });
    std::vector<std::pair<Xapian::docid, double>> page;
    for (std::size_t i = offset; i < std::min(need, candidates.size()); ++i)
        page.push_back(candidates[i]);
    return page;
}

// Records every document the match sees, with its weight (a full match: check_at_least is
// the document count).
class WeightSpy : public Xapian::MatchSpy {
public:
    WeightSpy(const Columns& c, Ranking& out) : c_(c), out_(out) {}
    void operator()(const Xapian::Document& doc, double wt) override {
        if (c_.has(doc.get_docid())) out_.emplace_back(doc.get_docid(), wt);
    }
    std::string name() const override { return "lo::WeightSpy"; }

private:
    const Columns& c_;
    Ranking& out_;
};

// Every kept document with its score: Xapian's BM25 weight for the words (over the kept
// documents only, restricted with a posting source, which adds no weight) times its coverage
// factor, best first, then by docid.
Ranking full_ranking(Xapian::Database& db,
                     const Columns& c,
                     const Xapian::Query& text,
                     const Coverage& coverage) {
    Ranking out;
    const auto& kept = coverage.kept();
    Xapian::doccount n = 0;
    for (const auto w : kept) n += static_cast<Xapian::doccount>(__builtin_popcountll(w));
    if (n == 0) return out;
    BitsSource source(kept, c.first, n);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, text, Xapian::Query(&source)));
    enquire.set_weighting_scheme(ranking_weight());
    WeightSpy spy(c, out);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, std::max<Xapian::doccount>(db.get_doccount(), 1));
    for (auto& [did, wt] : out) wt *= coverage.factor(c.bit(did));
    sort_ranking(out);
    return out;
}

// The reference for full_ranking (SearchIndex::set_fast_words(false)): one Xapian match of
// the words over every document, the kept ones scored the same way.
Ranking reference_ranking(Xapian::Database& db,
                          const Columns& c,
                          const Xapian::Query& text,
                          const Coverage& coverage) {
    Ranking all, out;
    Xapian::Enquire enquire(db);
    enquire.set_query(text);
    enquire.set_weighting_scheme(ranking_weight());
    WeightSpy spy(c, all);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, std::max<Xapian::doccount>(db.get_doccount(), 1));
    for (const auto& [did, wt] : all)
        if (test_bit(coverage.kept(), c.bit(did)))
            out.emplace_back(did, wt * coverage.factor(c.bit(did)));
    sort_ranking(out);
    return out;
}

// Each unit's documents: from cached bitmaps (fast), or one Xapian match per unit (reference).
std::vector<Bits> unit_bitmaps(Xapian::Database& db,
                               const Columns& c,
                               const Xapian::Stem& stem,
                               const std::vector<TextUnit>& units,
                               bool fast,
                               LeafCache& leaves) {
    std::vector<Bits> out;
    WordMatcher matcher(db, c, stem, leaves);
    for (const auto& u : units)
        out.push_back(fast ? matcher.unit(u) : matching_bits(db, c, unit_query(u, stem)));
    return out;
}

// The ranking cache's key: the words' query and everything else that decides the ranking.
std::string ranking_key(const IndexQuery& q, const Xapian::Query& text) {
    std::string key = q.kind + "|" + text.get_description();
    key += "|keep=" + std::to_string(q.keep_share) + "|weak=";
    for (const auto& u : q.units)
        key += static_cast<char>('0' + (u.weak ? 1 : 0) + (u.topic ? 2 : 0));
    return key;
}

// A facet group being counted by count_pass.
struct Counted {
    std::string group;
    int active = -1;  // index into the active groups' bitmaps, or -1
    const std::vector<std::uint32_t>* ids = nullptr;
    std::vector<std::int64_t> n;
};

// The documents of base that pass every group (into hits; their number is returned), and each
// counted group's option counts over the documents that pass every *other* group, in one pass
// over the bitmaps' words (prefix and suffix ANDs). Built twice, and the one for the processor
// chosen at start-up: with the POPCNT instruction when there is one (every x86-64 processor
// since 2008), otherwise GCC's portable bit count.
#if defined(__x86_64__) && !defined(__POPCNT__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("popcnt", "default")))
#endif
std::int64_t
count_pass(const Columns& c,
           const Bits& base,
           const std::vector<Bits>& pass,
           std::vector<Counted>& counted,
           Bits& hits) {
    const std::size_t k = pass.size();
    std::int64_t total = 0;
    std::vector<std::uint64_t> prefix(k + 1), suffix(k + 1);
    for (std::size_t w = 0; w < base.size(); ++w) {
        if (!base[w]) continue;
        prefix[0] = base[w];
        for (std::size_t g = 0; g < k; ++g) prefix[g + 1] = prefix[g] & pass[g][w];
        suffix[k] = ~std::uint64_t{0};
        for (std::size_t g = k; g-- > 0;) suffix[g] = suffix[g + 1] & pass[g][w];
        const auto all = prefix[k];
        hits[w] = all;
        total += __builtin_popcountll(all);
        for (auto& cg : counted) {
            const auto mask = cg.active < 0 ? all : prefix[cg.active] & suffix[cg.active + 1];
            if (!mask) continue;
            for (std::size_t j = 0; j < cg.ids->size(); ++j)
                cg.n[j] += __builtin_popcountll(mask & c.bits[(*cg.ids)[j]][w]);
        }
    }
    return total;
}

Xapian::Query filter_query(const IndexQuery& q, const std::string& without_group) {
    std::vector<Xapian::Query> groups{Xapian::Query(filter_term("kind", q.kind))};
    for (const auto& [group, values] : q.filters) {
        if (group == without_group || values.empty()) continue;
        std::vector<Xapian::Query> any;
        for (const auto& v : values) any.emplace_back(filter_term(group, v));
        groups.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
    }
    return Xapian::Query(Xapian::Query::OP_AND, groups.begin(), groups.end());
}

}  // namespace

Placement place_service(Point point,
                        const std::vector<Area>& areas,
                        const std::vector<Point>& venues,
                        const std::vector<std::string>& service_areas,
                        bool remote) {
    Placement p;
    for (const auto& v : venues) {
        const auto d = miles_between(point, v);
        if (!p.venue_miles || d < *p.venue_miles) p.venue_miles = d;
    }
    double nearest_area_edge = kFar;
    for (const auto& name : service_areas) {
        for (const auto& a : areas) {
            if (a.name != name) continue;
            const auto d = miles_between(point, a.centre);
            if (d <= a.radius_miles) {
                if (p.covering_area.empty()) p.covering_area = a.name;
            } else {
                nearest_area_edge = std::min(nearest_area_edge, d - a.radius_miles);
            }
        }
    }
    const bool nationwide_remote = service_areas.empty() && venues.empty() && remote;
    p.reaches_you = nationwide_remote || (!p.covering_area.empty() && (venues.empty() || remote));
    if (p.reaches_you) {
        p.first_tier = true;
        p.sort_miles = p.venue_miles.value_or(0);
    } else if (p.venue_miles)
        p.sort_miles = *p.venue_miles;
    else if (!p.covering_area.empty()) {
        p.first_tier = true;
        p.sort_miles = 0;
    } else {
        p.sort_miles = nearest_area_edge;
    }
    return p;
}

struct SearchIndex::Impl {
    Mode mode;
    std::unique_ptr<Xapian::WritableDatabase> writer;
    Xapian::TermGenerator generator;  // used under write_mutex only
    std::mutex read_mutex;
    std::vector<std::unique_ptr<Xapian::Database>> pool;  // idle readers
    std::mutex write_mutex;

    // Columns (under read_mutex): the latest committed revision's, and, while a commit is
    // under way, the one for the revision it is about to make.
    std::shared_ptr<const Columns> current, pending;
    std::mutex build_mutex;  // one full build at a time (a reader of an unknown revision)
    LeafCache leaves{std::size_t{64} << 20};       // word-match bitmaps of the latest revision
    RankingCache rankings{std::size_t{64} << 20};  // word rankings of the latest revision
    RevisionCache<std::string> documents{std::size_t{32} << 20};  // result cards' stored data
    std::atomic<bool> fast_words{true};
    std::atomic<bool> cache_rankings{true};
    std::atomic<std::uint64_t> committed{0};  // the writer's last committed revision

    // Writer side (under write_mutex): the columns of the writer's state at the last commit,
    // each bit's name, and what changed since.
    std::shared_ptr<const Columns> written;
    std::vector<std::string> names;
    std::set<Xapian::docid> dirty;
    bool all_dirty = false;

    // A reader from the pool, refreshed to the latest committed revision.
    std::unique_ptr<Xapian::Database> take(const std::string& dir) {
        std::unique_ptr<Xapian::Database> db;
        {
            std::lock_guard lock(read_mutex);
            if (!pool.empty()) {
                db = std::move(pool.back());
                pool.pop_back();
            }
        }
        if (!db)
            db = std::make_unique<Xapian::Database>(dir);
        else
            db->reopen();
        return db;
    }
    void give_back(std::unique_ptr<Xapian::Database> db) {
        std::lock_guard lock(read_mutex);
        if (pool.size() < 16) pool.push_back(std::move(db));
    }
    template <typename F>
    auto with_reader(const std::string& dir, F&& f) {
        for (int attempt = 0;; ++attempt) {
            auto db = take(dir);
            try {
                auto result = f(*db);
                give_back(std::move(db));
                return result;
            } catch (const Xapian::DatabaseModifiedError&) {
                // A reader slower than two commits in a row (a busy machine) starts again.
                if (attempt >= 10) throw;
            }
        }
    }

    std::shared_ptr<const Columns> published(Xapian::rev revision) {
        std::lock_guard lock(read_mutex);
        if (current && current->revision == revision) return current;
        if (pending && pending->revision == revision) return pending;
        return nullptr;
    }
    // The columns for the reader's revision: published by the writer, or built here (a
    // read-only index, or a reader that raced a commit).
    std::shared_ptr<const Columns> columns_for(Xapian::Database& db) {
        if (auto c = published(db.get_revision())) return c;
        db.reopen();
        if (auto c = published(db.get_revision())) return c;
        std::lock_guard build(build_mutex);
        if (auto c = published(db.get_revision())) return c;
        std::vector<std::string> scratch;
        std::shared_ptr<const Columns> c = build_columns(db, scratch);
        std::lock_guard lock(read_mutex);
        if (!current || current->revision < c->revision) current = c;
        return c;
    }

    // Writer: the columns of the writer's present state, from the last ones and what changed.
    std::shared_ptr<Columns> rebuild_written() {
        if (all_dirty || !written) {
            all_dirty = false;
            dirty.clear();
            return build_columns(*writer, names);
        }
        auto c = std::make_shared<Columns>(*written);
        bool reorder = false;
        for (const auto did : dirty) {
            c->cover(did);
            if (!c->has(did)) continue;
            names.resize(c->words * 64);
            const auto i = c->bit(did);
            bool was = false;
            for (auto& b : c->bits) {
                if (test_bit(b, i)) was = true;
                clear_bit(b, i);
            }
            c->geo[i] = nullptr;
            std::string name;
            bool is = false;
            try {
                const auto doc = writer->get_document(did);
                for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                    const std::string term = *t;
                    if (term.empty() || term[0] != 'X') continue;
                    set_bit(c->bits[c->intern(term.substr(1))], i);
                    is = true;
                }
                c->geo[i] = c->decode(doc.get_value(kSlotGeo));
                name = doc.get_value(kSlotName);
            } catch (const Xapian::DocNotFoundError&) {
            }
            if (was != is || names[i] != name) reorder = true;
            names[i] = std::move(name);
        }
        dirty.clear();
        if (reorder) sort_by_name(*c, names);
        return c;
    }
};

SearchIndex::SearchIndex(std::string dir, Mode mode)
    : dir_(std::move(dir)), impl_(std::make_unique<Impl>()) {
    impl_->mode = mode;
    try {
        if (mode == Mode::Write) {
            fs::create_directories(dir_);
            impl_->writer =
                std::make_unique<Xapian::WritableDatabase>(dir_, Xapian::DB_CREATE_OR_OPEN);
            impl_->generator.set_stemmer(Xapian::Stem("english"));
            impl_->generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
            impl_->generator.set_database(*impl_->writer);
            impl_->generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
            auto c = build_columns(*impl_->writer, impl_->names);
            impl_->written = c;
            impl_->current = c;
            impl_->committed = impl_->writer->get_revision();
        } else {
            impl_->give_back(std::make_unique<Xapian::Database>(dir_));
        }
    } catch (const Xapian::DatabaseLockError&) {
        throw std::runtime_error("The search index in " + dir_ +
                                 " is in use by another localoffer process (probably a running "
                                 "server, which keeps it up to date itself). Stop that process "
                                 "first, then try again.");
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("Could not open the search index in " + dir_ + ": " + e.get_msg() +
                                 ". Run: localoffer reindex");
    }
}

SearchIndex::~SearchIndex() = default;

void SearchIndex::clear() {
    std::lock_guard lock(impl_->write_mutex);
    auto& db = *impl_->writer;
    // Deleting by the kind terms removes every document; spellings go with a fresh database.
    db.delete_document(filter_term("kind", "service"));
    db.delete_document(filter_term("kind", "advice"));
    std::vector<std::pair<std::string, Xapian::termcount>> spellings;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
        spellings.emplace_back(*it, it.get_termfreq());
    for (const auto& [word, freq] : spellings) db.remove_spelling(word, freq);
    impl_->all_dirty = true;
}

void SearchIndex::put(const IndexDocument& d) {
    std::lock_guard lock(impl_->write_mutex);
    Xapian::Document doc;
    auto& gen = impl_->generator;
    gen.set_document(doc);
    for (const auto& [text, weight] : d.texts) {
        gen.index_text(text, static_cast<Xapian::termcount>(std::max(1, weight)));
        gen.increase_termpos(10);  // no phrase across fields
    }
    const auto idt = id_term(d.kind, d.id);
    doc.add_boolean_term(idt);
    doc.add_boolean_term(filter_term("kind", d.kind));
    std::string facets;
    for (const auto& [group, value] : d.facets) {
        doc.add_boolean_term(filter_term(group, value));
        if (group != "age") facets += group + ":" + value + "\n";
    }
    doc.add_value(kSlotFacets, facets);
    doc.add_value(kSlotGeo, encode_geo(d));
    doc.add_value(kSlotName, d.sort_name);
    doc.set_data(d.data);
    const auto did = impl_->writer->replace_document(idt, doc);
    if (!impl_->all_dirty) impl_->dirty.insert(did);
}

void SearchIndex::remove(const std::string& kind, const std::string& id) {
    std::lock_guard lock(impl_->write_mutex);
    const auto idt = id_term(kind, id);
    if (!impl_->all_dirty)
        for (auto p = impl_->writer->postlist_begin(idt); p != impl_->writer->postlist_end(idt);
             ++p)
            impl_->dirty.insert(*p);
    impl_->writer->delete_document(idt);
}

void SearchIndex::add_spelling_words(const std::vector<std::string>& words) {
    std::lock_guard lock(impl_->write_mutex);
    for (const auto& w : words) impl_->writer->add_spelling(w, 2);
}

void SearchIndex::commit(std::int64_t generation, std::int64_t change_seq) {
    std::lock_guard lock(impl_->write_mutex);
    auto& db = *impl_->writer;
    db.set_metadata("lo:generation", std::to_string(generation));
    db.set_metadata("lo:change_seq", std::to_string(change_seq));
    db.set_metadata("lo:format", kIndexFormat);
    // The columns for the revision this commit makes are published first, so a reader that
    // opens it finds them at once.
    auto next = impl_->rebuild_written();
    const auto before = db.get_revision();
    next->revision = before + 1;
    {
        std::lock_guard read(impl_->read_mutex);
        impl_->pending = next;
    }
    try {
        db.commit();
    } catch (...) {
        std::lock_guard read(impl_->read_mutex);
        impl_->pending = nullptr;
        impl_->all_dirty = true;
        throw;
    }
    const auto after = db.get_revision();
    if (after != next->revision) {
        auto fixed = std::make_shared<Columns>(*next);
        fixed->revision = after;
        next = fixed;
    }
    impl_->written = next;
    impl_->committed = after;
    std::lock_guard read(impl_->read_mutex);
    impl_->current = next;
    impl_->pending = nullptr;
}

IndexState SearchIndex::state() {
    const auto read = [](Xapian::Database& db) {
        IndexState s;
        s.exists = true;
        const auto g = db.get_metadata("lo:generation");
        const auto c = db.get_metadata("lo:change_seq");
        s.generation = g.empty() ? -1 : std::stoll(g);
        s.change_seq = c.empty() ? 0 : std::stoll(c);
        s.format = db.get_metadata("lo:format");
        s.documents = db.get_doccount();
        return s;
    };
    if (impl_->mode == Mode::Write) {
        std::lock_guard lock(impl_->write_mutex);
        return read(*impl_->writer);
    }
    return impl_->with_reader(dir_, read);
}

IndexResult SearchIndex::query(const IndexQuery& q) {
    return impl_->with_reader(dir_, [&](Xapian::Database& db) {
        IndexResult result;
        result.revision = db.get_revision();
        // A stemmer keeps state while it works, so each query has its own.
        const Xapian::Stem stem("english");
        std::optional<Xapian::Query> text;
        if (!q.units.empty()) {
            std::vector<Xapian::Query> parts;
            for (const auto& u : q.units) parts.push_back(unit_query(u, stem));
            text = Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
        }
        const auto doccount = std::max<Xapian::doccount>(db.get_doccount(), 1);

        // Without words, facets or a place (advice pages A-Z), one Xapian match with the
        // filter terms does everything.
        if (!text && q.facet_groups.empty() && !q.point) {
            const auto filter = filter_query(q, "");
            Xapian::Enquire enquire(db);
            enquire.set_query(text ? Xapian::Query(Xapian::Query::OP_FILTER, *text, filter)
                                   : filter);
            enquire.set_weighting_scheme(ranking_weight());
            if (!text) enquire.set_sort_by_value_then_relevance(kSlotName, false);
            const auto mset = enquire.get_mset(static_cast<Xapian::doccount>(q.offset),
                                               static_cast<Xapian::doccount>(q.limit), doccount);
            result.total = mset.get_matches_estimated();
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                Hit hit;
                const auto did = *it;
                hit.data = impl_->documents.get(result.revision, std::to_string(did),
                                                [&] { return it.get_document().get_data(); });
                hit.docid = did;
                hit.relevance = it.get_weight();
                result.hits.push_back(std::move(hit));
            }
            return result;
        }

        const auto cols = impl_->columns_for(db);
        const Columns& c = *cols;
        const std::size_t W = c.words;
        const auto id_of = [&](const std::string& group, const std::string& value) {
            const auto it = c.ids.find(group + ":" + value);
            return it == c.ids.end() ? -1 : static_cast<std::int64_t>(it->second);
        };

        // base: documents of the kind that match the words (and, later, are within the radius).
        Bits base(W, 0);
        if (const auto kind = id_of("kind", q.kind); kind >= 0) base = c.bits[kind];
        // Words: the documents that match enough of them (docs/search.md, "Ranked match").
        const bool fast = impl_->fast_words.load();
        std::vector<Bits> units;  // each unit's documents; coverage points into them
        std::optional<Coverage> coverage;
        Ranking weights;  // the reference's scores, for every kept document
        if (text) {
            units = unit_bitmaps(db, c, stem, q.units, fast, impl_->leaves);
            std::vector<const Bits*> unit_ptrs;
            std::vector<bool> weak, topic;
            for (std::size_t i = 0; i < units.size(); ++i) {
                unit_ptrs.push_back(&units[i]);
                weak.push_back(q.units[i].weak);
                topic.push_back(q.units[i].topic);
            }
            coverage.emplace(unit_ptrs, weak, topic, base, q.keep_share);
            base = coverage->kept();
            result.word_share = coverage->best();
            if (!fast) weights = reference_ranking(db, c, *text, *coverage);
        }

        // Each active filter group: the documents with any of its values (OR within a group).
        std::vector<std::string> active;
        std::vector<Bits> pass;
        for (const auto& [group, values] : q.filters) {
            if (values.empty()) continue;
            Bits any(W, 0);
            for (const auto& v : values)
                if (const auto id = id_of(group, v); id >= 0)
                    for (std::size_t w = 0; w < W; ++w) any[w] |= c.bits[id][w];
            active.push_back(group);
            pass.push_back(std::move(any));
        }
        const std::size_t k = active.size();

        std::optional<GeoContext> geo;
        if (q.point) {
            geo.emplace();
            geo->point = *q.point;
            geo->areas = q.areas;
            geo->radius = q.radius_miles;
            geo->prepare(c);
        }
        // The radius applies to the results and to every count: drop, from the documents that
        // fail at most one group (the only ones any count can see), those beyond it.
        if (geo && geo->radius) {
            const double radius_h = miles_to_h(*geo->radius);
            for (std::size_t w = 0; w < W; ++w) {
                if (!base[w]) continue;
                std::uint64_t ones = 0, twos = 0;
                for (std::size_t g = 0; g < k; ++g) {
                    const auto fail = ~pass[g][w];
                    twos |= ones & fail;
                    ones |= fail;
                }
                for (auto x = base[w] & ~twos; x; x &= x - 1) {
                    const auto b = static_cast<unsigned>(__builtin_ctzll(x));
                    const auto did = static_cast<Xapian::docid>(c.first + w * 64 + b);
                    if (geo->beyond(did, radius_h)) base[w] &= ~(std::uint64_t{1} << b);
                }
            }
        }

        // One pass for the results and every count: a group's options are counted over the
        // documents that pass every *other* group (docs/search.md, "Filters and counts").
        std::vector<Counted> counted;
        for (const auto& g : q.facet_groups) {
            const auto it = c.by_group.find(g);
            if (it == c.by_group.end()) continue;
            Counted cg{g, -1, &it->second, std::vector<std::int64_t>(it->second.size(), 0)};
            for (std::size_t i = 0; i < k; ++i)
                if (active[i] == g) cg.active = static_cast<int>(i);
            counted.push_back(std::move(cg));
        }
        Bits hits(W, 0);
        const std::int64_t total = count_pass(c, base, pass, counted, hits);
        result.total = total;
        for (const auto& cg : counted) {
            auto& out = result.facets[cg.group];
            for (std::size_t j = 0; j < cg.ids->size(); ++j)
                if (cg.n[j]) out[c.value[(*cg.ids)[j]]] = cg.n[j];
        }

        // The page: Xapian ranks the words over the documents that passed; without words, the
        // columns give the order (distance or A-Z).
        std::vector<std::pair<Xapian::docid, double>> page;
        const auto offset = static_cast<std::size_t>(std::max(0, q.offset));
        const auto limit = static_cast<std::size_t>(std::max(0, q.limit));
        if (total > 0 && limit > 0 && offset < static_cast<std::size_t>(total)) {
            if (text && fast) {
                std::shared_ptr<const Ranking> ranking;
                const auto rank = [&] { return full_ranking(db, c, *text, *coverage); };
                if (impl_->cache_rankings)
                    ranking = impl_->rankings.get(c.revision, ranking_key(q, *text), rank);
                else if (!coverage->uniform())
                    ranking = std::make_shared<const Ranking>(rank());
                page = rank_page(db, c, *text, hits, total, geo ? &*geo : nullptr, offset, limit,
                                 ranking.get());
            } else if (text) {
                // Xapian's order: by distance when there is a place, then weight (higher
                // first), then docid.
                struct Ranked {
                    double key;
                    double weight;
                    Xapian::docid did;
                };
                std::vector<Ranked> ranked;
                ranked.reserve(static_cast<std::size_t>(total));
                for (const auto& [did, wt] : weights)
                    if (test_bit(hits, c.bit(did)))
                        ranked.push_back({geo ? geo->sort_miles(did) : 0.0, wt, did});
                const auto end = std::min(ranked.size(), offset + limit);
                std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(end),
                                  ranked.end(), [](const Ranked& a, const Ranked& b) {
                                      if (a.key != b.key) return a.key < b.key;
                                      if (a.weight != b.weight) return a.weight > b.weight;
                                      return a.did < b.did;
                                  });
                for (std::size_t i = offset; i < end; ++i)
                    page.emplace_back(ranked[i].did, ranked[i].weight);
            } else if (geo) {
                auto keyed = geo->nearest(hits, offset + limit);
                const auto end = std::min(keyed.size(), offset + limit);
                std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(end),
                                  keyed.end());
                for (std::size_t i = offset; i < end; ++i) page.emplace_back(keyed[i].second, 0.0);
            } else {
                std::size_t seen = 0;
                for (const auto did : c.by_name) {
                    if (!c.has(did) || !test_bit(hits, c.bit(did))) continue;
                    if (seen++ < offset) continue;
                    page.emplace_back(did, 0.0);
                    if (page.size() >= limit) break;
                }
            }
        }
        for (const auto& [did, weight] : page) {
            Hit hit;
            // A page's cards are read from the index once per revision, not per search.
            hit.data = impl_->documents.get(c.revision, std::to_string(did),
                                            [&] { return db.get_document(did).get_data(); });
            hit.docid = did;
            hit.relevance = weight;
            if (geo) hit.placement = geo->place(did);
            result.hits.push_back(std::move(hit));
        }
        return result;
    });
}

std::uint64_t SearchIndex::revision() {
    if (impl_->mode == Mode::Write) return impl_->committed.load();
    return impl_->with_reader(
        dir_, [](Xapian::Database& db) { return static_cast<std::uint64_t>(db.get_revision()); });
}

void SearchIndex::set_fast_words(bool on) {
    impl_->fast_words = on;
}

void SearchIndex::set_ranking_cache(bool on) {
    impl_->cache_rankings = on;
}

std::string SearchIndex::spelling_suggestion(const std::string& word) {
    return impl_->with_reader(dir_, [&](Xapian::Database& db) {
        return db.get_spelling_suggestion(word, word.size() > 6 ? 3 : 2);
    });
}

std::int64_t SearchIndex::term_frequency(const std::string& word) {
    return impl_->with_reader(dir_, [&](Xapian::Database& db) {
        return static_cast<std::int64_t>(db.get_termfreq(word));
    });
}

std::int64_t SearchIndex::word_frequency(const std::string& word) {
    return impl_->with_reader(dir_, [&](Xapian::Database& db) {
        const Xapian::Stem stem("english");
        return static_cast<std::int64_t>(
            std::max(db.get_termfreq(word), db.get_termfreq("Z" + stem(word))));
    });
}

bool SearchIndex::has_spelling(const std::string& word) {
    return impl_->with_reader(dir_, [&](Xapian::Database& db) {
        // Xapian 1.4 has no direct lookup: skip the spelling list to the word.
        auto it = db.spellings_begin();
        it.skip_to(word);
        return it != db.spellings_end() && *it == word;
    });
}

}  // namespace lo::search
