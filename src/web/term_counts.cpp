#include "web/term_counts.hpp"

#include "web/generation_memo.hpp"

namespace lo::web {

std::shared_ptr<const TermCounts> term_counts(Context& ctx, const std::string& taxonomy_id) {
    const std::function<TermCounts()> read = [&] {
        TermCounts counts;
        for (const auto& [id, n] : ctx.store.taxonomies().service_counts(taxonomy_id))
            counts[id] = n;
        return counts;
    };
    if (!ctx.memo) return std::make_shared<const TermCounts>(read());
    return ctx.memo->get<TermCounts>(ctx.store, "term_counts:" + taxonomy_id, read);
}

std::int64_t count_of(const TermCounts& counts, const std::string& term_id) {
    const auto it = counts.find(term_id);
    return it == counts.end() ? 0 : it->second;
}

}  // namespace lo::web
