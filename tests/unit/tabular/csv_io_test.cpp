// The spreadsheet set: what export csv writes, import csv reads back without loss, and a broken
// file is refused with a message that says what to fix.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/ids.hpp"
#include "fixtures/builders.hpp"
#include "interchange/csv_io.hpp"

namespace lo::interchange {
namespace {

using namespace lo::testing;
namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

class CsvSet : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = storage::sqlite::open_store(data_.str());
        auto o = make_organisation();
        o.phone = "01865 123456";
        o.source = "admin";  // every stored record has a source; the set carries it
        store_->organisations().save(o);
        auto l = make_location();
        l.source = "demo";
        store_->locations().save(l);
        auto abroad = make_location({.name = "Miami hall", .postcode = "33157"});
        abroad.country = "US";
        abroad.source = "import:hsds:miami";
        abroad.latitude = 25.6;
        abroad.longitude = -80.3;
        store_->locations().save(abroad);
        const domain::Taxonomy t{domain::new_uuid(), "tabular", "Tabular", "For, tests", "", "1"};
        store_->taxonomies().save_taxonomy(t);
        const domain::TaxonomyTerm parent{domain::new_uuid(),  t.id, "", "a",
                                          "A \"quoted\" term", "",   2};
        store_->taxonomies().save_term(parent);
        const domain::TaxonomyTerm child{domain::new_uuid(), t.id, parent.id, "b", "B", "", 0};
        store_->taxonomies().save_term(child);
        service_ = make_service({.organisation_id = o.id,
                                 .location_ids = {l.id, abroad.id},
                                 .term_ids = {child.id, parent.id}});
        service_.free = false;
        service_.source = "admin";
        service_.costs = {{"", "Per session", 12.5, "Paid, on the day"}};
        service_.how_to_access = {"Step one, with a comma", "Step \"two\""};
        service_.urgent_help = "Phone 999 now.";
        store_->services().save(service_);
        store_->services().set_last_modified(service_.id, "2025-01-31T09:30:00Z");
    }

    TempDir data_, out_;
    std::unique_ptr<storage::Store> store_;
    domain::Service service_;
};

TEST_F(CsvSet, ExportThenImportReadsEveryFieldBack) {
    export_csv_dir(*store_, out_.str());
    for (const auto& f : csv_files()) EXPECT_TRUE(fs::exists(out_.path() / f.name)) << f.name;
    EXPECT_TRUE(slurp(out_.path() / "services.csv").starts_with("\xEF\xBB\xBFid,organisation_id,"));
    Batch batch;
    read_csv_dir(out_.str(), batch);
    ASSERT_TRUE(batch.problems.empty()) << batch.problems.front().text();
    ASSERT_EQ(batch.services.size(), 1u);
    auto read = batch.services[0];
    auto stored = *store_->services().find(service_.id);
    EXPECT_EQ(batch.service_last_modified[read.id], stored.last_modified);
    read.last_modified = stored.last_modified;
    EXPECT_EQ(read, stored);
    auto locations = store_->locations().list({.limit = 10, .offset = 0});
    ASSERT_EQ(batch.locations.size(), 2u);
    for (auto& l : batch.locations) {
        const auto original = *store_->locations().find(l.id);
        l.last_modified = original.last_modified;
        EXPECT_EQ(l, original);
    }
}

TEST_F(CsvSet, ARoundTripThroughAnEmptyStoreGivesIdenticalFiles) {
    export_csv_dir(*store_, out_.str());
    TempDir other_data, again;
    auto other = storage::sqlite::open_store(other_data.str());
    Batch batch;
    read_csv_dir(out_.str(), batch);
    const auto report = apply(*other, batch, {.source = "import:csv:test"});
    ASSERT_TRUE(report.problems.empty()) << report.problems.front();
    export_csv_dir(*other, again.str());
    for (const auto& f : csv_files())
        EXPECT_EQ(slurp(again.path() / f.name), slurp(out_.path() / f.name)) << f.name;
}

// urgent_help came after the set was first published: a file without the column (an older
// export, or a spreadsheet made from one) imports, and services keep what editors wrote; a file
// with it sets it, an empty cell included.
TEST_F(CsvSet, AnOlderSetWithoutUrgentHelpKeepsWhatEditorsWrote) {
    export_csv_dir(*store_, out_.str());
    const auto path = out_.path() / "services.csv";
    auto text = slurp(path);
    ASSERT_NE(text.find(",urgent_help\r\n"), std::string::npos);
    const auto without = [](std::string t, const std::string& what) {
        for (auto at = t.find(what); at != std::string::npos; at = t.find(what))
            t.erase(at, what.size());
        return t;
    };
    std::ofstream(path, std::ios::binary)
        << without(without(text, ",urgent_help"), ",Phone 999 now.");
    Batch older;
    read_csv_dir(out_.str(), older);
    ASSERT_TRUE(older.problems.empty()) << older.problems.front().text();
    EXPECT_FALSE(older.has_urgent_help);
    ASSERT_TRUE(apply(*store_, older, {.source = "import:csv:test"}).problems.empty());
    EXPECT_EQ(store_->services().find(service_.id)->urgent_help, "Phone 999 now.");

    std::ofstream(path, std::ios::binary)
        << without(text, "Phone 999 now.");  // the column is there, its cell empty
    Batch cleared;
    read_csv_dir(out_.str(), cleared);
    EXPECT_TRUE(cleared.has_urgent_help);
    ASSERT_TRUE(apply(*store_, cleared, {.source = "import:csv:test"}).problems.empty());
    EXPECT_EQ(store_->services().find(service_.id)->urgent_help, "");
}

TEST_F(CsvSet, WrongColumnsAndMissingFilesStopTheImport) {
    export_csv_dir(*store_, out_.str());
    std::ofstream(out_.path() / "costs.csv", std::ios::binary)
        << "id,service_id,option,price,amount_description,colour\r\n";
    fs::remove(out_.path() / "languages.csv");
    try {
        Batch batch;
        read_csv_dir(out_.str(), batch);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "costs.csv line 1: the column amount is missing; the columns \"price\", "
                  "\"colour\" are not part of the set. The header row must be: "
                  "id,service_id,option,amount,amount_description\n"
                  "  languages.csv: the file is missing. Keep all 14 files of the set together; a "
                  "file with only its header row means there are none\n"
                  "Nothing was imported.");
    }
}

}  // namespace
}  // namespace lo::interchange
