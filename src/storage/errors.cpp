// The storage errors that carry more than a message (storage/store.hpp).
#include "storage/store.hpp"

namespace lo::storage {
namespace {

std::string summarise(const domain::ValidationErrors& errors) {
    std::string out = "The record was not saved: ";
    for (std::size_t i = 0; i < errors.size(); ++i) {
        if (i) out += "; ";
        out += errors[i].field + ": " + errors[i].message;
    }
    return out;
}

}  // namespace

ValidationFailed::ValidationFailed(domain::ValidationErrors errors)
    : std::runtime_error(summarise(errors)), errors_(std::move(errors)) {}

}  // namespace lo::storage
