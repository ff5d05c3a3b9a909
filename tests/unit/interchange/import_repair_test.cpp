// Repairs and drops on the way in: every repair and every drop with the exact warning a person
// reads, the summary counted by field, and the records kept. The pass is shared, so a batch made
// the way import hsds and import csv make theirs gets the same treatment as ORUK JSON.
#include "interchange/repair.hpp"

#include <gtest/gtest.h>

#include "fixtures/builders.hpp"
#include "interchange/import.hpp"

namespace lo::interchange {
namespace {

using testing::TempDir;
using Lines = std::vector<std::string>;
using Counts = std::vector<std::pair<std::string, int>>;

const std::string kOrg = "11111111-1111-4111-8111-111111111111";
const std::string kService = "22222222-2222-4222-8222-222222222222";
const std::string kTaxonomy = "33333333-3333-4333-8333-333333333333";
const std::string kLeftOut =
    ", so it was left out and the rest of the record kept. Correct it at the source and import "
    "again";

class ImportRepairs : public ::testing::Test {
protected:
    ImportReport import(const std::string& json, ImportOptions options = {}) {
        Batch batch;
        read_oruk(json, "feed.json", batch);
        options.source = "import:oruk:feed.json";
        return apply(*store_, batch, options);
    }
    std::string where() const { return "feed.json: record 1 (id " + kService + "): "; }

    TempDir data_;
    std::unique_ptr<storage::Store> store_ = storage::sqlite::open_store(data_.str());
};

TEST_F(ImportRepairs, EveryRepairIsMadeReportedAndCounted) {
    const auto report = import(R"([{"id":")" + kService + R"(","name":"Play","status":"active",
        "url":"www.play.example.org","referral_url":"http:refer.example.org",
        "email":" play@example.org.uk.",
        "contacts":[{"id":"44444444-4444-4444-8444-444444444444","name":"Sam",
                     "emails":["MAILTO:sam@example.org"]}],
        "organization":{"id":")" +
                               kOrg + R"(","name":"Org","url":"HTTPS://Org.example.org/",
                        "email":"info@org.example.org"}},
        {"id":")" + kTaxonomy + R"(","name":"Needs","taxonomy_terms":[],
         "uri":" https://example.org/needs "}])");
    EXPECT_EQ(report.problems, Lines{});
    EXPECT_EQ(report.warnings,
              (Lines{where() + "organization.url: \"HTTPS://Org.example.org/\" has its scheme in "
                               "capitals; it was repaired to \"https://Org.example.org/\"",
                     where() + "url: \"www.play.example.org\" has no https:// or http:// at the "
                               "start; it was repaired to \"https://www.play.example.org\"",
                     where() + "referral_url: \"http:refer.example.org\" is missing the // after "
                               "http:; it was repaired to \"http://refer.example.org\"",
                     where() + "email: \" play@example.org.uk.\" has spaces around it and ends "
                               "with a dot after the domain; it was repaired to "
                               "\"play@example.org.uk\"",
                     where() + "contacts[0].emails[0]: \"MAILTO:sam@example.org\" starts with "
                               "mailto:; it was repaired to \"sam@example.org\"",
                     "feed.json: record 2: uri: \" https://example.org/needs \" has spaces around "
                     "it; it was repaired to \"https://example.org/needs\""}));
    EXPECT_EQ(change_summary(report, false),
              "Repaired 6 values: 1 organization.url (scheme made lowercase), 1 "
              "service.contact.email (mailto: removed), 1 service.email (spaces removed, trailing "
              "dot removed), 1 service.referral_url (// added after the scheme), 1 service.url "
              "(scheme added), 1 taxonomy.uri (spaces removed).");
    EXPECT_EQ(change_summary(report, true),
              "Would repair 6 values: 1 organization.url (scheme made lowercase), 1 "
              "service.contact.email (mailto: removed), 1 service.email (spaces removed, trailing "
              "dot removed), 1 service.referral_url (// added after the scheme), 1 service.url "
              "(scheme added), 1 taxonomy.uri (spaces removed).");
    const auto s = store_->services().find(kService);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->url, "https://www.play.example.org");
    EXPECT_EQ(s->referral_url, "http://refer.example.org");
    EXPECT_EQ(s->email, "play@example.org.uk");
    EXPECT_EQ(s->contacts.at(0).emails, Lines{"sam@example.org"});
    EXPECT_EQ(store_->organisations().find(kOrg)->url, "https://Org.example.org/");
    EXPECT_EQ(store_->taxonomies().find_taxonomy(kTaxonomy)->uri, "https://example.org/needs");
}

