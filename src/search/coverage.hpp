// Ranked word matching (docs/search.md, "Ranked match"): how much of what a query's words ask
// each document matches. Every query word (a "unit": a word, or a phrase the vocabulary knows,
// with its alternatives) has an importance, its inverse document frequency, so a rare word
// counts for more than a common one. A document's share is the importance of the units it
// matches over the importance of all of them. Documents whose share is at least a fixed part of
// the best document's share are kept, and ranked by their word weight times that share, so one
// that matches more of the important words ranks higher.
//
// Weak units ("child", "son", a place name typed with the topic, or any word in more than a
// quarter of the documents) add to the ranking but never carry a match on their own. Topic
// units (the vocabulary's phrases: "mental health", "short breaks") are never common, and count
// as much as the most important unit: in a directory where "mental health" is everywhere, a
// search for "mental health teenagers" is still about mental health. Pure
// bitmap arithmetic, no Xapian, so the rule is tested on its own and shared by the fast path
// and its reference.
#pragma once

#include <cstdint>
#include <vector>

namespace lo::search {

using Bits = std::vector<std::uint64_t>;

class Coverage {
public:
    // A unit above this share of the documents is weak: it cannot carry a match alone.
    static constexpr double kCommonShare = 0.25;
    // Below this many documents every unit's own weakness is all that counts (too few to tell).
    static constexpr std::uint64_t kFewDocuments = 20;

    // units: each unit's documents (bitmaps as long as `kind`); weak: the caller's weak units;
    // kind: the documents searched (services or advice pages); keep_share: the part of the best
    // document's share a document needs to be kept.
    // topic: units the vocabulary recognised (never common; as important as the most
    // important unit).
    Coverage(const std::vector<const Bits*>& units,
             const std::vector<bool>& weak,
             const std::vector<bool>& topic,
             const Bits& kind,
             double keep_share);

    // The documents kept (a subset of kind).
    const Bits& kept() const { return kept_; }
    // The best document's share (0 to 1): 1 when one document matches every important unit.
    double best() const { return best_; }
    // A document's share, by its bit.
    double share(std::size_t bit) const;
    // A kept document's ranking factor: its share over the best share (0 to 1].
    double factor(std::size_t bit) const { return best_ > 0 ? share(bit) / best_ : 0; }
    // Whether every kept document has the same factor (one counting unit, say): then the
    // ranking is Xapian's own order, and a page can be asked of Xapian directly.
    bool uniform() const { return uniform_; }
    // Whether unit i counts towards a match (not weak, or every unit is weak).
    bool counts(std::size_t i) const { return counts_[i]; }

private:
    std::vector<const Bits*> units_;
    std::vector<bool> counts_;
    std::vector<double> importance_;  // per unit, 0 for units that do not count
    double total_ = 0;
    double best_ = 0;
    bool uniform_ = true;
    Bits kept_;
};

}  // namespace lo::search
