// The insights facts in SQLite (storage/insights.hpp): what each query returns from known rows,
// and migration 0019 (the commissioner role), which makes the users table again with foreign
// keys off and must keep every session, link and organisation that points at a user.
#include "storage/insights.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "domain/ids.hpp"
#include "fixtures/builders.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::storage {
namespace {

using namespace lo::testing;

TEST(InsightsStore, ServiceFactsCarryRoutesAreasVenuesAndOnlyRunningServices) {
    TempDir dir;
    auto store = sqlite::open_store(dir.str());
    const auto org = make_organisation();
    store->organisations().save(org);
    const auto venue = make_location();
    store->locations().save(venue);
    auto gp_only =
        make_service({.organisation_id = org.id, .name = "GP only", .location_ids = {venue.id}});
    gp_only.referral_routes = {domain::ReferralRoute::Gp};
    auto ehc = make_service({.organisation_id = org.id, .name = "EHC only"});
    ehc.referral_routes = {domain::ReferralRoute::EhcPlan};
    ehc.service_areas = {};
    auto open = make_service({.organisation_id = org.id, .name = "Open", .min_age = std::nullopt});
    open.referral_routes = {};
    auto closed = make_service({.organisation_id = org.id, .name = "Closed"});
    closed.status = domain::ServiceStatus::TemporarilyClosed;
    for (const auto& s : {gp_only, ehc, open, closed}) store->services().save(s);

    const auto facts = store->insights().service_facts();
    ASSERT_EQ(facts.size(), 3u);  // the closed one is not running
    EXPECT_EQ(facts[0].name, "EHC only");
    EXPECT_TRUE(facts[0].ehc_plan_only);
    EXPECT_FALSE(facts[0].self_referral);
    EXPECT_TRUE(facts[0].area_names.empty());
    EXPECT_EQ(facts[1].name, "GP only");
    EXPECT_FALSE(facts[1].self_referral);
    EXPECT_FALSE(facts[1].ehc_plan_only);
    ASSERT_EQ(facts[1].venues.size(), 1u);
    EXPECT_DOUBLE_EQ(facts[1].venues[0].latitude, 51.7636);
    EXPECT_EQ(facts[1].area_names, (std::vector<std::string>{"Oxfordshire"}));
    EXPECT_EQ(facts[1].review_due, "2027-05-14");
    EXPECT_EQ(facts[2].name, "Open");
    EXPECT_TRUE(facts[2].self_referral);  // no route listed: nothing says a referral is needed
    EXPECT_FALSE(facts[2].min_age);
    EXPECT_EQ(facts[2].max_age, 18);
}

// The facts are read in table order and sorted in memory (storage/sqlite/insights.cpp): the
// order must still be SQLite's NOCASE order of names, then ids, and areas keep their positions.
TEST(InsightsStore, ServiceFactsComeInNameOrderWithAreasInTheirOwnOrder) {
    TempDir dir;
    auto store = sqlite::open_store(dir.str());
    const auto org = make_organisation();
    store->organisations().save(org);
    auto b = make_service({.organisation_id = org.id, .name = "bowling club"});
    b.service_areas = {{.name = "Witney"}, {.name = "Abingdon"}, {.name = "Didcot"}};
    auto a2 = make_service({.organisation_id = org.id, .name = "Art club"});
    auto a1 = make_service({.organisation_id = org.id, .name = "art club"});
    auto z = make_service({.organisation_id = org.id, .name = "Zebra crossing skills"});
    for (const auto& s : {z, b, a2, a1}) store->services().save(s);

    const auto facts = store->insights().service_facts();
    ASSERT_EQ(facts.size(), 4u);
    const auto [first, second] = std::minmax(a1.id, a2.id);  // equal names: by id
    EXPECT_EQ(facts[0].id, first);
    EXPECT_EQ(facts[1].id, second);
    EXPECT_EQ(facts[2].name, "bowling club");  // "b" after "A" once case is folded
    EXPECT_EQ(facts[2].area_names, (std::vector<std::string>{"Witney", "Abingdon", "Didcot"}));
    EXPECT_EQ(facts[3].name, "Zebra crossing skills");
}

TEST(InsightsStore, RemindersDecisionsAndFeedbackInThePeriodOnly) {
    TempDir dir;
    auto store = sqlite::open_store(dir.str());
    const auto org = make_organisation();
    store->organisations().save(org);
    const auto s = make_service({.organisation_id = org.id});
    store->services().save(s);
    // 2026-11-20 and 2025-11-20, 00:00 UTC
    store->reviews().record_reminder(s.id, "2026-12-01", ReminderKind::Reminder, 1, 1795132800);
    store->reviews().record_reminder(s.id, "2025-12-01", ReminderKind::Reminder, 1, 1763596800);
    const auto reminders = store->insights().reminders("2026-01-01", "2026-12-31");
    ASSERT_EQ(reminders.size(), 1u);
    EXPECT_EQ(reminders[0].organisation_id, org.id);
    EXPECT_EQ(reminders[0].last_checked, "2026-05-14");

    domain::ChangeRequest r;
    r.service_id = s.id;
    r.organisation_id = org.id;
    r.state = domain::ChangeState::Approved;
    r.proposed = s;
    r.author_id = "u";
    r.author_email = "p@example.org";
    const auto id = store->change_requests().add(r);
    auto stored = *store->change_requests().find(id);
    stored.decided_at = "2026-11-03T10:00:00Z";
    stored.decided_by = "editor@example.org";
    store->change_requests().update(stored);
    const auto decisions = store->insights().decisions("2026-11-01", "2026-11-30");
    ASSERT_EQ(decisions.size(), 1u);
    EXPECT_TRUE(decisions[0].approved);
    EXPECT_EQ(decisions[0].decided_at, "2026-11-03T10:00:00Z");
    EXPECT_TRUE(store->insights().decisions("2026-12-01", "2026-12-31").empty());

    domain::Feedback f;
    f.id = domain::new_uuid();
    f.created_at = "2026-11-02T09:00:00Z";
    f.page = "/search";
    f.useful = false;
    f.comment = "Nothing for my son";
    store->feedback().add(f);
    domain::FeedbackResponse response;
    response.feedback_id = f.id;
    response.state = domain::FeedbackState::Published;
    response.public_comment = "Nothing for an older child";
    response.response = "We added two services";
    response.theme = "gaps";
    store->feedback_inbox().save_response(response);
    const auto feedback = store->insights().feedback("2026-11-01", "2026-11-30");
    ASSERT_EQ(feedback.size(), 1u);
    EXPECT_EQ(feedback[0].useful, false);
    EXPECT_EQ(feedback[0].state, "published");
    EXPECT_EQ(feedback[0].theme, "gaps");
    EXPECT_EQ(feedback[0].public_comment, "Nothing for an older child");
    EXPECT_FALSE(feedback[0].responded_at.empty());
    EXPECT_TRUE(store->insights().feedback("2026-12-01", "2026-12-31").empty());
}

std::string file_text(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void exec(sqlite3* db, const std::string& sql) {
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
}

std::int64_t count(sqlite3* db, const char* sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    sqlite3_step(st);
    const auto n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

TEST(InsightsStore, TheCommissionerMigrationKeepsEverythingThatPointsAtAUser) {
    TempDir dir;
    const auto db_path = dir.path() / sqlite::kDatabaseFile;
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
    exec(db, "PRAGMA foreign_keys = ON");
    // The schema as version 18 left it, with a provider, their organisation, a session, a link
    // and a second-factor secret.
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(source_dir() / "db/migrations/sqlite"))
        if (e.path().filename().string() < "0019") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) exec(db, file_text(f));
    exec(db, "PRAGMA user_version = 18");
    exec(db,
         "INSERT INTO organisations (id, name, last_modified) VALUES ('o1', 'Acorn', "
         "'2026-01-01T00:00:00Z');"
         "INSERT INTO users (id, email, role, created_at) VALUES ('u1', 'p@example.org', "
         "'provider', 1);"
         "INSERT INTO user_organisations VALUES ('u1', 'o1');"
         "INSERT INTO sessions (id_hash, user_id, created_at, last_seen) VALUES ('h', 'u1', 1, 1);"
         "INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at) "
         "VALUES ('t', 'u1', 'set_password', 1, 2);");
    sqlite3_close(db);

    auto store = sqlite::open_store(dir.str());
    EXPECT_GE(store->schema_version(), 19);  // and any later migration
    EXPECT_TRUE(store->check().ok);
    const auto user = store->users().find("u1");
    ASSERT_TRUE(user);
    EXPECT_EQ(user->organisation_ids, (std::vector<std::string>{"o1"}));
    domain::User commissioner{"u2", "c@example.org", domain::Role::Commissioner, "", true, 2, {}};
    store->users().save(commissioner);
    EXPECT_EQ(store->users().find("u2")->role, domain::Role::Commissioner);
    store.reset();

    ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM sessions WHERE user_id = 'u1'"), 1);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM account_tokens WHERE user_id = 'u1'"), 1);
    // Deleting the user still cascades: the keys point at the new table.
    exec(db, "PRAGMA foreign_keys = ON; DELETE FROM users WHERE id = 'u1'");
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM sessions"), 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM user_organisations"), 0);
    sqlite3_close(db);
}

}  // namespace
}  // namespace lo::storage
