// Word matching (docs/search.md, "Ranked match" and "How search is fast"): the Xapian query of
// each unit, the bitmaps of the documents units match, kept per index revision, and the
// ranking helpers. Internal to index.cpp.
#pragma once

#include <xapian.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "search/columns.hpp"

namespace lo::search::detail {

inline Xapian::Query word_query(const std::string& word, const Xapian::Stem& stem) {
    return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("Z" + stem(word)),
                         Xapian::Query(word));
}

inline Xapian::Query phrase_query(const std::vector<std::string>& words, const Xapian::Stem& stem) {
    if (words.size() == 1) return word_query(words.front(), stem);
    std::vector<Xapian::Query> parts;
    for (const auto& w : words) parts.emplace_back(w);
    return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                         static_cast<Xapian::termcount>(words.size()));
}

// An alternative (a vocabulary expansion or a concept's name) matches as written, never by its
// stem: "hearing impairment" must not match every service that says "hear". A single word also
// matches its plural ("short break" / "short breaks" is the phrase's own business).
inline std::vector<std::string> alternative_terms(const std::string& word) {
    std::vector<std::string> terms{word};
    if (!word.empty() && word.back() != 's') terms.push_back(word + "s");
    return terms;
}

inline Xapian::Query alternative_query(const std::vector<std::string>& words,
                                       const Xapian::Stem& stem) {
    if (words.size() != 1) return phrase_query(words, stem);
    const auto terms = alternative_terms(words.front());
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// A unit's own words: as a phrase, or all of them anywhere (by stem), so "parent carer forum"
// also finds "a forum for parents and carers".
inline Xapian::Query words_query(const std::vector<std::string>& words, const Xapian::Stem& stem) {
    if (words.size() == 1) return word_query(words.front(), stem);
    std::vector<Xapian::Query> each;
    for (const auto& w : words) each.push_back(word_query(w, stem));
    return Xapian::Query(Xapian::Query::OP_OR, phrase_query(words, stem),
                         Xapian::Query(Xapian::Query::OP_AND, each.begin(), each.end()));
}

inline Xapian::Query unit_query(const TextUnit& u, const Xapian::Stem& stem) {
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
inline Bits matching_bits(Xapian::Database& db, const Columns& c, const Xapian::Query& q) {
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
inline Xapian::BM25Weight ranking_weight() {
    return Xapian::BM25Weight();
}

inline void sort_ranking(Ranking& r) {
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

}  // namespace lo::search::detail
