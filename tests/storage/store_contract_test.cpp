// The storage contract: every repository behaviour that handlers and the CLI rely on. It runs
// against each Store implementation through make_store(); today that is SQLite.
#include "storage/store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>

#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "fixtures/builders.hpp"
#include "storage/sqlite/service_records.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::storage {
namespace {

using namespace lo::testing;

class StoreContract : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = sqlite::open_store(dir_.str());
        organisation_ = make_organisation();
        store_->organisations().save(organisation_);
        location_ = make_location();
        store_->locations().save(location_);
        taxonomy_ = {domain::new_uuid(), "categories", "Categories", "", "", ""};
        store_->taxonomies().save_taxonomy(taxonomy_);
        health_ = term("health", "Health", "");
        slt_ = term("speech-and-language-therapy", "Speech and language therapy", health_.id);
        education_ = term("education", "Education", "");
    }

    domain::TaxonomyTerm term(const std::string& code,
                              const std::string& name,
                              const std::string& parent) {
        domain::TaxonomyTerm t{domain::new_uuid(), taxonomy_.id, parent, code, name, "", 0};
        store_->taxonomies().save_term(t);
        return t;
    }

    domain::Service service(ServiceSpec spec = {}) {
        spec.organisation_id = organisation_.id;
        return make_service(spec);
    }

    TempDir dir_;
    std::unique_ptr<Store> store_;
    domain::Organisation organisation_;
    domain::Location location_;
    domain::Taxonomy taxonomy_;
    domain::TaxonomyTerm health_, slt_, education_;
};

TEST_F(StoreContract, OrganisationRoundTrip) {
    const auto found = store_->organisations().find(organisation_.id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, organisation_.name);
    EXPECT_TRUE(domain::is_rfc3339(found->last_modified));
    EXPECT_FALSE(store_->organisations().find(domain::new_uuid()));
    EXPECT_EQ(store_->organisations().count(), 1);
}

TEST_F(StoreContract, OrganisationsListInNameOrderWithPaging) {
    store_->organisations().save(make_organisation({.name = "Action for Children"}));
    store_->organisations().save(make_organisation({.name = "Contact"}));
    const auto first = store_->organisations().list({.limit = 2, .offset = 0});
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].name, "Action for Children");
    EXPECT_EQ(first[1].name, "Contact");
    const auto second = store_->organisations().list({.limit = 2, .offset = 2});
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].name, organisation_.name);
}

TEST_F(StoreContract, InvalidRecordsAreRefusedWithFieldErrorsAndNothingIsWritten) {
    auto bad = make_organisation({.name = ""});
    try {
        store_->organisations().save(bad);
        FAIL() << "expected ValidationFailed";
    } catch (const ValidationFailed& e) {
        ASSERT_EQ(e.errors().size(), 1u);
        EXPECT_EQ(e.errors()[0].field, "name");
        EXPECT_EQ(e.errors()[0].message, "Enter the organisation's name");
    }
    EXPECT_FALSE(store_->organisations().find(bad.id));
}

TEST_F(StoreContract, ServiceRoundTripKeepsEveryField) {
    auto s = service({.location_ids = {location_.id}, .term_ids = {slt_.id}});
    s.costs = {{"", "Per session", 12.5, "Less for families on benefits"}};
    s.free = false;
    s.referral_url = "https://www.oxfordhealth.nhs.uk/refer";
    s.urgent_help = "If a life is at immediate risk, phone 999.";
    store_->services().save(s);
    const auto found = store_->services().find(s.id);
    ASSERT_TRUE(found);
    domain::complete(s);
    auto expected = s;
    expected.last_modified = found->last_modified;
    EXPECT_EQ(*found, expected);
    EXPECT_EQ(found->review_due, "2027-05-14");
    EXPECT_EQ(found->contacts.at(0).phones.at(0).number, "01865 904435");
    EXPECT_EQ(found->schedules.at(0).days.size(), 2u);
    EXPECT_EQ(found->costs.at(0).amount, 12.5);
}

