// The SQLite store: it lends each repository a connection (storage/sqlite/connection_source.hpp)
// from a pool, runs every write in one IMMEDIATE transaction that also advances the store's
// generation number, and opens and migrates the database. The repositories are in their own
// files (storage/sqlite/repositories.hpp and the headers included below).
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/sqlite/search_tables.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "storage/sqlite/accounts.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/feedback_inbox.hpp"
#include "storage/sqlite/moderation.hpp"
#include "storage/sqlite/pool.hpp"
#include "storage/sqlite/privacy.hpp"
#include "storage/sqlite/query.hpp"
#include "storage/sqlite/repositories.hpp"
#include "storage/sqlite/schema.hpp"
#include "storage/sqlite/search_words.hpp"
#include "storage/sqlite/transaction.hpp"

namespace lo::storage::sqlite {
namespace {

namespace fs = std::filesystem;

constexpr const char kPing[] = "SELECT COUNT(*) FROM meta";

class SqliteStore final : public Store, private ConnectionSource {
public:
    // bound: the connection of the transaction this store is a view of, or null.
    SqliteStore(std::shared_ptr<Pool> pool, Connection* bound)
        : pool_(std::move(pool)), bound_(bound) {}

    OrganisationRepository& organisations() override { return *organisations_; }
    LocationRepository& locations() override { return *locations_; }
    ServiceRepository& services() override { return *services_; }
    TaxonomyRepository& taxonomies() override { return *taxonomies_; }
    AdviceRepository& advice() override { return *advice_; }
    FeedbackRepository& feedback() override { return *feedback_; }
    InsightsRepository& insights() override { return *insights_; }
    UserRepository& users() override { return *users_; }
    SessionRepository& sessions() override { return *sessions_; }
    AuditLog& audit() override { return *audit_; }
    OutboxRepository& outbox() override { return *outbox_; }
    ReviewRepository& reviews() override { return *reviews_; }
    FeedbackInboxRepository& feedback_inbox() override { return *feedback_inbox_; }
    TwoFactorRepository& two_factor() override { return *two_factor_; }
    ChangeRequestRepository& change_requests() override { return *change_requests_; }
    ServiceVersionRepository& service_versions() override { return *service_versions_; }
    SearchWordRepository& search_words() override { return *search_words_; }
    PrivacyRepository& privacy() override { return *privacy_; }

    bool transaction(const std::function<void(Store&)>& fn) override {
        if (bound_) return with_write([&](Connection&) { fn(*this); });  // already in one
        return with_write([&](Connection& c) {
            SqliteStore view(pool_, &c);
            fn(view);
        });
    }

    std::int64_t generation() override {
        return read(*this, [](Connection& c) { return read_generation(c); });
    }

    bool ping() override {
        try {
            return read(*this, [](Connection& c) { return exists(c, kPing); });
        } catch (const std::exception&) {
            return false;
        }
    }

    CheckReport check() override {
        return read(*this, [](Connection& c) { return sqlite::check(c); });
    }

    void backup(const std::string& destination) override {
        read(*this, [&](Connection& c) { sqlite::backup(c, destination); });
    }

    int schema_version() override {
        return read(*this, [](Connection& c) { return sqlite::schema_version(c); });
    }

    std::unique_ptr<SearchTables> open_search_tables() override {
        return sqlite::open_search_tables(pool_->path());
    }

private:
    // ConnectionSource: how every repository reaches the database.
    void with_read(const std::function<void(Connection&)>& fn) override {
        if (bound_) return fn(*bound_);
        Lease lease(*pool_);
        fn(*lease);
    }

    bool with_write(const std::function<void(Connection&)>& fn) override {
        if (bound_) {
            const auto before = bound_->total_changes();
            fn(*bound_);
            return bound_->total_changes() != before;
        }
        Lease lease(*pool_);
        Connection& c = *lease;
        WriteTransaction transaction(c);
        const auto before = c.total_changes();
        fn(c);
        // Only a write that changed something makes the search index stale.
        const bool changed = c.total_changes() != before;
        if (changed) bump_generation(c);
        transaction.commit();
        return changed;
    }

    // The account repositories (storage/sqlite/accounts.cpp) write without bumping the
    // generation: a sign-in changes nothing the search index shows.
    void with_quiet_write(const std::function<void(Connection&)>& fn) override {
        if (bound_) return fn(*bound_);
        Lease lease(*pool_);
        WriteTransaction transaction(*lease);
        fn(*lease);
        transaction.commit();
    }

