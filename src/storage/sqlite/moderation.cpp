// Change requests and service versions in SQLite (db/migrations/sqlite/0005_moderation.sql).
// Records are stored as JSON snapshots (domain/service_json.hpp); writes do not advance the
// store's generation on their own, because nothing here is shown on the public site.
#include "storage/sqlite/moderation.hpp"

#include <sqlite3.h>

#include "domain/dates.hpp"
#include "domain/service_json.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace lo::storage::sqlite {
namespace {

constexpr const char kInsertChange[] =
    "INSERT INTO change_requests (service_id, organisation_id, kind, state, proposed, base, "
    "base_last_modified, author_id, author_email, created_at, updated_at, decided_by, decided_at, "
    "reason, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
constexpr const char kUpdateChange[] =
    "UPDATE change_requests SET service_id = ?2, organisation_id = ?3, kind = ?4, state = ?5, "
    "proposed = ?6, base = ?7, base_last_modified = ?8, author_id = ?9, author_email = ?10, "
    "updated_at = ?11, decided_by = ?12, decided_at = ?13, reason = ?14, note = ?15 WHERE id = ?1";
constexpr const char kSelectChange[] =
    "SELECT id, service_id, organisation_id, kind, state, proposed, base, author_id, "
    "author_email, created_at, updated_at, decided_by, decided_at, reason, note FROM "
    "change_requests "
    "WHERE id = ?1";
// Filters pass '' for "any"; lists of states and organisations are ",a,b," strings.
constexpr const char kListChanges[] =
    "SELECT id, service_id, organisation_id, kind, state, proposed, base, author_id, "
    "author_email, created_at, updated_at, decided_by, decided_at, reason, note FROM "
    "change_requests "
    "WHERE (?1 = '' OR service_id = ?1) AND (?2 = '' OR author_id = ?2) "
    "AND (?3 = '' OR instr(?3, ',' || state || ',') > 0) "
    "AND (?4 = '' OR instr(?4, ',' || organisation_id || ',') > 0) "
    "ORDER BY updated_at DESC, id DESC LIMIT ?5";
constexpr const char kServicesInStates[] =
    "SELECT DISTINCT service_id FROM change_requests WHERE instr(?1, ',' || state || ',') > 0";

constexpr const char kInsertVersion[] =
    "INSERT INTO service_versions (service_id, number, snapshot, user_id, user_email, at, "
    "changed_fields, reason, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr const char kVersionExists[] =
    "SELECT 1 FROM service_versions WHERE service_id = ?1 AND number = ?2";
constexpr const char kListVersions[] =
    "SELECT service_id, number, snapshot, user_id, user_email, at, changed_fields, reason, source "
    "FROM service_versions WHERE service_id = ?1 ORDER BY number DESC";
constexpr const char kSelectVersion[] =
    "SELECT service_id, number, snapshot, user_id, user_email, at, changed_fields, reason, source "
    "FROM service_versions WHERE service_id = ?1 AND number = ?2";
constexpr const char kLatestVersion[] =
    "SELECT COALESCE(MAX(number), 0) FROM service_versions WHERE service_id = ?1";

template <typename T, typename F>
std::string comma_list(const std::vector<T>& values, F text) {
    if (values.empty()) return {};
    std::string out = ",";
    for (const auto& v : values) out += std::string(text(v)) + ",";
    return out;
}

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < s.size()) {
        auto end = s.find(',', start);
        if (end == std::string::npos) end = s.size();
        if (end > start) out.push_back(s.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

domain::ChangeRequest read_change(Statement& st) {
    domain::ChangeRequest r;
    r.id = st.integer(0);
    r.service_id = st.text(1);
    r.organisation_id = st.text(2);
    r.kind = domain::change_kind_from_code(st.text(3)).value_or(domain::ChangeKind::Update);
    r.state = domain::change_state_from_code(st.text(4)).value_or(domain::ChangeState::Pending);
    r.proposed = domain::service_from_json_text(st.text(5));
    if (!st.is_null(6)) r.base = domain::service_from_json_text(st.text(6));
    r.author_id = st.text(7);
    r.author_email = st.text(8);
    r.created_at = st.text(9);
    r.updated_at = st.text(10);
    r.decided_by = st.text(11);
    r.decided_at = st.text(12);
    r.reason = st.text(13);
    r.note = st.text(14);
    return r;
}

domain::ServiceVersion read_version(Statement& st) {
    domain::ServiceVersion v;
    v.service_id = st.text(0);
    v.number = static_cast<int>(st.integer(1));
    v.snapshot = domain::service_from_json_text(st.text(2));
    v.user_id = st.text(3);
    v.user_email = st.text(4);
    v.at = st.text(5);
    v.changed_fields = split_commas(st.text(6));
    v.reason = st.text(7);
    v.source = domain::version_source_from_code(st.text(8)).value_or(domain::VersionSource::Admin);
    return v;
}

// Binds ?2..?14 of insert (shifted by one) or update: the columns after the id.
void bind_change(Statement& st, const domain::ChangeRequest& r, int first) {
    st.bind(first, r.service_id)
        .bind(first + 1, r.organisation_id)
        .bind(first + 2, domain::to_code(r.kind))
        .bind(first + 3, domain::to_code(r.state))
        .bind(first + 4, domain::to_json_text(r.proposed));
    if (r.base)
        st.bind(first + 5, domain::to_json_text(*r.base));
    else
        st.bind_null(first + 5);
    st.bind(first + 6, r.base ? r.base->last_modified : std::string())
        .bind(first + 7, r.author_id)
        .bind(first + 8, r.author_email);
}

class ChangeRequests final : public ChangeRequestRepository {
public:
    explicit ChangeRequests(ConnectionSource& s) : source_(s) {}

    std::int64_t add(const domain::ChangeRequest& r) override {
        std::int64_t id = 0;
        const auto now = domain::now_rfc3339();
        source_.with_quiet_write([&](Connection& c) {
            auto& st = c.prepare(kInsertChange);
            bind_change(st, r, 1);
            st.bind(10, r.created_at.empty() ? now : r.created_at)
                .bind(11, r.updated_at.empty() ? now : r.updated_at)
                .bind(12, r.decided_by)
                .bind(13, r.decided_at)
                .bind(14, r.reason)
                .bind(15, r.note)
                .run();
            id = sqlite3_last_insert_rowid(c.handle());
        });
        return id;
    }

    bool update(const domain::ChangeRequest& r) override {
        bool found = false;
        source_.with_quiet_write([&](Connection& c) {
            auto& st = c.prepare(kUpdateChange);
            st.bind(1, r.id);
            bind_change(st, r, 2);
            st.bind(11, domain::now_rfc3339())
                .bind(12, r.decided_by)
                .bind(13, r.decided_at)
                .bind(14, r.reason)
                .bind(15, r.note)
                .run();
            found = c.changes() == 1;
        });
        return found;
    }

    std::optional<domain::ChangeRequest> find(std::int64_t id) override {
        std::optional<domain::ChangeRequest> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kSelectChange);
            st.bind(1, id);
            if (st.step()) out = read_change(st);
            st.reset();
        });
        return out;
    }

    std::vector<domain::ChangeRequest> list(const ChangeFilter& f) override {
        std::vector<domain::ChangeRequest> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kListChanges);
            st.bind(1, f.service_id)
                .bind(2, f.author_id)
                .bind(3, comma_list(f.states, [](auto s) { return domain::to_code(s); }))
                .bind(4, comma_list(f.organisation_ids, [](const auto& s) { return s; }))
                .bind(5, f.limit);
            while (st.step()) out.push_back(read_change(st));
        });
        return out;
    }

    std::vector<std::string> service_ids_in(
        const std::vector<domain::ChangeState>& states) override {
        std::vector<std::string> out;
        if (states.empty()) return out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kServicesInStates);
            st.bind(1, comma_list(states, [](auto s) { return domain::to_code(s); }));
            while (st.step()) out.push_back(st.text(0));
        });
        return out;
    }