// A page of services is read with each child table once for the whole page
// (storage/sqlite/service_records.cpp): every service must still get exactly its own child
// records, in their own order, whatever the others hold.
TEST_F(StoreContract, APageOfServicesKeepsEachServicesOwnChildrenInOrder) {
    auto full = service({.name = "A full service",
                         .location_ids = {location_.id},
                         .term_ids = {slt_.id, education_.id}});
    full.contacts.push_back({"",
                             "Second team",
                             "Lead",
                             {{"", "01865 000001", ""}, {"", "01865 000002", "Evenings"}},
                             {"b@example.org", "a@example.org"}});
    full.costs = {{"", "Per session", 12.5, ""}, {"", "Per term", std::nullopt, "Ask us"}};
    full.free = false;
    full.closures = {{"", "2026-12-25", "Christmas Day"},
                     {"", "2026-12-25", "Also closed"},
                     {"", "2026-08-01", "Summer"}};
    full.service_areas = {{"", "Witney"}, {"", "Abingdon"}};
    full.how_to_access = {"Third", "First", "Second"};
    auto plain = service({.name = "B plain service", .term_ids = {health_.id}});
    plain.referral_routes = {domain::ReferralRoute::Gp, domain::ReferralRoute::Self};
    auto bare = service({.name = "C bare service"});
    bare.referral_routes.clear();
    bare.how_to_access.clear();
    bare.languages.clear();
    bare.delivery_modes.clear();
    bare.contacts.clear();
    bare.schedules.clear();
    bare.closures.clear();
    bare.service_areas.clear();
    for (const auto& s : {bare, full, plain}) store_->services().save(s);

    const auto page = store_->services().list({}, {});
    ASSERT_EQ(page.size(), 3u);
    std::size_t i = 0;
    for (auto expected : {full, plain, bare}) {
        domain::complete(expected);
        expected = sqlite::normalised(expected);
        auto found = page[i++];
        found.last_modified.clear();
        EXPECT_EQ(found, expected) << expected.name;
        auto one = *store_->services().find(expected.id);
        one.last_modified.clear();
        EXPECT_EQ(one, expected) << expected.name << " alone";
    }
    EXPECT_EQ(page[0].contacts.at(1).emails,
              (std::vector<std::string>{"b@example.org", "a@example.org"}));
    EXPECT_EQ(page[0].closures.at(0).date, "2026-08-01");
    EXPECT_EQ(page[0].how_to_access.front(), "Third");
    EXPECT_FALSE(store_->services().find("no-such-service"));
    EXPECT_FALSE(store_->services().find("a \"quoted\\ id\n"));
}

TEST_F(StoreContract, SavingAgainReplacesChildRecords) {
    auto s = service({.location_ids = {location_.id}, .term_ids = {slt_.id}});
    store_->services().save(s);
    s.contacts.clear();
    s.schedules.clear();
    s.location_ids.clear();
    s.term_ids = {education_.id};
    s.name = "Renamed service";
    store_->services().save(s);
    const auto found = store_->services().find(s.id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "Renamed service");
    EXPECT_TRUE(found->contacts.empty());
    EXPECT_TRUE(found->schedules.empty());
    EXPECT_TRUE(found->location_ids.empty());
    EXPECT_EQ(found->term_ids, std::vector<std::string>{education_.id});
}

TEST_F(StoreContract, SavingTheSameServiceChangesNothing) {
    const auto s = service({.term_ids = {slt_.id, health_.id}});
    store_->services().save(s);
    const auto first = store_->services().find(s.id);
    const auto generation = store_->generation();
    store_->services().save(s);
    EXPECT_EQ(store_->generation(), generation);
    EXPECT_EQ(store_->services().find(s.id)->last_modified, first->last_modified);
}