    bool in_transaction() const override { return bound_ != nullptr; }

    std::shared_ptr<Pool> pool_;
    Connection* bound_;
    std::unique_ptr<OrganisationRepository> organisations_ = make_organisation_repository(*this);
    std::unique_ptr<LocationRepository> locations_ = make_location_repository(*this);
    std::unique_ptr<ServiceRepository> services_ = make_service_repository(*this);
    std::unique_ptr<TaxonomyRepository> taxonomies_ = make_taxonomy_repository(*this);
    std::unique_ptr<AdviceRepository> advice_ = make_advice_repository(*this);
    std::unique_ptr<FeedbackRepository> feedback_ = make_feedback_repository(*this);
    std::unique_ptr<InsightsRepository> insights_ = make_insights_repository(*this);
    std::unique_ptr<UserRepository> users_ = make_user_repository(*this);
    std::unique_ptr<SessionRepository> sessions_ = make_session_repository(*this);
    std::unique_ptr<AuditLog> audit_ = make_audit_log(*this);
    std::unique_ptr<OutboxRepository> outbox_ = make_outbox_repository(*this);
    std::unique_ptr<ReviewRepository> reviews_ = make_review_repository(*this);
    std::unique_ptr<FeedbackInboxRepository> feedback_inbox_ = make_feedback_inbox(*this);
    std::unique_ptr<TwoFactorRepository> two_factor_ = make_two_factor_repository(*this);
    std::unique_ptr<ChangeRequestRepository> change_requests_ =
        make_change_request_repository(*this);
    std::unique_ptr<ServiceVersionRepository> service_versions_ =
        make_service_version_repository(*this);
    std::unique_ptr<SearchWordRepository> search_words_ = make_search_word_repository(*this);
    std::unique_ptr<PrivacyRepository> privacy_ = make_privacy_repository(*this);
};

// One plain-English line for a database that cannot be opened, by SQLite's reason.
StoreUnavailable open_failure(const std::string& db_path, const SqliteError& e) {
    if (e.code() == SQLITE_NOTADB || e.code() == SQLITE_CORRUPT)
        return StoreUnavailable(db_path + " is not a readable localoffer database (" + e.what() +
                                "). Restore it from a backup, or move it away to start empty.");
    if (e.code() == SQLITE_CANTOPEN || e.code() == SQLITE_READONLY || e.code() == SQLITE_PERM ||
        e.code() == SQLITE_IOERR)
        return StoreUnavailable("Could not open the database " + db_path + " (" + e.what() +
                                "). Check the folder exists and this user can write to it.");
    if (e.code() == SQLITE_BUSY || e.code() == SQLITE_LOCKED)
        return StoreUnavailable("The database " + db_path +
                                " is locked by another program. Stop it and try again.");
    return StoreUnavailable("Could not open the database " + db_path + ": " + e.what());
}

}  // namespace

std::unique_ptr<Store> open_store_file(const std::string& db_path, OpenMode mode) {
    auto pool = std::make_shared<Pool>(db_path);
    try {
        auto first = pool->acquire();
        migrate(*first, db_path, mode);
        pool->release(std::move(first));
    } catch (const SqliteError& e) {
        throw open_failure(db_path, e);
    }
    return std::make_unique<SqliteStore>(std::move(pool), nullptr);
}

std::unique_ptr<Store> open_store(const std::string& data_dir, OpenMode mode) {
    std::error_code ec;
    fs::create_directories(data_dir, ec);
    if (ec || !fs::is_directory(data_dir))
        throw StoreUnavailable("Could not create the data folder " + data_dir + " (" +
                               (ec ? ec.message() : std::string("it is not a folder")) +
                               "). Choose another folder with --data, or create it first.");
    // Prove the folder is writable before SQLite tries (it would fail later, less clearly).
    const auto probe = fs::path(data_dir) / ".localoffer-write-test";
    {
        std::ofstream out(probe);
        if (!out)
            throw StoreUnavailable("Cannot write to the data folder " + data_dir + " (" +
                                   std::strerror(errno) +
                                   "). Choose another folder with --data, or change its "
                                   "permissions so this user can write to it.");
    }
    fs::remove(probe, ec);
    return open_store_file((fs::path(data_dir) / kDatabaseFile).string(), mode);
}

}  // namespace lo::storage::sqlite
