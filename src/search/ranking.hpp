// The order of the documents a search keeps (docs/search.md, "Ranked match" and "Words the best
// matches share"): BM25 for the words, times each document's coverage factor, then a second look
// with the words the best matches have in common. Internal to index.cpp, like word_match.hpp.
#pragma once

#include <xapian.h>

#include "search/columns.hpp"
#include "search/coverage.hpp"
#include "search/word_match.hpp"

namespace lo::search::detail {

// Every kept document with its score, best first, then by docid: Xapian's BM25 weight for the
// words (over the kept documents only, restricted with a posting source, which adds no weight)
// times its coverage factor, then add_feedback with this weight.
Ranking full_ranking(Xapian::Database& db,
                     const Columns& c,
                     const Xapian::Query& text,
                     const Coverage& coverage,
                     double feedback);

// The reference for full_ranking (SearchIndex::set_fast_words(false)): one Xapian match of the
// words over every document, the kept ones scored the same way.
Ranking reference_ranking(Xapian::Database& db,
                          const Columns& c,
                          const Xapian::Query& text,
                          const Coverage& coverage,
                          double feedback);

// Pseudo-relevance feedback. The best few documents of a ranking say what the search is about
// in their own words ("mobility equipment": wheelchairs, scooters, hire); each of the best 200
// gets weight times its BM25 score for those words, scaled to the best score, and they are
// sorted again. ranking must be sorted, best first. It only reorders: nothing is added to or
// taken from what was kept. No-op for a weight of 0 or fewer than three documents.
void add_feedback(Xapian::Database& db,
                  const Columns& c,
                  const Xapian::Query& text,
                  double weight,
                  Ranking& ranking);

}  // namespace lo::search::detail