TEST_F(StoreContract, EveryCommittedWriteAdvancesTheGeneration) {
    const auto before = store_->generation();
    store_->services().save(service());
    EXPECT_EQ(store_->generation(), before + 1);
}

TEST_F(StoreContract, AServiceNeedsItsOrganisationLocationsAndTerms) {
    auto s = service();
    s.organisation_id = domain::new_uuid();
    EXPECT_THROW(store_->services().save(s), Conflict);
    s = service({.location_ids = {domain::new_uuid()}});
    try {
        store_->services().save(s);
        FAIL() << "expected Conflict";
    } catch (const Conflict& e) {
        EXPECT_EQ(std::string(e.what()),
                  "The location " + s.location_ids[0] +
                      " does not exist. Add the location first, then link it.");
    }
    s = service({.term_ids = {domain::new_uuid()}});
    EXPECT_THROW(store_->services().save(s), Conflict);
    EXPECT_EQ(store_->services().count({.only_published = false}), 0);
}

TEST_F(StoreContract, ListFiltersByTermIncludingSubTerms) {
    const auto a = service({.name = "Speech therapy", .term_ids = {slt_.id}});
    const auto b = service({.name = "Community nursing", .term_ids = {health_.id}});
    const auto c = service({.name = "Early years", .term_ids = {education_.id}});
    for (const auto& s : {a, b, c}) store_->services().save(s);
    const auto health = store_->services().list({.term_id = health_.id}, {});
    ASSERT_EQ(health.size(), 2u);
    EXPECT_EQ(health[0].name, "Community nursing");
    EXPECT_EQ(health[1].name, "Speech therapy");
    EXPECT_EQ(store_->services().count({.term_id = slt_.id}), 1);
    EXPECT_EQ(store_->services().count({}), 3);
    const auto page = store_->services().list({}, {.limit = 1, .offset = 1});
    ASSERT_EQ(page.size(), 1u);
    EXPECT_EQ(page[0].name, "Early years");
}