TEST_F(ImportRepairs, BadOptionalValuesAreDroppedAndTheServiceKept) {
    const auto report = import(R"([{"id":")" + kService + R"(","name":"Play","status":"active",
        "url":"Warmley Community Centre","email":"play at example.org",
        "contacts":[{"id":"44444444-4444-4444-8444-444444444444","emails":["nobody"],
                     "phones":[{"number":"ask at reception"}]},
                    {"id":"55555555-5555-4555-8555-555555555555","name":"Sam",
                     "phones":[{"number":""}]}],
        "organization":{"id":")" +
                               kOrg + R"(","name":"Org",
                        "url":"Motor Neurone Disease Association","phones":[{"number":"n/a"}]}}])");
    EXPECT_EQ(report.problems, Lines{});
    EXPECT_EQ(report.services, 1);
    EXPECT_EQ(report.warnings,
              (Lines{where() +
                         "organization.url: \"Motor Neurone Disease Association\" is not a web "
                         "address and cannot be repaired safely" +
                         kLeftOut,
                     where() + "organization.phone: \"n/a\" is not a phone number" + kLeftOut,
                     where() +
                         "url: \"Warmley Community Centre\" is not a web address and cannot be "
                         "repaired safely" +
                         kLeftOut,
                     where() +
                         "email: \"play at example.org\" is not an e-mail address and cannot be "
                         "repaired safely" +
                         kLeftOut,
                     where() +
                         "contacts[0].emails[0]: \"nobody\" is not an e-mail address and cannot "
                         "be repaired safely" +
                         kLeftOut,
                     where() +
                         "contacts[0].phones[0].number: \"ask at reception\" is not a phone "
                         "number" +
                         kLeftOut,
                     where() +
                         "contacts[0]: is empty once its bad values are removed (no name, title, "
                         "phone number or e-mail address)" +
                         kLeftOut,
                     where() + "contacts[1].phones[0].number: is empty" + kLeftOut}));
    EXPECT_EQ(report.dropped, (Counts{{"service.contact.phone (not a phone number)", 2},
                                      {"organization.phone (not a phone number)", 1},
                                      {"organization.url (not a web address)", 1},
                                      {"service.contact (nothing left in it)", 1},
                                      {"service.contact.email (not an e-mail address)", 1},
                                      {"service.email (not an e-mail address)", 1},
                                      {"service.url (not a web address)", 1}}));
    EXPECT_EQ(change_summary(report, false),
              "Dropped 8 values: 2 service.contact.phone (not a phone number), 1 "
              "organization.phone (not a phone number), 1 organization.url (not a web address), 1 "
              "service.contact (nothing left in it), 1 service.contact.email (not an e-mail "
              "address), 1 service.email (not an e-mail address), 1 service.url (not a web "
              "address).");
    const auto s = store_->services().find(kService);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->url, "");
    EXPECT_EQ(s->email, "");
    ASSERT_EQ(s->contacts.size(), 1u);
    EXPECT_EQ(s->contacts[0].name, "Sam");
    EXPECT_TRUE(s->contacts[0].phones.empty());
    const auto o = store_->organisations().find(kOrg);
    EXPECT_EQ(o->url, "");
    EXPECT_EQ(o->phone, "");
}

TEST_F(ImportRepairs, RepairsAndDropsTogetherGiveBothSentences) {
    const auto report = import(R"([{"id":")" + kService + R"(","name":"Play","status":"active",
        "url":"www.play.example.org","email":"nobody",
        "organization":{"id":")" +
                               kOrg + R"(","name":"Org"}}])");
    EXPECT_EQ(change_summary(report, false),
              "Repaired 1 value: 1 service.url (scheme added). Dropped 1 value: 1 service.email "
              "(not an e-mail address).");
}

TEST_F(ImportRepairs, LongValuesAreCutInTheWarningWithoutSplittingACharacter) {
    std::string accents;
    for (int i = 0; i < 100; ++i) accents += "\xC3\xA9";
    const auto report = import(R"({"id":")" + kService + R"(","name":"Play","status":"active",
        "url":"Not a web address )" +
                               accents + R"(",
        "organization":{"id":")" +
                               kOrg + R"(","name":"Org"}})");
    std::string cut;  // 18 bytes of words, then 41 two-byte characters: 100 bytes
    for (int i = 0; i < 41; ++i) cut += "\xC3\xA9";
    ASSERT_EQ(report.warnings.size(), 1u);
    EXPECT_EQ(report.warnings[0], "feed.json (id " + kService + "): url: \"Not a web address " +
                                      cut + "...\" is not a web address and cannot be repaired " +
                                      "safely" + kLeftOut);
}

