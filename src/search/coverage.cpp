// Ranked word matching: importance per unit, each document's share, the kept documents.
#include "search/coverage.hpp"

#include <algorithm>
#include <cmath>

namespace lo::search {
namespace {

std::uint64_t count_bits(const Bits& b, const Bits& within) {
    std::uint64_t n = 0;
    for (std::size_t w = 0; w < b.size() && w < within.size(); ++w)
        n += static_cast<std::uint64_t>(__builtin_popcountll(b[w] & within[w]));
    return n;
}

}  // namespace

Coverage::Coverage(const std::vector<const Bits*>& units,
                   const std::vector<bool>& weak,
                   const std::vector<bool>& topic,
                   const Bits& kind,
                   double keep_share)
    : units_(units), counts_(units.size(), false), importance_(units.size(), 0.0) {
    kept_.assign(kind.size(), 0);
    if (units.empty()) return;
    std::uint64_t n = 0;
    for (const auto w : kind) n += static_cast<std::uint64_t>(__builtin_popcountll(w));
    std::vector<std::uint64_t> df(units.size());
    bool any_counts = false;
    for (std::size_t i = 0; i < units.size(); ++i) {
        df[i] = count_bits(*units[i], kind);
        const bool is_topic = i < topic.size() && topic[i];
        const bool common = !is_topic && n >= kFewDocuments &&
                            static_cast<double>(df[i]) > kCommonShare * static_cast<double>(n);
        counts_[i] = !(i < weak.size() && weak[i]) && !common;
        any_counts = any_counts || counts_[i];
    }
    // Only weak words ("children", "support"): they are all there is to go on, so they count.
    if (!any_counts) std::fill(counts_.begin(), counts_.end(), true);
    double most = 0;
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (!counts_[i]) continue;
        // BM25's inverse document frequency: always positive, highest for the rarest words.
        const double d = static_cast<double>(df[i]);
        importance_[i] = std::log(1.0 + (static_cast<double>(n) - d + 0.5) / (d + 0.5));
        if (df[i] > 0) most = std::max(most, importance_[i]);
    }
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (counts_[i] && i < topic.size() && topic[i] && df[i] > 0)
            importance_[i] = std::max(importance_[i], most);
        total_ += importance_[i];
    }
    if (total_ <= 0) return;
    // Two passes over the documents any counting unit matches: the best share, then the kept.
    Bits any(kind.size(), 0);
    for (std::size_t i = 0; i < units.size(); ++i)
        if (counts_[i])
            for (std::size_t w = 0; w < any.size(); ++w) any[w] |= (*units[i])[w] & kind[w];
    const auto each = [&](auto&& f) {
        for (std::size_t w = 0; w < any.size(); ++w)
            for (auto x = any[w]; x; x &= x - 1)
                f(w * 64 + static_cast<std::size_t>(__builtin_ctzll(x)));
    };
    each([&](std::size_t bit) { best_ = std::max(best_, share(bit)); });
    // A small allowance so a document exactly at the line is kept whatever the rounding.
    const double line = keep_share * best_ - 1e-9;
    each([&](std::size_t bit) {
        const double s = share(bit);
        if (s < line) return;
        kept_[bit >> 6] |= std::uint64_t{1} << (bit & 63);
        if (s != best_) uniform_ = false;
    });
}

double Coverage::share(std::size_t bit) const {
    if (total_ <= 0) return 0;
    double matched = 0;
    for (std::size_t i = 0; i < units_.size(); ++i)
        if (counts_[i] && (((*units_[i])[bit >> 6] >> (bit & 63)) & 1)) matched += importance_[i];
    return matched / total_;
}

}  // namespace lo::search
