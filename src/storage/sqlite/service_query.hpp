// The Open Referral API's service lists (storage::ServiceQuery) in SQLite: ids, service-at-
// location rows and their counts, with the counts kept for the generation they were made at.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/sqlite/connection_source.hpp"
#include "storage/store.hpp"

namespace lo::storage::sqlite {

class ServiceQuerySql;

class ServiceQueries {
public:
    explicit ServiceQueries(ConnectionSource& source) : source_(source) {}

    std::vector<std::string> ids(const ServiceQuery& query, Page page);
    std::int64_t count(const ServiceQuery& query);
    std::vector<ServiceAtLocationRow> service_at_locations(const ServiceQuery& query, Page page);
    std::int64_t service_at_locations_count(const ServiceQuery& query);

private:
    std::int64_t count_of(const ServiceQuerySql& sql, const std::string& text);

    ConnectionSource& source_;
    // The Open Referral lists' counts, for the store generation they were counted at: a
    // harvester walking every page needs the same total on each page, and counting is the
    // dearest part of a page (every matching row). Emptied when the generation moves on.
    // At most kMaxCounts keys of at most kMaxCountKey bytes (a postcode filter's key lists
    // every place near it, and may be much longer: it is counted, not kept), so 16 MB at most.
    static constexpr std::size_t kMaxCounts = 4096, kMaxCountKey = 4096;
    std::mutex counts_mutex_;
    std::int64_t counts_generation_ = -1;
    std::unordered_map<std::string, std::int64_t> counts_;
};

}  // namespace lo::storage::sqlite