// The Open Referral API's query: each filter alone, filters together (AND), paging in name
// order, and the count agreeing with the list. The SQL holds only the filters a query uses, so
// every combination here is a different statement.
TEST_F(StoreContract, OpenReferralQueryFiltersCombineWithAndAndCountAgrees) {
    auto other_org = make_organisation({.name = "Other organisation"});
    store_->organisations().save(other_org);
    auto second = make_location({.postcode = "OX1 1AA"});
    store_->locations().save(second);
    auto a = service({.name = "apple speech",
                      .min_age = 2,
                      .max_age = 5,
                      .location_ids = {location_.id},
                      .term_ids = {slt_.id}});
    auto b = service({.name = "Banana nursing",
                      .min_age = 0,
                      .max_age = 18,
                      .location_ids = {second.id},
                      .term_ids = {health_.id}});
    auto c = service(
        {.name = "Cherry school", .min_age = 11, .max_age = 25, .term_ids = {education_.id}});
    c.description = "A \"quoted\" Description with 100% of 'odd' words_and signs.";
    auto d = service({.name = "Date club",
                      .min_age = std::nullopt,
                      .max_age = std::nullopt,
                      .location_ids = {location_.id, second.id}});
    d.organisation_id = other_org.id;
    for (const auto& s : {a, b, c, d}) store_->services().save(s);
    const auto gone = service({.name = "Elder archived", .term_ids = {slt_.id}});
    store_->services().save(gone);
    store_->services().archive(gone.id);

    auto& services = store_->services();
    const auto names = [&](const ServiceQuery& q, Page page = {100, 0}) {
        std::vector<std::string> out;
        for (const auto& id : services.query_ids(q, page)) out.push_back(services.find(id)->name);
        EXPECT_EQ(services.query_count(q),
                  static_cast<std::int64_t>(services.query_ids(q, {100, 0}).size()));
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(names({}), (V{"apple speech", "Banana nursing", "Cherry school", "Date club"}));
    EXPECT_EQ(names({.include_defunct = true}).size(), 5u);
    EXPECT_EQ(names({}, {2, 1}), (V{"Banana nursing", "Cherry school"}));
    EXPECT_EQ(names({.term_id = health_.id}), (V{"apple speech", "Banana nursing"}));
    EXPECT_EQ(names({.term_id = slt_.id}), (V{"apple speech"}));
    EXPECT_EQ(names({.taxonomy_id = taxonomy_.id}),
              (V{"apple speech", "Banana nursing", "Cherry school"}));
    EXPECT_EQ(names({.organisation_id = other_org.id}), (V{"Date club"}));
    EXPECT_EQ(names({.search = "  SPEECH  apple "}), (V{"apple speech"}));
    EXPECT_EQ(names({.search = "\"quoted\" 100% 'odd' words_and"}), (V{"Cherry school"}));
    EXPECT_EQ(names({.search = "speech nowhere"}), V{});
    EXPECT_EQ(names({.modified_after = "2999-01-01T00:00:00Z"}), V{});
    EXPECT_EQ(names({.modified_after = "2000-01-01T00:00:00+01:00"}).size(), 4u);
    EXPECT_EQ(names({.minimum_age = 2}), (V{"apple speech", "Cherry school"}));
    EXPECT_EQ(names({.maximum_age = 18}), (V{"apple speech", "Banana nursing"}));
    EXPECT_EQ(names({.age = 12}), (V{"Banana nursing", "Cherry school", "Date club"}));
    EXPECT_EQ(names({.location_ids = {second.id}}), (V{"Banana nursing", "Date club"}));
    EXPECT_EQ(names({.location_ids = {}, .restrict_to_locations = true}), V{});
    EXPECT_EQ(names({.search = "club", .term_id = health_.id}), V{});
    EXPECT_EQ(names({.term_id = health_.id, .age = 12, .location_ids = {second.id}}),
              (V{"Banana nursing"}));

    // Counts are remembered per store generation: a write is seen by the next count, and a
    // count inside a transaction sees that transaction's own writes (and is not remembered).
    const auto before = services.query_count({});
    services.save(service({.name = "Fig nursery"}));
    EXPECT_EQ(services.query_count({}), before + 1);
    EXPECT_THROW(store_->transaction([&](Store& tx) {
        tx.services().save(service({.name = "Grape group"}));
        EXPECT_EQ(tx.services().query_count({}), before + 2);
        throw std::runtime_error("roll back");
    }),
                 std::runtime_error);
    EXPECT_EQ(services.query_count({}), before + 1);
    const auto fig = services.query_ids({.search = "fig"}, {10, 0});
    ASSERT_EQ(fig.size(), 1u);
    services.archive(fig[0]);
    EXPECT_EQ(services.query_count({}), before);
    // A place filter of many ids (its key is too long to keep) is counted afresh every time.
    std::vector<std::string> many(200, domain::new_uuid());
    many.push_back(second.id);
    EXPECT_EQ(services.query_count({.location_ids = many}), 2);
    auto e = service({.name = "Elm hall", .location_ids = {second.id}});
    services.save(e);
    EXPECT_EQ(services.query_count({.location_ids = many}), 3);
    services.archive(e.id);

    // service_at_locations: one row per service and place, filtered by the row's own place.
    const auto rows = services.query_service_at_locations({}, {100, 0});
    ASSERT_EQ(rows.size(), 4u);  // a, b, and d at two places
    EXPECT_EQ(services.query_service_at_locations_count({}), 4);
    const auto at_second =
        services.query_service_at_locations({.location_ids = {second.id}}, {100, 0});
    ASSERT_EQ(at_second.size(), 2u);
    for (const auto& row : at_second) EXPECT_EQ(row.location_id, second.id);
    EXPECT_EQ(services.query_service_at_locations_count({.location_ids = {second.id}}), 2);
    EXPECT_EQ(services.query_service_at_locations_count(
                  {.organisation_id = other_org.id, .location_ids = {location_.id}}),
              1);
}

TEST_F(StoreContract, CountsServicesPerTermIncludingSubTerms) {
    store_->services().save(service({.term_ids = {slt_.id}}));
    store_->services().save(service({.term_ids = {health_.id, slt_.id}}));
    std::map<std::string, std::int64_t> counts;
    for (const auto& [id, n] : store_->taxonomies().service_counts(taxonomy_.id)) counts[id] = n;
    EXPECT_EQ(counts[health_.id], 2);
    EXPECT_EQ(counts[slt_.id], 2);
    EXPECT_EQ(counts.count(education_.id), 0u);
}

TEST_F(StoreContract, ArchivedServicesLeaveThePublicLists) {
    const auto s = service({.term_ids = {slt_.id}});
    store_->services().save(s);
    EXPECT_TRUE(store_->services().archive(s.id));
    EXPECT_EQ(store_->services().find(s.id)->status, domain::ServiceStatus::Defunct);
    EXPECT_EQ(store_->services().count({}), 0);
    EXPECT_EQ(store_->services().count({.only_published = false}), 1);
    EXPECT_FALSE(store_->services().archive(domain::new_uuid()));
}

TEST_F(StoreContract, AllIdsListsEveryServiceInListOrderWhateverItsStatus) {
    for (const char* name : {"banana club", "Apple Group", "cherry swim", "Date Night"})
        store_->services().save(service({.name = name}));
    const auto archived = store_->services().list({}, {1, 0}).front().id;
    store_->services().archive(archived);
    std::vector<std::string> listed;
    for (const auto& s : store_->services().list({.only_published = false}, {50, 0}))
        listed.push_back(s.id);
    ASSERT_EQ(listed.size(), 4u);
    EXPECT_EQ(store_->services().all_ids(), listed);
    // The default (for other stores) pages through list() and must agree.
    EXPECT_EQ(store_->services().ServiceRepository::all_ids(), listed);
}

TEST_F(StoreContract, ListedIdsKeepsTheServicesStillListedInTheGivenOrder) {
    const auto a = service({.name = "Apple Group"});
    const auto b = service({.name = "Banana club"});
    const auto gone = service({.name = "Cherry swim"});
    for (const auto& s : {a, b, gone}) store_->services().save(s);
    store_->services().archive(gone.id);
    const std::vector<std::string> asked{b.id, domain::new_uuid(), gone.id, a.id};
    const std::vector<std::string> expected{b.id, a.id};
    EXPECT_EQ(store_->services().listed_ids(asked), expected);
    // The default (for other stores) loads each service and must agree.
    EXPECT_EQ(store_->services().ServiceRepository::listed_ids(asked), expected);
}

TEST_F(StoreContract, ListedIdsWithTermsAreTheListedServicesTaggedWithExactlyThoseTerms) {
    const auto therapy = service({.name = "Banana therapy", .term_ids = {slt_.id}});
    const auto both = service({.name = "apple club", .term_ids = {education_.id, slt_.id}});
    const auto parent = service({.name = "Cherry clinic", .term_ids = {health_.id}});
    const auto gone = service({.name = "Date night", .term_ids = {slt_.id}});
    for (const auto& s : {therapy, both, parent, gone, service({.name = "Elder walk"})})
        store_->services().save(s);
    store_->services().archive(gone.id);
    const std::vector<std::string> asked{slt_.id};
    const std::vector<std::string> expected{both.id, therapy.id};  // not the parent's, in order
    EXPECT_EQ(store_->services().listed_ids_with_terms(asked), expected);
    EXPECT_EQ(store_->services().ServiceRepository::listed_ids_with_terms(asked), expected);
    const std::vector<std::string> two{health_.id, education_.id};
    EXPECT_EQ(store_->services().listed_ids_with_terms(two),
              (std::vector<std::string>{both.id, parent.id}));
    EXPECT_TRUE(store_->services().listed_ids_with_terms({}).empty());
}

TEST_F(StoreContract, UrgentHelpOfGivesOnlyTheServicesThatHaveIt) {
    auto crisis = service({.name = "Crisis team"});
    crisis.urgent_help = "Phone 999 if a life is at risk.";
    const auto plain = service({.name = "Play group"});
    for (const auto& s : {crisis, plain}) store_->services().save(s);
    const std::vector<std::string> asked{plain.id, crisis.id, domain::new_uuid()};
    const std::map<std::string, std::string> expected{{crisis.id, crisis.urgent_help}};
    EXPECT_EQ(store_->services().urgent_help_of(asked), expected);
    // The default (for other stores) loads each service and must agree.
    EXPECT_EQ(store_->services().ServiceRepository::urgent_help_of(asked), expected);
}

TEST_F(StoreContract, RecentlyUpdatedComesNewestFirst) {
    store_->services().save(service({.name = "Older"}));
    store_->services().save(service({.name = "Newer"}));
    const auto recent = store_->services().recently_updated(5);
    ASSERT_EQ(recent.size(), 2u);
    EXPECT_GE(recent[0].last_modified, recent[1].last_modified);
}

TEST_F(StoreContract, ATransactionIsAllOrNothing) {
    const auto before = store_->generation();
    EXPECT_THROW(store_->transaction([&](Store& tx) {
        tx.services().save(service({.name = "First"}));
        tx.organisations().save(make_organisation({.name = "Second"}));
        throw std::runtime_error("stop");
    }),
                 std::runtime_error);
    EXPECT_EQ(store_->services().count({.only_published = false}), 0);
    EXPECT_EQ(store_->organisations().count(), 1);
    EXPECT_EQ(store_->generation(), before);
    const auto first = service({.name = "First"});
    EXPECT_TRUE(store_->transaction([&](Store& tx) {
        tx.services().save(first);
        tx.services().save(service({.name = "Second"}));
    })) << "it changed something";
    EXPECT_EQ(store_->services().count({}), 2);
    EXPECT_EQ(store_->generation(), before + 1);
    // Saving what is stored changes nothing, and says so, whatever else writes meanwhile.
    const auto stored = *store_->services().find(first.id);
    EXPECT_FALSE(store_->transaction([&](Store& tx) { tx.services().save(stored); }));
    EXPECT_EQ(store_->generation(), before + 1);
}

TEST_F(StoreContract, LocationsKeepAccessibilityAndNormalisePostcodes) {
    auto l = make_location({.postcode = "ox39du", .hide_address = true});
    store_->locations().save(l);
    const auto found = store_->locations().find(l.id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->postcode, "OX3 9DU");
    EXPECT_TRUE(found->hide_address);
    EXPECT_EQ(found->accessibility, l.accessibility);
    EXPECT_EQ(store_->locations().find_many({l.id, domain::new_uuid(), location_.id}).size(), 2u);
    EXPECT_EQ(store_->locations().count(), 2);
    // points(): every location's normalised postcode and coordinates, in one read.
    const auto points = store_->locations().points();
    ASSERT_EQ(points.size(), 2u);
    const auto it =
        std::find_if(points.begin(), points.end(), [&](const auto& p) { return p.id == l.id; });
    ASSERT_NE(it, points.end());
    EXPECT_EQ(it->postcode, "OX3 9DU");
    EXPECT_EQ(it->latitude, l.latitude);
    EXPECT_EQ(it->longitude, l.longitude);
}

TEST_F(StoreContract, TermsComeInTreeOrder) {
    const auto terms = store_->taxonomies().terms(taxonomy_.id);
    ASSERT_EQ(terms.size(), 3u);
    EXPECT_EQ(terms[0].code, "education");
    EXPECT_EQ(terms[1].code, "health");
    EXPECT_EQ(terms[2].code, "speech-and-language-therapy");
    EXPECT_EQ(store_->taxonomies().find_term_by_code("categories", "health")->id, health_.id);
    EXPECT_FALSE(store_->taxonomies().find_term_by_code("send-needs", "health"));
}

TEST_F(StoreContract, TermsRefuseDuplicateCodesLoopsAndMissingParents) {
    domain::TaxonomyTerm dup{domain::new_uuid(), taxonomy_.id, "", "health", "Health again", "", 0};
    try {
        store_->taxonomies().save_term(dup);
        FAIL();
    } catch (const Conflict& e) {
        EXPECT_EQ(std::string(e.what()),
                  "Another term in this taxonomy already uses the code \"health\". Choose a "
                  "different code.");
    }
    auto loop = health_;
    loop.parent_id = slt_.id;
    try {
        store_->taxonomies().save_term(loop);
        FAIL();
    } catch (const Conflict& e) {
        EXPECT_EQ(std::string(e.what()), "A term cannot be placed under one of its own sub-terms.");
    }
    domain::TaxonomyTerm orphan{
        domain::new_uuid(), taxonomy_.id, domain::new_uuid(), "x", "X", "", 0};
    EXPECT_THROW(store_->taxonomies().save_term(orphan), Conflict);
}

TEST_F(StoreContract, AdvicePagesHaveUniqueSlugs) {
    domain::AdvicePage p{domain::new_uuid(),
                         "ehc-plans",
                         "EHC plans",
                         "What they are",
                         "## What an EHC plan is\n\nText.",
                         1,
                         "",
                         ""};
    store_->advice().save(p);
    EXPECT_EQ(store_->advice().find_by_slug("ehc-plans")->title, "EHC plans");
    EXPECT_EQ(store_->advice().find(p.id)->slug, "ehc-plans");
    auto other = p;
    other.id = domain::new_uuid();
    EXPECT_THROW(store_->advice().save(other), Conflict);
    EXPECT_EQ(store_->advice().list().size(), 1u);
}

TEST_F(StoreContract, CheckIsCleanOnAHealthyStore) {
    store_->services().save(service({.location_ids = {location_.id}}));
    const auto report = store_->check();
    EXPECT_TRUE(report.ok) << (report.problems.empty() ? "" : report.problems[0]);
    EXPECT_TRUE(store_->ping());
}

TEST_F(StoreContract, CheckFindsBrokenReferences) {
    // Break a reference behind the store's back, as a faulty tool or manual edit could.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_.path() / "localoffer.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "PRAGMA foreign_keys = OFF; INSERT INTO services (id, organisation_id, "
                           "name, last_modified) VALUES ('x', 'missing', 'Orphan', 'now')",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    const auto report = store_->check();
    ASSERT_FALSE(report.ok);
    EXPECT_EQ(report.problems.at(0),
              "Table services row 1 refers to a record in organisations that does not exist");
}

TEST_F(StoreContract, BackupIsAConsistentCopy) {
    store_->services().save(service({.name = "Backed up"}));
    const auto file = (dir_.path() / "copy.db").string();
    store_->backup(file);
    auto copy = sqlite::open_store_file(file);
    EXPECT_EQ(copy->services().list({}, {})[0].name, "Backed up");
    EXPECT_TRUE(copy->check().ok);
    EXPECT_THROW(store_->backup(file), std::runtime_error);
}

TEST(StoreOpening, RefusesAFolderThatCannotBeCreated) {
    TempDir dir;
    std::ofstream(dir.path() / "file") << "x";
    try {
        sqlite::open_store((dir.path() / "file" / "data").string());
        FAIL();
    } catch (const StoreUnavailable& e) {
        EXPECT_TRUE(std::string(e.what()).starts_with("Could not create the data folder "))
            << e.what();
        EXPECT_TRUE(std::string(e.what()).ends_with(
            "Choose another folder with --data, or create it first."));
    }
}

TEST(StoreOpening, RefusesAFileThatIsNotADatabase) {
    TempDir dir;
    std::ofstream(dir.path() / "localoffer.db") << std::string(4096, 'x');
    try {
        sqlite::open_store(dir.str());
        FAIL();
    } catch (const StoreUnavailable& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("is not a readable localoffer database"), std::string::npos)
            << message;
        EXPECT_TRUE(message.ends_with("Restore it from a backup, or move it away to start empty."));
    }
}

