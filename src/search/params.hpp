// The search parameters shared by /search and /api/search, read from a query string and checked.
// A bad value is a BadParameter naming the parameter and saying what to do, never a 500.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace lo::search {

inline constexpr std::size_t kMaxQueryLength = 200;  // characters kept of q
inline constexpr int kMaxPerPage = 50;
inline constexpr int kDefaultPerPage = 20;
inline constexpr int kMaxPage = 10000;
inline constexpr double kMaxRadiusMiles = 100;

class BadParameter : public std::runtime_error {
public:
    BadParameter(std::string parameter, const std::string& message)
        : std::runtime_error(message), parameter_(std::move(parameter)) {}
    const std::string& parameter() const { return parameter_; }

private:
    std::string parameter_;
};

struct SearchParams {
    std::string q;  // at most kMaxQueryLength characters, valid UTF-8
    bool q_shortened = false;
    std::string location;
    std::optional<double> radius;  // miles
    std::optional<int> age;        // years
    std::vector<std::string> categories;
    std::vector<std::string> needs;
    std::vector<std::string> access;  // referral route codes
    std::vector<std::string> modes;   // delivery mode codes
    std::vector<std::string> days;    // "MO".."SU"
    bool free_only = false;
    // spelling=as-typed: search the words exactly as typed (the "Search instead for" link after
    // a correction).
    bool as_typed = false;
    // sort: "" (the default: distance when a place was found, else relevance, else A to Z),
    // "relevance", "distance" or "name" (A to Z).
    std::string sort;
    int page = 1;
    int per_page = kDefaultPerPage;
};

// Reads q, location, radius, age, need, category, access, free, mode, day, spelling, sort, page
// and per_page.
// Repeated parameters and comma-separated values both give several values (OR). Empty values
// are ignored. Throws BadParameter. Category and need codes are checked by the engine.
SearchParams parse_search_params(const std::vector<std::pair<std::string, std::string>>& query);

// The parameters as a query string (without '?'), in a stable order, leaving out defaults;
// `page` is replaced by the given one (0 leaves it out).
std::string to_query_string(const SearchParams& p, int page);

// Every parameter, exactly and unambiguously (each value is length-prefixed): two searches with
// the same key get the same answer from the same index (the answer cache's key).
std::string cache_key(const SearchParams& p);

}  // namespace lo::search
