// The order of the kept documents (ranking.hpp).
#include "search/ranking.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace lo::search::detail {
namespace {

// How many of the best documents are read for their words, and how many words are taken.
// Chosen before measuring, as the usual values, and left there: 3 or 10 documents and 10 to
// 30 words all gave nearly the same gain (bench/relevance/README.md).
constexpr Xapian::doccount kFeedbackDocuments = 5;
constexpr Xapian::termcount kFeedbackWords = 10;
// Only the best this many are scored for those words and reordered among themselves: they stay
// above the rest, whose order is left alone. A second match over every kept document cost
// 3-6 times the first at 100k services, for places nobody reads.
constexpr std::size_t kFeedbackReorders = 200;

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

// Every document of kept that query matches, with its BM25 weight, in no particular order.
Ranking weights_among(Xapian::Database& db,
                      const Columns& c,
                      const Xapian::Query& query,
                      const Bits& kept) {
    Ranking out;
    Xapian::doccount n = 0;
    for (const auto w : kept) n += static_cast<Xapian::doccount>(__builtin_popcountll(w));
    if (n == 0) return out;
    BitsSource source(kept, c.first, n);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(&source)));
    enquire.set_weighting_scheme(ranking_weight());
    WeightSpy spy(c, out);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, std::max<Xapian::doccount>(db.get_doccount(), 1));
    return out;
}

// The feedback words: English stems ("Z" terms) of four letters or more, not already in the
// search. Plain words would count each stem twice, and filter terms ("Xage:4") are not words.
class NewStems : public Xapian::ExpandDecider {
public:
    explicit NewStems(const Xapian::Query& text) {
        for (auto t = text.get_terms_begin(); t != text.get_terms_end(); ++t) {
            const std::string& term = *t;
            searched_.insert(term.starts_with('Z') ? term.substr(1) : term);
        }
    }
    bool operator()(const std::string& term) const override {
        if (term.size() < 5 || term[0] != 'Z') return false;
        if (!std::all_of(term.begin() + 1, term.end(),
                         [](char ch) { return ch >= 'a' && ch <= 'z'; }))
            return false;
        return !searched_.contains(term.substr(1));
    }

private:
    std::set<std::string> searched_;
};

}  // namespace

void add_feedback(Xapian::Database& db,
                  const Columns& c,
                  const Xapian::Query& text,
                  double weight,
                  Ranking& ranking) {
    if (weight <= 0 || ranking.size() < 3) return;
    Xapian::RSet best;
    for (std::size_t i = 0; i < std::min<std::size_t>(kFeedbackDocuments, ranking.size()); ++i)
        best.add_document(ranking[i].first);
    Xapian::Enquire enquire(db);
    enquire.set_query(text);
    const NewStems decider(text);
    const auto words = enquire.get_eset(kFeedbackWords, best, &decider);
    if (words.empty()) return;
    std::vector<Xapian::Query> parts;
    for (auto it = words.begin(); it != words.end(); ++it)
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it), it.get_weight());
    const auto reordered = std::min(kFeedbackReorders, ranking.size());
    Bits top(c.words, 0);
    for (std::size_t i = 0; i < reordered; ++i) set_bit(top, c.bit(ranking[i].first));
    const auto extra =
        weights_among(db, c, Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()), top);
    const double best_score = ranking.front().second;  // sorted, best first
    double best_extra = 0;
    std::unordered_map<Xapian::docid, double> extra_of;
    extra_of.reserve(extra.size());
    for (const auto& [did, wt] : extra) {
        extra_of.emplace(did, wt);
        best_extra = std::max(best_extra, wt);
    }
    if (best_score <= 0 || best_extra <= 0) return;
    const double scale = weight * best_score / best_extra;
    for (std::size_t i = 0; i < reordered; ++i)
        if (const auto it = extra_of.find(ranking[i].first); it != extra_of.end())
            ranking[i].second += scale * it->second;
    const auto end = ranking.begin() + static_cast<std::ptrdiff_t>(reordered);
    std::sort(ranking.begin(), end, [](const auto& a, const auto& b) {
        if (a.second != b.second) return a.second > b.second;
        return a.first < b.first;
    });
}

Ranking full_ranking(Xapian::Database& db,
                     const Columns& c,
                     const Xapian::Query& text,
                     const Coverage& coverage,
                     double feedback) {
    auto out = weights_among(db, c, text, coverage.kept());
    for (auto& [did, wt] : out) wt *= coverage.factor(c.bit(did));
    sort_ranking(out);
    add_feedback(db, c, text, feedback, out);
    return out;
}

Ranking reference_ranking(Xapian::Database& db,
                          const Columns& c,
                          const Xapian::Query& text,
                          const Coverage& coverage,
                          double feedback) {
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
    add_feedback(db, c, text, feedback, out);
    return out;
}

}  // namespace lo::search::detail
