// The search module's own tables in the store's database (db/migrations/sqlite/0003_search.sql):
// the change feed, the gazetteer and the daily search counts. A separate connection so search
// never holds a lock the store's writers need for long. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lo::storage::sqlite {
class Connection;
}

namespace lo::search {

struct Change {
    std::int64_t seq = 0;
    std::string kind;  // "service", "advice", "all"
    std::string id;
};

struct Point {
    double latitude = 0;
    double longitude = 0;
};

struct Place {
    std::string name;
    std::string county;
    Point point;
    int rank = 2;  // 0 city, 1 town, 2 other
};

struct Area {
    std::string name;
    Point centre;
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
    // Opens the store's database file (created and migrated by storage::sqlite::open_store first).
    explicit SearchTables(const std::string& database_path);
    ~SearchTables();

    // Change feed.
    std::vector<Change> changes_after(std::int64_t seq, int limit);
    std::int64_t last_change();  // 0 when empty
    void forget_changes_up_to(std::int64_t seq);

    // Gazetteer lookups. postcode in normal form ("OX26 6BL"), outcode upper case ("OX26").
    std::optional<Point> find_postcode(const std::string& postcode);
    std::optional<Point> find_outcode(const std::string& outcode);
    // Places whose folded name is name_key, best first (city, town, other; then county).
    std::vector<Place> find_places(const std::string& name_key);
    // Every place's folded name (to recognise a place typed among the words).
    std::vector<std::string> place_keys();
    std::vector<Area> areas();
    GazetteerCounts gazetteer_counts();
    // Raised by every put_* below, in its transaction: answers worked out with an older
    // version are out of date.
    std::int64_t gazetteer_version();

    // Gazetteer writes; each call is one transaction. Existing rows with the same key are replaced.
    void put_postcodes(const std::vector<std::pair<std::string, Point>>& rows);
    void put_outcodes(const std::vector<std::pair<std::string, Point>>& rows);
    void put_places(const std::vector<Place>& rows);
    void put_areas(const std::vector<Area>& rows);

    // Adds counts to the day's totals ("2026-05-14" -> {"searches": 12, ...}) in one transaction.
    void add_daily_counts(const std::map<std::string, std::map<std::string, std::int64_t>>& counts);
    std::map<std::string, std::int64_t> daily_counts(const std::string& day);

private:
    std::mutex mutex_;
    std::unique_ptr<storage::sqlite::Connection> db_;
};

// "Kensington & Chelsea" -> "kensington and chelsea"; "St. Mary's" -> "st marys". Lowercase,
// '&' as "and", punctuation dropped, single spaces.
std::string place_key(std::string_view name);

}  // namespace lo::search
