// Loading the product's own data: the category and SEND-needs taxonomies every install needs,
// and the demo Local Offer that `make run` shows. Both loads are idempotent (upsert by id).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "storage/store.hpp"

namespace lo::app {

// The input was checked and had problems; nothing was written. Each line names where and what.
class LoadFailed : public std::runtime_error {
public:
    LoadFailed(std::string what, std::vector<std::string> problems);
    const std::vector<std::string>& problems() const { return problems_; }

private:
    std::vector<std::string> problems_;
};

struct LoadReport {
    int taxonomies = 0;
    int terms = 0;
    int organisations = 0;
    int locations = 0;
    int services = 0;
    int advice_pages = 0;
    bool changed = false;  // false when every record was already stored as it is
};

// Reads db/seeds/taxonomies.json. Term ids are derived from the taxonomy id and the term code,
// so they are the same on every install.
LoadReport load_taxonomies(storage::Store& store, const std::string& file);

// Reads demo/localoffer.json and demo/advice/*.md, checks all of it, then writes it in one
// transaction. Needs the taxonomies loaded first (categories and needs are given by code).
LoadReport load_demo(storage::Store& store, const std::string& demo_dir, int review_months = 12);

}  // namespace lo::app
