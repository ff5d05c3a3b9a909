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

#include "search/columns.hpp"
#include "search/coverage.hpp"
#include "search/gazetteer.hpp"
#include "search/ranking.hpp"
#include "search/word_match.hpp"

namespace lo::search {

using namespace detail;  // columns.hpp and word_match.hpp

namespace {

namespace fs = std::filesystem;

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
    key += "|keep=" + std::to_string(q.keep_share) + "|feedback=" + std::to_string(q.feedback);
    key += "|weak=";
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

// The id of the column of group:value, or -1.
std::int64_t value_id(const Columns& c, const std::string& group, const std::string& value) {
    const auto it = c.ids.find(group + ":" + value);
    return it == c.ids.end() ? -1 : static_cast<std::int64_t>(it->second);
}

// The ranked match's rule over the units' bitmaps, among the documents of the kind.
Coverage cover(const std::vector<Bits>& units, const IndexQuery& q, const Bits& kind) {
    std::vector<const Bits*> unit_ptrs;
    std::vector<bool> weak, topic;
    for (std::size_t i = 0; i < units.size(); ++i) {
        unit_ptrs.push_back(&units[i]);
        weak.push_back(q.units[i].weak);
        topic.push_back(q.units[i].topic);
    }
    return Coverage(unit_ptrs, weak, topic, kind, q.keep_share);
}

// Each active filter group and the documents with any of its values (OR within a group).
struct FilterGroups {
    std::vector<std::string> active;
    std::vector<Bits> pass;
};

FilterGroups filter_groups(const Columns& c, const IndexQuery& q) {
    FilterGroups out;
    for (const auto& [group, values] : q.filters) {
        if (values.empty()) continue;
        Bits any(c.words, 0);
        for (const auto& v : values)
            if (const auto id = value_id(c, group, v); id >= 0)
                for (std::size_t w = 0; w < c.words; ++w) any[w] |= c.bits[id][w];
        out.active.push_back(group);
        out.pass.push_back(std::move(any));
    }
    return out;
}

std::optional<GeoContext> geo_context(const Columns& c, const IndexQuery& q) {
    std::optional<GeoContext> geo;
    if (!q.point) return geo;
    geo.emplace();
    geo->point = *q.point;
    geo->areas = q.areas;
    geo->radius = q.radius_miles;
    geo->prepare(c);
    return geo;
}

// The radius applies to the results and to every count: drop, from the documents that fail at
// most one group (the only ones any count can see), those beyond it.
void drop_beyond_radius(const Columns& c,
                        const GeoContext& geo,
                        const FilterGroups& groups,
                        Bits& base) {
    const double radius_h = miles_to_h(*geo.radius);
    for (std::size_t w = 0; w < c.words; ++w) {
        if (!base[w]) continue;
        std::uint64_t ones = 0, twos = 0;
        for (const auto& pass : groups.pass) {
            const auto fail = ~pass[w];
            twos |= ones & fail;
            ones |= fail;
        }
        for (auto x = base[w] & ~twos; x; x &= x - 1) {
            const auto b = static_cast<unsigned>(__builtin_ctzll(x));
            const auto did = static_cast<Xapian::docid>(c.first + w * 64 + b);
            if (geo.beyond(did, radius_h)) base[w] &= ~(std::uint64_t{1} << b);
        }
    }
}

// One pass for the results (into hits; their number is returned) and every count: a group's
// options are counted over the documents that pass every *other* group (docs/search.md,
// "Filters and counts").
std::int64_t count(const Columns& c,
                   const IndexQuery& q,
                   const Bits& base,
                   const FilterGroups& groups,
                   Bits& hits,
                   std::map<std::string, std::map<std::string, std::int64_t>>& facets) {
    std::vector<Counted> counted;
    for (const auto& g : q.facet_groups) {
        const auto it = c.by_group.find(g);
        if (it == c.by_group.end()) continue;
        Counted cg{g, -1, &it->second, std::vector<std::int64_t>(it->second.size(), 0)};
        for (std::size_t i = 0; i < groups.active.size(); ++i)
            if (groups.active[i] == g) cg.active = static_cast<int>(i);
        counted.push_back(std::move(cg));
    }
    const std::int64_t total = count_pass(c, base, groups.pass, counted, hits);
    for (const auto& cg : counted) {
        auto& out = facets[cg.group];
        for (std::size_t j = 0; j < cg.ids->size(); ++j)
            if (cg.n[j]) out[c.value[(*cg.ids)[j]]] = cg.n[j];
    }
    return total;
}

// The reference's page: every kept document's score, by distance when there is a place, then
// score (higher first), then docid.
std::vector<std::pair<Xapian::docid, double>> reference_page(const Columns& c,
                                                             const Ranking& weights,
                                                             const Bits& hits,
                                                             const GeoContext* geo,
                                                             std::size_t offset,
                                                             std::size_t limit) {
    struct Ranked {
        double key;
        double weight;
        Xapian::docid did;
    };
    std::vector<Ranked> ranked;
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
    std::vector<std::pair<Xapian::docid, double>> page;
    for (std::size_t i = offset; i < end; ++i) page.emplace_back(ranked[i].did, ranked[i].weight);
    return page;
}

// Without words: nearest first when there is a place, otherwise A to Z.
std::vector<std::pair<Xapian::docid, double>> columns_page(const Columns& c,
                                                           const Bits& hits,
                                                           const GeoContext* geo,
                                                           std::size_t offset,
                                                           std::size_t limit) {
    std::vector<std::pair<Xapian::docid, double>> page;
    if (geo) {
        auto keyed = geo->nearest(hits, offset + limit);
        const auto end = std::min(keyed.size(), offset + limit);
        std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(end),
                          keyed.end());
        for (std::size_t i = offset; i < end; ++i) page.emplace_back(keyed[i].second, 0.0);
        return page;
    }
    std::size_t seen = 0;
    for (const auto did : c.by_name) {
        if (!c.has(did) || !test_bit(hits, c.bit(did))) continue;
        if (seen++ < offset) continue;
        page.emplace_back(did, 0.0);
        if (page.size() >= limit) break;
    }
    return page;
}

// What a failed index write says in /healthz and the log: the cause a person can act on
// ("disk full"), from the system error Xapian reports, and Xapian's own text as the detail.
IndexWriteError write_error(const std::string& dir, const Xapian::Error& e) {
    const std::string sys = e.get_error_string() ? e.get_error_string() : "";
    const std::string all = e.get_msg() + " " + sys;
    std::string reason = "could not write it";
    if (all.find("No space left") != std::string::npos ||
        all.find("Disk quota") != std::string::npos)
        reason = "disk full";
    else if (all.find("Read-only file system") != std::string::npos ||
             all.find("Permission denied") != std::string::npos)
        reason = "the data folder is read-only";
    std::string detail = e.get_description();
    return IndexWriteError(
        reason, "Could not write the search index in " + dir + " (" + reason + "): " + detail);
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
    if (p.reaches_you || !p.covering_area.empty()) {
        p.first_tier = true;
        p.sort_miles = p.venue_miles.value_or(0);
    } else if (p.venue_miles) {
        p.sort_miles = *p.venue_miles;
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

    // Opens the writer again after a failed write dropped it (docs/reliability.md). The last
    // committed columns stay; the next commit rebuilds them from the writer.
    void open_writer(const std::string& dir) {
        if (writer) return;
        writer = std::make_unique<Xapian::WritableDatabase>(dir, Xapian::DB_CREATE_OR_OPEN);
        generator.set_stemmer(Xapian::Stem("english"));
        generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        generator.set_database(*writer);
        generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
        all_dirty = true;
    }
    // Runs a write under write_mutex. A Xapian failure (disk full, read-only folder) drops the
    // writer and what it had not committed (Xapian wipes a failed commit's changes), so readers
    // keep the last committed revision and the next write starts again from it.
    template <typename F>
    auto write(const std::string& dir, F&& f) {
        try {
            open_writer(dir);
            return f(*writer);
        } catch (const Xapian::Error& e) {
            // The term generator holds a handle to the database too: both go, or the write lock
            // stays held and every retry finds the index "already locked".
            generator = Xapian::TermGenerator();
            writer.reset();
            all_dirty = true;
            throw write_error(dir, e);
        }
    }

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
            std::error_code ec;
            fs::create_directories(dir_, ec);
            try {
                impl_->open_writer(dir_);
            } catch (const Xapian::Error& e) {
                // A full disk or read-only folder at start-up (Xapian reports a read-only folder
                // as a lock error too): an existing index still answers from its last revision,
                // and the indexer retries the writer (docs/reliability.md). Another process
                // holding the lock is refused below.
                const bool cause_known = write_error(dir_, e).reason() != "could not write it";
                if (!cause_known || !fs::exists(fs::path(dir_) / "iamglass")) throw;
                impl_->give_back(std::make_unique<Xapian::Database>(dir_));
                auto& reader = *impl_->pool.back();
                auto c = build_columns(reader, impl_->names);
                impl_->written = c;
                impl_->current = c;
                impl_->committed = reader.get_revision();
                return;
            }
            auto c = build_columns(*impl_->writer, impl_->names);
            impl_->written = c;
            impl_->current = c;
            impl_->all_dirty = false;
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
    impl_->write(dir_, [&](Xapian::WritableDatabase& db) { clear_all(db); });
    impl_->all_dirty = true;
}

void SearchIndex::clear_all(Xapian::WritableDatabase& db) {
    // Deleting by the kind terms removes every document; spellings go with a fresh database.
    db.delete_document(filter_term("kind", "service"));
    db.delete_document(filter_term("kind", "advice"));
    std::vector<std::pair<std::string, Xapian::termcount>> spellings;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
        spellings.emplace_back(*it, it.get_termfreq());
    for (const auto& [word, freq] : spellings) db.remove_spelling(word, freq);
}

void SearchIndex::put(const IndexDocument& d) {
    std::lock_guard lock(impl_->write_mutex);
    impl_->write(dir_, [&](Xapian::WritableDatabase&) { put_document(d); });
}

void SearchIndex::put_document(const IndexDocument& d) {
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
    impl_->write(dir_, [&](Xapian::WritableDatabase& db) {
        const auto idt = id_term(kind, id);
        if (!impl_->all_dirty)
            for (auto p = db.postlist_begin(idt); p != db.postlist_end(idt); ++p)
                impl_->dirty.insert(*p);
        db.delete_document(idt);
    });
}

void SearchIndex::add_spelling_words(const std::vector<std::string>& words) {
    std::lock_guard lock(impl_->write_mutex);
    impl_->write(dir_, [&](Xapian::WritableDatabase& db) {
        for (const auto& w : words) db.add_spelling(w, 2);
    });
}

void SearchIndex::commit(std::int64_t generation, std::int64_t change_seq) {
    std::lock_guard lock(impl_->write_mutex);
    impl_->write(dir_,
                 [&](Xapian::WritableDatabase& db) { commit_to(db, generation, change_seq); });
}

void SearchIndex::commit_to(Xapian::WritableDatabase& db,
                            std::int64_t generation,
                            std::int64_t change_seq) {
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
        // Without a writer (the last write failed), the committed state is the one to follow.
        if (impl_->writer) return read(*impl_->writer);
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
        // Without words, facets or a place (advice pages A-Z), one Xapian match with the
        // filter terms does everything.
        if (!text && q.facet_groups.empty() && !q.point) return a_to_z(db, q, result);

        const auto cols = impl_->columns_for(db);
        const Columns& c = *cols;
        // base: documents of the kind that match the words (and, later, are within the radius).
        Bits base(c.words, 0);
        if (const auto kind = value_id(c, "kind", q.kind); kind >= 0) base = c.bits[kind];
        // Words: the documents that match enough of them (docs/search.md, "Ranked match").
        const bool fast = impl_->fast_words.load();
        std::vector<Bits> units;  // each unit's documents; coverage points into them
        std::optional<Coverage> coverage;
        Ranking weights;  // the reference's scores, for every kept document
        if (text) {
            units = unit_bitmaps(db, c, stem, q.units, fast, impl_->leaves);
            coverage = cover(units, q, base);
            base = coverage->kept();
            result.word_share = coverage->best();
            if (!fast) weights = reference_ranking(db, c, *text, *coverage, q.feedback);
        }
        const auto groups = filter_groups(c, q);
        const auto geo = geo_context(c, q);
        if (geo && geo->radius) drop_beyond_radius(c, *geo, groups, base);
        Bits hits(c.words, 0);
        result.total = count(c, q, base, groups, hits, result.facets);

        // The page: the words' ranking over the documents that passed; without words, the
        // columns give the order (distance or A-Z).
        std::vector<std::pair<Xapian::docid, double>> page;
        const auto offset = static_cast<std::size_t>(std::max(0, q.offset));
        const auto limit = static_cast<std::size_t>(std::max(0, q.limit));
        const auto total = result.total;
        // A place orders the page only in the best order; any order still places each result.
        const GeoContext* where = geo && q.order == SortOrder::Best ? &*geo : nullptr;
        if (geo) result.first_tier_total = geo->first_tier_count(hits);
        if (total > 0 && limit > 0 && offset < static_cast<std::size_t>(total)) {
            if (q.order == SortOrder::Name) {
                page = columns_page(c, hits, nullptr, offset, limit);
            } else if (text && fast) {
                std::shared_ptr<const Ranking> ranking;
                const auto rank = [&] { return full_ranking(db, c, *text, *coverage, q.feedback); };
                if (impl_->cache_rankings)
                    ranking = impl_->rankings.get(c.revision, ranking_key(q, *text), rank);
                else if (!coverage->uniform() || q.feedback > 0)
                    ranking = std::make_shared<const Ranking>(rank());
                page = rank_page(db, c, *text, hits, total, where, offset, limit, ranking.get());
            } else if (text) {
                page = reference_page(c, weights, hits, where, offset, limit);
            } else {
                page = columns_page(c, hits, where, offset, limit);
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

IndexResult SearchIndex::a_to_z(Xapian::Database& db, const IndexQuery& q, IndexResult& result) {
    Xapian::Enquire enquire(db);
    enquire.set_query(filter_query(q, ""));
    enquire.set_sort_by_value_then_relevance(kSlotName, false);
    const auto mset = enquire.get_mset(static_cast<Xapian::doccount>(q.offset),
                                       static_cast<Xapian::doccount>(q.limit),
                                       std::max<Xapian::doccount>(db.get_doccount(), 1));
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
