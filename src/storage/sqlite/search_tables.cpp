// The search module's tables in SQLite (storage/search_tables.hpp), on a connection of their
// own so search never holds a lock the store's writers need for long.
#include "storage/sqlite/search_tables.hpp"

#include <mutex>

#include "domain/place_names.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/transaction.hpp"

namespace lo::storage::sqlite {
namespace {

constexpr const char kChangesAfter[] =
    "SELECT seq, kind, id FROM search_changes WHERE seq > ?1 ORDER BY seq LIMIT ?2";
// The highest sequence number ever used, even after the rows are forgotten: AUTOINCREMENT
// keeps it in sqlite_sequence. MAX(seq) would fall to 0 once a rebuild forgot every row, and
// the next start would take that as an index ahead of the store and rebuild it all again.
constexpr const char kLastChange[] =
    "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'search_changes'), 0)";
constexpr const char kForgetChanges[] = "DELETE FROM search_changes WHERE seq <= ?1";
constexpr const char kFindPostcode[] =
    "SELECT latitude, longitude FROM gazetteer_postcodes WHERE postcode = ?1";
constexpr const char kFindOutcode[] =
    "SELECT latitude, longitude FROM gazetteer_outcodes WHERE outcode = ?1";
constexpr const char kFindPlaces[] =
    "SELECT name, county, latitude, longitude, rank FROM gazetteer_places WHERE name_key = ?1 "
    "ORDER BY rank, county LIMIT 20";
constexpr const char kPlaceKeys[] = "SELECT DISTINCT name_key FROM gazetteer_places";
constexpr const char kAreas[] =
    "SELECT name, latitude, longitude, radius_miles FROM gazetteer_areas ORDER BY name";
constexpr const char kPutPostcode[] =
    "INSERT OR REPLACE INTO gazetteer_postcodes (postcode, latitude, longitude) VALUES (?1, ?2, "
    "?3)";
constexpr const char kPutOutcode[] =
    "INSERT OR REPLACE INTO gazetteer_outcodes (outcode, latitude, longitude) VALUES (?1, ?2, ?3)";
constexpr const char kPutPlace[] =
    "INSERT INTO gazetteer_places (name, name_key, county, latitude, longitude, rank) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (name_key, county) DO UPDATE SET name = ?1, "
    "latitude = ?4, longitude = ?5, rank = ?6";
constexpr const char kPutArea[] =
    "INSERT OR REPLACE INTO gazetteer_areas (name, latitude, longitude, radius_miles) "
    "VALUES (?1, ?2, ?3, ?4)";
constexpr const char kBumpGazetteer[] =
    "UPDATE gazetteer_version SET version = version + 1 WHERE id = 1";
constexpr const char kGazetteerVersion[] = "SELECT version FROM gazetteer_version WHERE id = 1";
constexpr const char kAddCount[] =
    "INSERT INTO search_daily_counts (day, metric, count) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (day, metric) DO UPDATE SET count = count + ?3";
constexpr const char kDailyCounts[] =
    "SELECT metric, count FROM search_daily_counts WHERE day = ?1 ORDER BY metric";

std::int64_t count_rows(Connection& c, const char* sql) {
    return c.prepare(sql).single_integer();
}

template <typename F>
void in_transaction(Connection& c, F&& f) {
    WriteTransaction transaction(c);
    f();
    transaction.commit();
}

class SqliteSearchTables final : public SearchTables {
public:
    explicit SqliteSearchTables(const std::string& database_path)
        : db_(std::make_unique<Connection>(database_path)) {}

    std::vector<SearchChange> changes_after(std::int64_t seq, int limit) override;
    std::int64_t last_change() override;
    void forget_changes_up_to(std::int64_t seq) override;
    std::optional<GeoPoint> find_postcode(const std::string& postcode) override;
    std::optional<GeoPoint> find_outcode(const std::string& outcode) override;
    std::vector<GazetteerPlace> find_places(const std::string& name_key) override;
    std::vector<std::string> place_keys() override;
    std::vector<GazetteerArea> areas() override;
    GazetteerCounts gazetteer_counts() override;
    std::int64_t gazetteer_version() override;
    void put_postcodes(const std::vector<std::pair<std::string, GeoPoint>>& rows) override;
    void put_outcodes(const std::vector<std::pair<std::string, GeoPoint>>& rows) override;
    void put_places(const std::vector<GazetteerPlace>& rows) override;
    void put_areas(const std::vector<GazetteerArea>& rows) override;
    void add_daily_counts(
        const std::map<std::string, std::map<std::string, std::int64_t>>& counts) override;
    std::map<std::string, std::int64_t> daily_counts(const std::string& day) override;

private:
    std::mutex mutex_;
    std::unique_ptr<Connection> db_;
};

}  // namespace
std::vector<SearchChange> SqliteSearchTables::changes_after(std::int64_t seq, int limit) {
    std::lock_guard lock(mutex_);
    std::vector<SearchChange> out;
    auto& st = db_->prepare(kChangesAfter);
    st.bind(1, seq).bind(2, limit);
    while (st.step()) out.push_back({st.integer(0), st.text(1), st.text(2)});
    return out;
}

std::int64_t SqliteSearchTables::last_change() {
    std::lock_guard lock(mutex_);
    return count_rows(*db_, kLastChange);
}

void SqliteSearchTables::forget_changes_up_to(std::int64_t seq) {
    std::lock_guard lock(mutex_);
    db_->prepare(kForgetChanges).bind(1, seq).run();
}

std::optional<GeoPoint> SqliteSearchTables::find_postcode(const std::string& postcode) {
    std::lock_guard lock(mutex_);
    auto& st = db_->prepare(kFindPostcode);
    st.bind(1, postcode);
    if (!st.step()) return std::nullopt;
    GeoPoint p{st.real(0), st.real(1)};
    st.reset();
    return p;
}

std::optional<GeoPoint> SqliteSearchTables::find_outcode(const std::string& outcode) {
    std::lock_guard lock(mutex_);
    auto& st = db_->prepare(kFindOutcode);
    st.bind(1, outcode);
    if (!st.step()) return std::nullopt;
    GeoPoint p{st.real(0), st.real(1)};
    st.reset();
    return p;
}

std::vector<GazetteerPlace> SqliteSearchTables::find_places(const std::string& name_key) {
    std::lock_guard lock(mutex_);
    std::vector<GazetteerPlace> out;
    auto& st = db_->prepare(kFindPlaces);
    st.bind(1, name_key);
    while (st.step())
        out.push_back(
            {st.text(0), st.text(1), {st.real(2), st.real(3)}, static_cast<int>(st.integer(4))});
    return out;
}

std::vector<std::string> SqliteSearchTables::place_keys() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    auto& st = db_->prepare(kPlaceKeys);
    while (st.step()) out.push_back(st.text(0));
    return out;
}

