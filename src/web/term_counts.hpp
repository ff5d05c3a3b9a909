// How many services each term of a taxonomy has (a term counts its narrower terms' services, and
// defunct services are not counted), for the counts beside categories and needs.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "web/context.hpp"

namespace lo::web {

using TermCounts = std::map<std::string, std::int64_t>;  // term id -> services

// From ctx.memo while the store's generation stays the same; read each time without one.
std::shared_ptr<const TermCounts> term_counts(Context& ctx, const std::string& taxonomy_id);

// The count for one term (0 when it has none).
std::int64_t count_of(const TermCounts& counts, const std::string& term_id);

}  // namespace lo::web
