// The search module's own tables in the store (db/migrations/sqlite/0003_search.sql): the change
// feed that keeps each instance's search index current, the gazetteer of postcodes and places,
// and the daily search counts. Search reaches them only through this interface, which the store
// opens (Store::open_search_tables), so it never opens the database itself. Implementations are
// thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lo::storage {

struct SearchChange {
    std::int64_t seq = 0;
    std::string kind;  // "service", "advice", "all"
    std::string id;
};

struct GeoPoint {
    double latitude = 0;
    double longitude = 0;
};

struct GazetteerPlace {
    std::string name;
    std::string county;
    GeoPoint point;
    int rank = 2;  // 0 city, 1 town, 2 other
};

struct GazetteerArea {
    std::string name;
    GeoPoint centre;
    double radius_miles = 0;
};

struct GazetteerCounts {
    std::int64_t postcodes = 0;
    std::int64_t outcodes = 0;
    std::int64_t places = 0;
    std::int64_t areas = 0;
};

class SearchTables {
public:
    virtual ~SearchTables() = default;

    // Change feed.
    virtual std::vector<SearchChange> changes_after(std::int64_t seq, int limit) = 0;
    virtual std::int64_t last_change() = 0;  // 0 when empty
    virtual void forget_changes_up_to(std::int64_t seq) = 0;

    // Gazetteer lookups. postcode in normal form ("OX26 6BL"), outcode upper case ("OX26").
    virtual std::optional<GeoPoint> find_postcode(const std::string& postcode) = 0;
    virtual std::optional<GeoPoint> find_outcode(const std::string& outcode) = 0;
    // Places whose folded name (domain::place_key) is name_key, best first (city, town, other;
    // then county).
    virtual std::vector<GazetteerPlace> find_places(const std::string& name_key) = 0;
    // Every place's folded name (to recognise a place typed among the words).
    virtual std::vector<std::string> place_keys() = 0;
    virtual std::vector<GazetteerArea> areas() = 0;
    virtual GazetteerCounts gazetteer_counts() = 0;
    // Raised by every put_* below, in its transaction: answers worked out with an older
    // version are out of date.
    virtual std::int64_t gazetteer_version() = 0;

    // Gazetteer writes; each call is one transaction. Existing rows with the same key are replaced.
    virtual void put_postcodes(const std::vector<std::pair<std::string, GeoPoint>>& rows) = 0;
    virtual void put_outcodes(const std::vector<std::pair<std::string, GeoPoint>>& rows) = 0;
    virtual void put_places(const std::vector<GazetteerPlace>& rows) = 0;
    virtual void put_areas(const std::vector<GazetteerArea>& rows) = 0;

    // Adds counts to the day's totals ("2026-05-14" -> {"searches": 12, ...}) in one transaction.
    virtual void add_daily_counts(
        const std::map<std::string, std::map<std::string, std::int64_t>>& counts) = 0;
    virtual std::map<std::string, std::int64_t> daily_counts(const std::string& day) = 0;
};

}  // namespace lo::storage
