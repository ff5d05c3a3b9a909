// The search answer cache: finished answers (the JSON and its text) kept per index state, so a
// search asked again is answered without searching (docs/search.md, "The answer cache").
// Bounded by bytes; the least recently used answers go first. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace lo::search {

// What an answer was worked out from, besides the question: the index revision, the gazetteer
// version and the search words' version. All only grow, so a later state compares greater.
struct AnswerState {
    std::uint64_t index_revision = 0;
    std::int64_t gazetteer_version = 0;
    std::int64_t vocabulary_version = 0;
    friend bool operator==(const AnswerState&, const AnswerState&) = default;
    friend auto operator<=>(const AnswerState&, const AnswerState&) = default;
};

template <typename V>  // V has `std::size_t bytes() const`
class AnswerCache {
public:
    explicit AnswerCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

    // The answer for key in state, or null. A newer state than the cache's empties the cache:
    // every answer in it was worked out from an index, gazetteer or search words that have
    // since changed.
    std::shared_ptr<const V> find(const AnswerState& state, const std::string& key) {
        std::lock_guard lock(mutex_);
        if (state > state_) reset(state);
        if (state != state_) return nullptr;  // an older reader's question
        const auto it = index_.find(key);
        if (it == index_.end()) {
            ++misses_;
            return nullptr;
        }
        order_.splice(order_.begin(), order_, it->second);  // now the most recently used
        ++hits_;
        return it->second->second;
    }

    // Keeps value for key, if it was worked out in the cache's current state.
    void put(const AnswerState& state, const std::string& key, std::shared_ptr<const V> value) {
        const std::size_t size = value->bytes() + key.size() * 2 + kOverhead;
        std::lock_guard lock(mutex_);
        if (state > state_) reset(state);
        if (state != state_ || size > budget_ || index_.count(key)) return;
        while (bytes_ + size > budget_ && !order_.empty()) {
            bytes_ -= order_.back().second->bytes() + order_.back().first.size() * 2 + kOverhead;
            index_.erase(order_.back().first);
            order_.pop_back();
        }
        order_.emplace_front(key, std::move(value));
        index_.emplace(key, order_.begin());
        bytes_ += size;
    }

    struct Stats {
        std::size_t entries = 0, bytes = 0;
        std::uint64_t hits = 0, misses = 0;
    };
    Stats stats() {
        std::lock_guard lock(mutex_);
        return {index_.size(), bytes_, hits_, misses_};
    }

private:
    static constexpr std::size_t kOverhead = 128;  // list node, map node, control block
    void reset(const AnswerState& state) {
        order_.clear();
        index_.clear();
        bytes_ = 0;
        state_ = state;
    }

    std::size_t budget_;
    std::mutex mutex_;
    AnswerState state_;
    using Entry = std::pair<std::string, std::shared_ptr<const V>>;
    std::list<Entry> order_;  // most recently used first
    std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
    std::size_t bytes_ = 0;
    std::uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace lo::search