TEST_F(ImportRepairs, RecordsLeftOutAreNotCountedButABlockedImportListsEveryWarning) {
    const auto feed = R"([{"id":")" + kService + R"(","name":"Play","status":"active",
        "url":"www.a.example.org","organization":{"id":")" +
                      kOrg + R"(","name":"Org"}},
        {"id":"66666666-6666-4666-8666-666666666666","status":"active","url":"www.b.example.org",
         "organization_id":")" +
                      kOrg + R"("}])";
    auto blocked = import(feed);
    EXPECT_FALSE(blocked.written);
    EXPECT_EQ(blocked.problems.size(), 1u);
    EXPECT_EQ(blocked.warnings.size(), 2u);
    ImportOptions skip;
    skip.skip_invalid = true;
    const auto report = import(feed, skip);
    EXPECT_TRUE(report.written);
    EXPECT_EQ(report.warnings, (Lines{where() + "url: \"www.a.example.org\" has no https:// or "
                                                "http:// at the start; it was repaired to "
                                                "\"https://www.a.example.org\""}));
    EXPECT_EQ(change_summary(report, false), "Repaired 1 value: 1 service.url (scheme added).");
}

TEST_F(ImportRepairs, ReimportingTheSameFeedChangesNothingAndRepairsAgain) {
    const auto feed = R"({"id":")" + kService + R"(","name":"Play","status":"active",
        "url":"http:www.play.example.org","email":"x@example.org.",
        "organization":{"id":")" +
                      kOrg + R"(","name":"Org","url":"Motor Neurone"}})";
    const auto first = import(feed);
    EXPECT_TRUE(first.changed);
    const auto again = import(feed);
    EXPECT_FALSE(again.changed);
    EXPECT_EQ(again.warnings, first.warnings);
    EXPECT_EQ(change_summary(again, false),
              "Repaired 2 values: 1 service.email (trailing dot removed), 1 service.url (// added "
              "after the scheme). Dropped 1 value: 1 organization.url (not a web address).");
}

// import hsds and import csv fill a Batch themselves; the same pass mends it in apply().
TEST_F(ImportRepairs, TabularBatchesGetTheSameRepairs) {
    Batch batch;
    auto o = testing::make_organisation({.id = kOrg});
    o.url = "example.org.uk";
    o.email = "\xC2\xA0info@example.org.uk";
    batch.organisations.push_back(o);
    batch.where["organisation:" + kOrg] = "organizations.csv line 2 (id 7)";
    auto s = testing::make_service({.id = kService, .organisation_id = kOrg});
    s.email = "play@example.org.";
    s.contacts[0].phones[0].number = "0186 5X";
    batch.services.push_back(s);
    batch.where["service:" + kService] = "services.csv line 2 (id 9)";
    ImportOptions options;
    options.source = "import:hsds:x";
    const auto report = apply(*store_, batch, options);
    EXPECT_EQ(report.problems, Lines{});
    EXPECT_EQ(
        report.warnings,
        (Lines{
            "organizations.csv line 2 (id 7): organization.url: \"example.org.uk\" has no "
            "https:// or http:// at the start; it was repaired to \"https://example.org.uk\"",
            "organizations.csv line 2 (id 7): organization.email: \"\xC2\xA0info@example.org.uk\" "
            "has spaces around it; it was repaired to \"info@example.org.uk\"",
            "services.csv line 2 (id 9): email: \"play@example.org.\" ends with a dot after "
            "the domain; it was repaired to \"play@example.org\"",
            "services.csv line 2 (id 9): contacts[0].phones[0].number: \"0186 5X\" is not a "
            "phone number" +
                kLeftOut}));
    EXPECT_EQ(store_->services().find(kService)->contacts.at(0).name, "Admin team");
}

// Open Referral has no urgent-help field: a feed imported again must not wipe what an editor wrote.
TEST_F(ImportRepairs, AFeedImportedAgainKeepsTheUrgentHelpEditorsWrote) {
    const auto feed = R"([{"id":")" + kService + R"(","name":"Crisis line","status":"active",
        "organization":{"id":")" +
                      kOrg + R"(","name":"Org"}}])";
    ASSERT_EQ(import(feed).problems, Lines{});
    auto s = *store_->services().find(kService);
    s.urgent_help = "If a life is at risk, phone 999.";
    store_->services().save(s);
    ASSERT_EQ(import(feed).problems, Lines{});
    EXPECT_EQ(store_->services().find(kService)->urgent_help, "If a life is at risk, phone 999.");
}

}  // namespace
}  // namespace lo::interchange