std::vector<GazetteerArea> SqliteSearchTables::areas() {
    std::lock_guard lock(mutex_);
    std::vector<GazetteerArea> out;
    auto& st = db_->prepare(kAreas);
    while (st.step()) out.push_back({st.text(0), {st.real(1), st.real(2)}, st.real(3)});
    return out;
}

std::int64_t SqliteSearchTables::gazetteer_version() {
    std::lock_guard lock(mutex_);
    return count_rows(*db_, kGazetteerVersion);
}

GazetteerCounts SqliteSearchTables::gazetteer_counts() {
    std::lock_guard lock(mutex_);
    return {count_rows(*db_, "SELECT COUNT(*) FROM gazetteer_postcodes"),
            count_rows(*db_, "SELECT COUNT(*) FROM gazetteer_outcodes"),
            count_rows(*db_, "SELECT COUNT(*) FROM gazetteer_places"),
            count_rows(*db_, "SELECT COUNT(*) FROM gazetteer_areas")};
}

void SqliteSearchTables::put_postcodes(const std::vector<std::pair<std::string, GeoPoint>>& rows) {
    std::lock_guard lock(mutex_);
    in_transaction(*db_, [&] {
        for (const auto& [code, p] : rows)
            db_->prepare(kPutPostcode).bind(1, code).bind(2, p.latitude).bind(3, p.longitude).run();
        db_->prepare(kBumpGazetteer).run();
    });
}

void SqliteSearchTables::put_outcodes(const std::vector<std::pair<std::string, GeoPoint>>& rows) {
    std::lock_guard lock(mutex_);
    in_transaction(*db_, [&] {
        for (const auto& [code, p] : rows)
            db_->prepare(kPutOutcode).bind(1, code).bind(2, p.latitude).bind(3, p.longitude).run();
        db_->prepare(kBumpGazetteer).run();
    });
}

void SqliteSearchTables::put_places(const std::vector<GazetteerPlace>& rows) {
    std::lock_guard lock(mutex_);
    in_transaction(*db_, [&] {
        for (const auto& p : rows)
            db_->prepare(kPutPlace)
                .bind(1, p.name)
                .bind(2, domain::place_key(p.name))
                .bind(3, p.county)
                .bind(4, p.point.latitude)
                .bind(5, p.point.longitude)
                .bind(6, p.rank)
                .run();
        db_->prepare(kBumpGazetteer).run();
    });
}

void SqliteSearchTables::put_areas(const std::vector<GazetteerArea>& rows) {
    std::lock_guard lock(mutex_);
    in_transaction(*db_, [&] {
        for (const auto& a : rows)
            db_->prepare(kPutArea)
                .bind(1, a.name)
                .bind(2, a.centre.latitude)
                .bind(3, a.centre.longitude)
                .bind(4, a.radius_miles)
                .run();
        db_->prepare(kBumpGazetteer).run();
    });
}

void SqliteSearchTables::add_daily_counts(
    const std::map<std::string, std::map<std::string, std::int64_t>>& counts) {
    if (counts.empty()) return;
    std::lock_guard lock(mutex_);
    in_transaction(*db_, [&] {
        for (const auto& [day, metrics] : counts)
            for (const auto& [metric, n] : metrics)
                db_->prepare(kAddCount).bind(1, day).bind(2, metric).bind(3, n).run();
    });
}

std::map<std::string, std::int64_t> SqliteSearchTables::daily_counts(const std::string& day) {
    std::lock_guard lock(mutex_);
    std::map<std::string, std::int64_t> out;
    auto& st = db_->prepare(kDailyCounts);
    st.bind(1, day);
    while (st.step()) out[st.text(0)] = st.integer(1);
    return out;
}

std::unique_ptr<SearchTables> open_search_tables(const std::string& database_path) {
    return std::make_unique<SqliteSearchTables>(database_path);
}

}  // namespace lo::storage::sqlite
