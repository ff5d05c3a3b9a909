// The HSDS package mapper: tables joined into services, ids made stable UUIDs, messy text
// repaired, and every problem reported with file, line and field.
#include "interchange/hsds_import.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "domain/ids.hpp"
#include "fixtures/builders.hpp"
#include "interchange/repair.hpp"

namespace lo::interchange {
namespace {

using lo::testing::TempDir;

void write(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

// A small package shaped like Open211 Miami: files under data/, paths in datapackage.json.
void package(const std::filesystem::path& dir) {
    write(dir / "datapackage.json", R"({"name":"test","resources":[
        {"name":"organization","path":"organizations.csv"},
        {"name":"service","path":"services.csv"},
        {"name":"location","path":"locations.csv"},
        {"name":"service_at_location","path":"services_at_location.csv"},
        {"name":"physical_address","path":"physical_addresses.csv"},
        {"name":"phone","path":"phones.csv"},
        {"name":"contact","path":"contacts.csv"},
        {"name":"regular_schedule","path":"regular_schedules.csv"},
        {"name":"language","path":"languages.csv"},
        {"name":"taxonomy","path":"taxonomy.csv"},
        {"name":"service_taxonomy","path":"services_taxonomy.csv"},
        {"name":"service_area","path":"service_areas.csv"},
        {"name":"program","path":"programs.csv"}]})");
    const auto d = dir / "data";
    write(d / "organizations.csv",
          "id,name,description,email,url\r\n7,\"Scouts, Inc.\",Girls GÇÖ club\\n\\n###MON###,"
          "a@b.org,www.scouts.org\r\n");
    write(d / "services.csv",
          "id,organization_id,name,description,url,email,status,application_process,wait_time,"
          "fees\n7,7,Girl Scouts,\"Line one\\nLine two\",,,,Call us\\nVisit,,None\n");
    write(d / "locations.csv", "id,organization_id,name,latitude,longitude\n7,7,Hall,25.6,-80.3\n");
    write(d / "services_at_location.csv", "id,service_id,location_id\n7,7,7\n");
    write(d / "physical_addresses.csv",
          "id,location_id,address_1,city,state_province,postal_code,country\n"
          "7,7,1 Main St,Miami,FL ,33157,   \n");
    write(d / "phones.csv",
          "id,location_id,service_id,contact_id,number,extension\n7,7,7,,305-253-4841,12\n");
    write(d / "contacts.csv", "id,service_id,name,title,email\n7,7,Ann Lee,CEO,ann@b.org\n");
    write(d / "regular_schedules.csv",
          "id,service_id,weekday,opens_at,closes_at\n,7,Monday,9:00am,5:00pm\n"
          ",7,Tuesday,9:00am,5:00pm\n,7,Saturday,10:00am,12:30pm\n");
    write(d / "languages.csv", "id,service_id,language\n7,7,English\n7,7,Spanish\n");
    write(d / "taxonomy.csv",
          "id,name,parent_id,parent_name,vocabulary\nL,Health Care,,,AIRS\n"
          "LH-3000,Health Insurance,L,Health Care,AIRS\n");
    write(d / "services_taxonomy.csv", "id,service_id,taxonomy_id\n1,7,LH-3000\n");
}

TEST(HsdsText, RepairsRealExports) {
    EXPECT_EQ(hsds_text("Girls GÇÖ club\\n\\nMore###MON###  "), "Girls \u2019 club\n\nMore");
    EXPECT_EQ(hsds_text("  a\\n\\n\\n\\nb "), "a\n\nb");
    EXPECT_EQ(hsds_text("keep ### this"), "keep ### this");
    EXPECT_EQ(hsds_text("a\r\nb"), "a\nb");
}

TEST(HsdsTime, TwelveAndTwentyFourHourClocks) {
    EXPECT_EQ(hsds_time("9:00am"), "09:00");
    EXPECT_EQ(hsds_time("12:30pm"), "12:30");
    EXPECT_EQ(hsds_time("12:00am"), "00:00");
    EXPECT_EQ(hsds_time("5:00 PM"), "17:00");
    EXPECT_EQ(hsds_time("17:30:00"), "17:30");
    EXPECT_EQ(hsds_time("noon"), "");
    EXPECT_EQ(hsds_time("13:00pm"), "");
    EXPECT_EQ(hsds_time("25:00"), "");
}

TEST(HsdsCountry, UkIsEmptyOthersAreCodes) {
    EXPECT_EQ(hsds_country("GB"), "");
    EXPECT_EQ(hsds_country("United Kingdom"), "");
    EXPECT_EQ(hsds_country("US "), "US");
    EXPECT_EQ(hsds_country("usa"), "US");
}

TEST(HsdsImport, JoinsTheTablesIntoServices) {
    TempDir dir;
    package(dir.path());
    Batch batch;
    read_hsds(dir.str(), {"import:hsds:test", "US"}, batch);
    ASSERT_TRUE(batch.problems.empty()) << batch.problems.front().text();
    ASSERT_EQ(batch.services.size(), 1u);
    ASSERT_EQ(batch.organisations.size(), 1u);
    ASSERT_EQ(batch.locations.size(), 1u);
    const auto& o = batch.organisations[0];
    EXPECT_EQ(o.name, "Scouts, Inc.");
    EXPECT_EQ(o.description, "Girls \u2019 club");
    EXPECT_EQ(o.url, "www.scouts.org");  // as it came: repair() mends it, and says so
    const auto& s = batch.services[0];
    EXPECT_TRUE(domain::is_uuid(s.id));
    EXPECT_EQ(s.id, domain::derived_uuid("import:hsds:test", "service/7"));
    EXPECT_EQ(s.organisation_id, o.id);
    EXPECT_NE(s.id, o.id);  // the same HSDS id in different tables is a different record
    EXPECT_EQ(s.description, "Line one\nLine two");
    EXPECT_EQ(s.how_to_access, (std::vector<std::string>{"Call us", "Visit"}));
    EXPECT_TRUE(s.free);  // fees "None"
    EXPECT_EQ(s.location_ids, std::vector<std::string>{batch.locations[0].id});
    ASSERT_EQ(s.contacts.size(), 2u);  // the service's own numbers first, then Ann Lee
    EXPECT_EQ(s.contacts[0].phones.at(0).number, "305-253-4841");
    EXPECT_EQ(s.contacts[0].phones.at(0).description, "extension 12");
    EXPECT_EQ(s.contacts[1].name, "Ann Lee");
    EXPECT_EQ(s.contacts[1].emails, std::vector<std::string>{"ann@b.org"});
    ASSERT_EQ(s.schedules.size(), 2u);
    EXPECT_EQ(s.schedules[0].days,
              (std::vector<domain::Weekday>{domain::Weekday::Monday, domain::Weekday::Tuesday}));
    EXPECT_EQ(s.schedules[0].opens_at, "09:00");
    EXPECT_EQ(s.schedules[0].closes_at, "17:00");
    EXPECT_EQ(s.schedules[1].closes_at, "12:30");
    ASSERT_EQ(s.languages.size(), 2u);
    const auto& l = batch.locations[0];
    EXPECT_EQ(l.country, "US");
    EXPECT_EQ(l.county, "FL");
    EXPECT_EQ(l.postcode, "33157");
    EXPECT_EQ(*l.latitude, 25.6);
    ASSERT_EQ(batch.terms.size(), 2u);
    EXPECT_EQ(batch.terms[1].parent_id, batch.terms[0].id);
    EXPECT_EQ(batch.terms[1].code, "lh-3000");
    EXPECT_EQ(s.term_ids, std::vector<std::string>{batch.terms[1].id});
    ASSERT_EQ(batch.taxonomies.size(), 1u);
    EXPECT_EQ(batch.taxonomies[0].name, "AIRS");
    // service_areas.csv is listed but absent, and the status column is blank: both are noted.
    // (programs.csv is absent too, but it is not a table we read.)
    ASSERT_EQ(batch.notes.size(), 2u) << batch.notes.front();
    EXPECT_EQ(batch.notes[0],
              "datapackage.json lists files that are not in the package (service_areas.csv); they "
              "were treated as empty");
    repair(batch);
    EXPECT_EQ(batch.organisations[0].url, "https://www.scouts.org");
    ASSERT_EQ(batch.changes.size(), 1u);
    EXPECT_EQ(batch.changes[0].text(),
              "organizations.csv line 2 (id 7): organization.url: \"www.scouts.org\" has no "
              "https:// or http:// at the start; it was repaired to \"https://www.scouts.org\"");
}

TEST(HsdsImport, ProblemsNameFileLineAndField) {
    TempDir dir;
    package(dir.path());
    write(dir.path() / "data" / "regular_schedules.csv",
          "id,service_id,weekday,opens_at,closes_at\n,7,Funday,9:00am,5:00pm\n,99,Monday,9,17\n"
          ",7,Monday,noon,5pm\n");
    Batch batch;
    read_hsds(dir.str(), {"ns", ""}, batch);
    std::vector<std::string> texts;
    for (const auto& p : batch.problems) texts.push_back(p.text());
    EXPECT_EQ(texts, (std::vector<std::string>{
                         "regular_schedules.csv line 2: weekday: \"Funday\" is not a day. Use "
                         "Monday to Sunday, or 1 (Monday) to 7",
                         "regular_schedules.csv line 3: service_id: no service in the package has "
                         "the id 99",
                         "regular_schedules.csv line 4: opens_at: \"noon\" is not a time. Use "
                         "9:00am, 17:30 or 17:30:00"}));
}

TEST(HsdsImport, UnreadablePackagesSayWhy) {
    TempDir dir;
    try {
        Batch batch;
        read_hsds(dir.str(), {"ns", ""}, batch);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("There is no datapackage.json in"), std::string::npos);
    }
    package(dir.path());
    write(dir.path() / "data" / "services.csv", "id,title\n1,x\n");
    try {
        Batch batch;
        read_hsds(dir.str(), {"ns", ""}, batch);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "services.csv line 1: the header has no organization_id, name columns, which "
                  "HSDS requires. Check the first row of the file\nNothing was imported.");
    }
}

}  // namespace
}  // namespace lo::interchange
