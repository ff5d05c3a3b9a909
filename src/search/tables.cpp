// SQL for the search module's tables.
#include "search/tables.hpp"

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/transaction.hpp"

namespace lo::search {
namespace {

using storage::sqlite::Connection;

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
    storage::sqlite::WriteTransaction transaction(c);
    f();
    transaction.commit();
}

}  // namespace

std::string place_key(std::string_view name) {
    std::string out;
    bool space = false;
    const auto push_space = [&] { space = !out.empty(); };
    for (std::size_t i = 0; i < name.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        if (c == '&') {
            push_space();
            if (space) out += ' ';
            out += "and";
            space = false;
            push_space();
        } else if (std::isalnum(c) || c >= 0x80) {
            if (space) out += ' ';
            space = false;
            out += static_cast<char>(std::tolower(c));
        } else if (c == '\'' || c == '.') {
            // "St. Mary's" -> "st marys": drop without a break
        } else {
            push_space();
        }
    }
    return out;
}

SearchTables::SearchTables(const std::string& database_path)
    : db_(std::make_unique<Connection>(database_path)) {}

SearchTables::~SearchTables() = default;

std::vector<Change> SearchTables::changes_after(std::int64_t seq, int limit) {
    std::lock_guard lock(mutex_);
    std::vector<Change> out;
    auto& st = db_->prepare(kChangesAfter);
    st.bind(1, seq).bind(2, limit);
    while (st.step()) out.push_back({st.integer(0), st.text(1), st.text(2)});
    return out;
}

std::int64_t SearchTables::last_change() {
    std::lock_guard lock(mutex_);
    return count_rows(*db_, kLastChange);
}

void SearchTables::forget_changes_up_to(std::int64_t seq) {
    std::lock_guard lock(mutex_);
    db_->prepare(kForgetChanges).bind(1, seq).run();
}

std::optional<Point> SearchTables::find_postcode(const std::string& postcode) {
    std::lock_guard lock(mutex_);
    auto& st = db_->prepare(kFindPostcode);
    st.bind(1, postcode);
    if (!st.step()) return std::nullopt;
    Point p{st.real(0), st.real(1)};
    st.reset();
    return p;
}

std::optional<Point> SearchTables::find_outcode(const std::string& outcode) {
    std::lock_guard lock(mutex_);
    auto& st = db_->prepare(kFindOutcode);
    st.bind(1, outcode);
    if (!st.step()) return std::nullopt;
    Point p{st.real(0), st.real(1)};
    st.reset();
    return p;
}

std::vector<Place> SearchTables::find_places(const std::string& name_key) {
    std::lock_guard lock(mutex_);
    std::vector<Place> out;
    auto& st = db_->prepare(kFindPlaces);
    st.bind(1, name_key);
    while (st.step())
        out.push_back(
            {st.text(0), st.text(1), {st.real(2), st.real(3)}, static_cast<int>(st.integer(4))});
    return out;
}

std::vector<std::string> SearchTables::place_keys() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    auto& st = db_->prepare(kPlaceKeys);
    while (st.step()) out.push_back(st.text(0));
    return out;
}

std::vector<Area> SearchTables::areas() {
    std::lock_guard lock(mutex_);
    std::vector<Area> out;
    auto& st = db_->prepare(kAreas);
    while (st.step()) out.push_back({st.text(0), {st.real(1), st.real(2)}, st.real(3)});
    return out;
}

std::int64_t SearchTables::gazetteer_version() {
    std::lock_guard lock(mutex_);
    return count_rows(*db_, kGazetteerVersion);
}

GazetteerCounts SearchTables::gazetteer_counts() {
    std::lock_guard lock(mutex_);
    return {count_rows(*db_, "SELECT COUNT(*) FROM gazetteer_postcodes"),
            count_rows(*db_, "SELECT COUNT(*) FROM gazetteer_outcodes"),
            count_rows(*db_, "SELECT COUNT(*) FROM gazetteer_places"),
            count_rows(*db_, "SELECT COUNT(*) FROM gazetteer_areas")};
}

void SearchTables::put_postcodes(const std::vector<std::pair<std::string, Point>>& rows) {
    std::lock_guard lock(mutex_);
    in_transaction(*db_, [&] {
        for (const auto& [code, p] : rows)
            db_->prepare(kPutPostcode).bind(1, code).bind(2, p.latitude).bind(3, p.longitude).run();
        db_->prepare(kBumpGazetteer).run();
    });
}

void SearchTables::put_outcodes(const std::vector<std::pair<std::string, Point>>& rows) {
    std::lock_guard lock(mutex_);
    in_transaction(*db_, [&] {
        for (const auto& [code, p] : rows)
            db_->prepare(kPutOutcode).bind(1, code).bind(2, p.latitude).bind(3, p.longitude).run();
        db_->prepare(kBumpGazetteer).run();
    });
}

void SearchTables::put_places(const std::vector<Place>& rows) {
    std::lock_guard lock(mutex_);
    in_transaction(*db_, [&] {
        for (const auto& p : rows)
            db_->prepare(kPutPlace)
                .bind(1, p.name)
                .bind(2, place_key(p.name))
                .bind(3, p.county)
                .bind(4, p.point.latitude)
                .bind(5, p.point.longitude)
                .bind(6, p.rank)
                .run();
        db_->prepare(kBumpGazetteer).run();
    });
}

void SearchTables::put_areas(const std::vector<Area>& rows) {
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

void SearchTables::add_daily_counts(
    const std::map<std::string, std::map<std::string, std::int64_t>>& counts) {
    if (counts.empty()) return;
    std::lock_guard lock(mutex_);
    in_transaction(*db_, [&] {
        for (const auto& [day, metrics] : counts)
            for (const auto& [metric, n] : metrics)
                db_->prepare(kAddCount).bind(1, day).bind(2, metric).bind(3, n).run();
    });
}

std::map<std::string, std::int64_t> SearchTables::daily_counts(const std::string& day) {
    std::lock_guard lock(mutex_);
    std::map<std::string, std::int64_t> out;
    auto& st = db_->prepare(kDailyCounts);
    st.bind(1, day);
    while (st.step()) out[st.text(0)] = st.integer(1);
    return out;
}

}  // namespace lo::search
