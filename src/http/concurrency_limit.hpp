// ConcurrencyLimit: at most N of something at once (full exports). A slot is a shared_ptr, so a
// streamed answer can own its slot and give it back whenever it ends, finished or abandoned.
#pragma once

#include <atomic>
#include <memory>

namespace lo::http {

class ConcurrencyLimit {
public:
    // limit < 1 means no limit.
    explicit ConcurrencyLimit(int limit);

    // A slot, or null when limit slots are already taken. The slot is given back when the last
    // copy of the pointer is dropped; that may happen after this object is gone.
    std::shared_ptr<void> try_acquire();
    int limit() const { return limit_; }
    int in_use() const { return state_->in_use.load(); }

private:
    struct State {
        std::atomic<int> in_use{0};
    };
    int limit_;
    std::shared_ptr<State> state_;
};

}  // namespace lo::http