TEST(StoreOpening, RefusesANewerSchema) {
    TempDir dir;
    sqlite::open_store(dir.str()).reset();
    sqlite3* db = nullptr;
    sqlite3_open((dir.path() / "localoffer.db").c_str(), &db);
    sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    try {
        sqlite::open_store(dir.str());
        FAIL();
    } catch (const StoreUnavailable& e) {
        EXPECT_NE(std::string(e.what()).find("was made by a newer version of localoffer (schema "
                                             "999; this version knows up to "),
                  std::string::npos)
            << e.what();
    }
}

TEST(StoreOpening, MigratesOnceAndReopens) {
    TempDir dir;
    const int latest = sqlite::migrations().back().version;
    {
        auto store = sqlite::open_store(dir.str());
        EXPECT_EQ(store->schema_version(), latest);
        store->organisations().save(make_organisation());
    }
    auto again = sqlite::open_store(dir.str(), sqlite::OpenMode::RequireReady);
    EXPECT_EQ(again->schema_version(), latest);
    EXPECT_EQ(again->organisations().count(), 1);
}

}  // namespace
}  // namespace lo::storage

namespace lo::storage {
namespace {

TEST(FeedbackStore, KeepsNoContactDetails) {
    lo::testing::TempDir dir;
    auto store = sqlite::open_store(dir.str());
    store->feedback().add({domain::new_uuid(), "", "/services/x", false,
                           "Call me on 07700 900123 or jo@example.org"});
    const auto all = store->feedback().list({});
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].comment, "Call me on [phone number removed] or [email removed]");
    EXPECT_EQ(all[0].useful, false);
    EXPECT_THROW(store->feedback().add({domain::new_uuid(), "", "/", std::nullopt, ""}),
                 ValidationFailed);
    EXPECT_EQ(store->feedback().count(), 1);
}

}  // namespace
}  // namespace lo::storage

