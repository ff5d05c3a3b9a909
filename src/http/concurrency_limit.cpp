#include "http/concurrency_limit.hpp"

namespace lo::http {

ConcurrencyLimit::ConcurrencyLimit(int limit) : limit_(limit), state_(std::make_shared<State>()) {}

std::shared_ptr<void> ConcurrencyLimit::try_acquire() {
    int current = state_->in_use.load();
    do {
        if (limit_ >= 1 && current >= limit_) return nullptr;
    } while (!state_->in_use.compare_exchange_weak(current, current + 1));
    // The deleter holds the state, not this object, so a slot may outlive the limit.
    auto state = state_;
    return std::shared_ptr<void>(state.get(), [state](void*) { state->in_use.fetch_sub(1); });
}

}  // namespace lo::http
