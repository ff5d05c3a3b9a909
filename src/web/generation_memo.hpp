// Values worked out from the store and kept until its generation moves (any committed write
// that changed something): the service counts beside every category and need, which at 100k
// services cost a scan of every service's terms on each home page.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "storage/store.hpp"

namespace lo::web {

class GenerationMemo {
public:
    // The value kept under key for the store's current generation, or make()'s (kept). The
    // generation is read before make() runs, so a write landing meanwhile can only make a kept
    // value newer than its generation, never older: the next request after it works it out
    // again. Each key must always hold the same type T. Thread-safe; make() runs unlocked, so
    // two requests may both make a value (the later one is kept).
    template <typename T>
    std::shared_ptr<const T> get(storage::Store& store,
                                 const std::string& key,
                                 const std::function<T()>& make) {
        const auto generation = store.generation();
        {
            std::lock_guard lock(mutex_);
            if (generation != generation_) {
                values_.clear();
                generation_ = generation;
            }
            if (const auto it = values_.find(key); it != values_.end())
                return std::static_pointer_cast<const T>(it->second);
        }
        auto made = std::make_shared<const T>(make());
        std::lock_guard lock(mutex_);
        if (generation == generation_) values_[key] = made;
        return made;
    }

private:
    std::mutex mutex_;
    std::int64_t generation_ = -1;
    // Bounded by the keys the code asks for (one per taxonomy).
    std::unordered_map<std::string, std::shared_ptr<const void>> values_;
};

}  // namespace lo::web