namespace lo::storage {
namespace {

// Migration 0007 turns the old "Problem reported: " prefix into the problem flag.
TEST(FeedbackStore, OldProblemReportsBecomeFlaggedWhenMigrated) {
    lo::testing::TempDir dir;
    const auto path = (dir.path() / "localoffer.db").string();
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        int version = 0;
        for (const auto& m : sqlite::migrations()) {
            if (m.version >= 7) break;
            ASSERT_EQ(sqlite3_exec(db, m.sql, nullptr, nullptr, nullptr), SQLITE_OK) << m.name;
            version = m.version;
        }
        const std::string sql =
            "INSERT INTO feedback (id, created_at, page, useful, comment) VALUES "
            "('3f2504e0-4f89-41d3-9a0c-0305e82c3301', '2026-01-02T03:04:05Z', '/services/x', NULL, "
            "'Problem reported: The phone is wrong'), "
            "('3f2504e0-4f89-41d3-9a0c-0305e82c3302', '2026-01-01T03:04:05Z', '/', 0, 'Too long');"
            "PRAGMA user_version = " +
            std::to_string(version);
        ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
    }
    auto store = sqlite::open_store_file(path);
    const auto all = store->feedback().list({});
    ASSERT_EQ(all.size(), 2u);
    EXPECT_TRUE(all[0].problem);
    EXPECT_EQ(all[0].comment, "The phone is wrong");
    EXPECT_FALSE(all[1].problem);
    EXPECT_EQ(all[1].comment, "Too long");
    const auto item = store->feedback_inbox().find(all[0].id);
    ASSERT_TRUE(item);
    EXPECT_EQ(item->response.state, domain::FeedbackState::New);
}

}  // namespace
}  // namespace lo::storage
