// What a person sees when the store cannot write: a full disk or a folder that became read-only
// is a 503 saying nothing was saved and to try later, not a 500 with an error id. SQLite rolls
// the transaction back, so nothing is half-written, and the next write after space returns
// simply works (docs/reliability.md).
#pragma once

#include <exception>
#include <optional>

#include "http/error.hpp"

namespace lo::web {

// For http::Router::set_exception_mapper: the HttpError for a storage fault, or nullopt.
std::optional<http::HttpError> store_fault(const std::exception& e);

}  // namespace lo::web