private:
    ConnectionSource& source_;
};

class ServiceVersions final : public ServiceVersionRepository {
public:
    explicit ServiceVersions(ConnectionSource& s) : source_(s) {}

    void append(const domain::ServiceVersion& v) override {
        source_.with_quiet_write([&](Connection& c) {
            auto& exists = c.prepare(kVersionExists);
            exists.bind(1, v.service_id).bind(2, v.number);
            const bool taken = exists.step();
            exists.reset();
            if (taken)
                throw Conflict(
                    "Someone else published a change to this service at the same "
                    "moment. Reload the page to see it, then try again.");
            std::string fields;
            for (const auto& f : v.changed_fields) fields += (fields.empty() ? "" : ",") + f;
            c.prepare(kInsertVersion)
                .bind(1, v.service_id)
                .bind(2, v.number)
                .bind(3, domain::to_json_text(v.snapshot))
                .bind(4, v.user_id)
                .bind(5, v.user_email)
                .bind(6, v.at.empty() ? domain::now_rfc3339() : v.at)
                .bind(7, fields)
                .bind(8, v.reason)
                .bind(9, domain::to_code(v.source))
                .run();
        });
    }

    std::vector<domain::ServiceVersion> list(const std::string& service_id) override {
        std::vector<domain::ServiceVersion> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kListVersions);
            st.bind(1, service_id);
            while (st.step()) out.push_back(read_version(st));
        });
        return out;
    }

    std::optional<domain::ServiceVersion> find(const std::string& service_id, int number) override {
        std::optional<domain::ServiceVersion> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kSelectVersion);
            st.bind(1, service_id).bind(2, number);
            if (st.step()) out = read_version(st);
            st.reset();
        });
        return out;
    }

    int latest_number(const std::string& service_id) override {
        int n = 0;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kLatestVersion);
            st.bind(1, service_id);
            n = static_cast<int>(st.single_integer());
        });
        return n;
    }

private:
    ConnectionSource& source_;
};

}  // namespace

std::unique_ptr<ChangeRequestRepository> make_change_request_repository(ConnectionSource& source) {
    return std::make_unique<ChangeRequests>(source);
}
std::unique_ptr<ServiceVersionRepository> make_service_version_repository(
    ConnectionSource& source) {
    return std::make_unique<ServiceVersions>(source);
}

}  // namespace lo::storage::sqlite
