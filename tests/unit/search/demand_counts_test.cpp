// Demand counts (issue 19, docs/search.md "Search counts"): each search adds what it asked about to
// the day's counts by search word id, top-level need and category code, gazetteer area and age
// band, with a zero: twin when it found nothing; the checker adds its own. Never the words typed.
#include "search/demand_counts.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <ctime>
#include <set>

#include "app/seed.hpp"
#include "domain/age_bands.hpp"
#include "fixtures/builders.hpp"
#include "search/engine.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::search {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;
using Counts = std::map<std::string, std::int64_t>;

const Point kBicester{51.8998, -1.1537};      // in the Oxfordshire area
const Point kOxfordStaffs{53.0786, -2.1881};  // in none of the areas

std::string today() {
    char day[16];
    const auto now = std::time(nullptr);
    std::strftime(day, sizeof day, "%Y-%m-%d", std::gmtime(&now));
    return day;
}

bool demand_metric(const std::string& metric) {
    for (const char* prefix : {"concept:", "zero:", "need_demand:", "category_demand:", "area:",
                               "need_area:", "age_band:", "checker:"})
        if (metric.rfind(prefix, 0) == 0) return true;
    return false;
}

// The real taxonomies, demo services, search words and gazetteer, and a fresh service (and
// so fresh counts) for every test.
class DemandCounts : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = storage::sqlite::open_store(dir_.str());
        app::load_taxonomies(*store_,
                             (testing::source_dir() / "db/seeds/taxonomies.json").string());
        app::load_demo(*store_, (testing::source_dir() / "demo").string());
        service_ = std::make_unique<SearchService>(
            *store_,
            SearchOptions{dir_.str(),
                          (testing::source_dir() / "db/seeds/send-synonyms.tsv").string(),
                          (testing::source_dir() / "db/seeds/gazetteer").string(),
                          (testing::source_dir() / "db/seeds/everyday-words.tsv").string()});
        service_->sync();
    }
    std::shared_ptr<const SearchAnswer> ask(const Query& q) {
        return service_->answer(parse_search_params(q));
    }
    // The demand metrics written for today (the other counts left out).
    Counts demand() {
        service_->flush_counts();
        Counts out;
        for (const auto& [metric, n] : service_->tables().daily_counts(today()))
            if (demand_metric(metric)) out[metric] = n;
        return out;
    }
    std::string id_of(domain::WordList list, const std::string& term) {
        const auto word = store_->search_words().find_term(list, term);
        EXPECT_TRUE(word) << term;
        return word ? std::to_string(word->id) : "?";
    }
    std::string send_id(const std::string& term) { return id_of(domain::WordList::Send, term); }

    testing::TempDir dir_;
    std::unique_ptr<storage::Store> store_;
    std::unique_ptr<SearchService> service_;
};

TEST_F(DemandCounts, ARecognisedAcronymCountsItsWordIdAndItsNeed) {
    ASSERT_FALSE(ask({{"q", "SEMH"}})->zero_results);
    EXPECT_EQ(demand(), (Counts{{"concept:" + send_id("SEMH"), 1}, {"need_demand:semh", 1}}));
}

TEST_F(DemandCounts, AChildNeedCodeCountsItsTopLevelNeedOnce) {
    // "autism" the word (need:communication-interaction) and autism the filter: one need.
    ASSERT_FALSE(ask({{"q", "autism"}, {"need", "autism"}})->zero_results);
    // A child category code counts its top-level code; a word whose category is not a
    // top-level code ("physio": therapy) counts no category.
    ASSERT_FALSE(ask({{"q", "physio"}, {"category", "physiotherapy"}})->zero_results);
    EXPECT_EQ(demand(), (Counts{{"concept:" + send_id("autism"), 1},
                                {"need_demand:communication-interaction", 1},
                                {"concept:" + send_id("physio"), 1},
                                {"category_demand:health", 1}}));
}

TEST_F(DemandCounts, MergedSearchWordsCountTheFirstEntrysId) {
    // The same term in the everyday list is merged into the SEND list's entry (read first).
    domain::SearchWord everyday;
    everyday.list = domain::WordList::Everyday;
    everyday.term = "respite";
    everyday.expansions = {"respite care"};
    const auto everyday_id = store_->search_words().add(everyday);
    ASSERT_NE(std::to_string(everyday_id), send_id("respite"));
    ASSERT_FALSE(ask({{"q", "respite"}})->zero_results);
    // Its category, social-care, is a top-level code of the categories.
    EXPECT_EQ(demand(),
              (Counts{{"concept:" + send_id("respite"), 1}, {"category_demand:social-care", 1}}));
}

TEST_F(DemandCounts, APlaceCountsTheAreasItIsIn) {
    ASSERT_FALSE(ask({{"need", "autism"}, {"location", "Bicester"}})->zero_results);
    // In no area (services elsewhere are still listed, so not a zero).
    ASSERT_FALSE(ask({{"need", "adhd"}, {"location", "Oxford, Staffordshire"}})->zero_results);
    ask({{"q", "speech therapy in Bicester"}});  // the place from the words
    ask({{"location", "Kensington"}});           // in two areas' circles
    ask({{"location", "Qwxzton"}});              // not found: no area
    EXPECT_EQ(demand(), (Counts{{"need_demand:communication-interaction", 1},
                                {"area:Oxfordshire", 2},
                                {"need_area:communication-interaction|Oxfordshire", 1},
                                {"need_demand:semh", 1},
                                {"area:-", 1},
                                {"need_area:semh|-", 1},
                                {"concept:" + send_id("speech therapy"), 1},
                                {"area:Kensington and Chelsea", 1},
                                {"area:Westminster", 1}}));
}

TEST_F(DemandCounts, AnAgeCountsItsBand) {
    ask({{"age", "7"}});
    ask({{"q", "swimming for my 7 year old"}});
    ask({{"age", "19"}});
    SearchParams thirty;  // the age filter stops at 25; a caller may still pass more
    thirty.age = 30;
    service_->answer(thirty);
    ask({{"q", "swimming for my 30 year old"}});  // not taken from the words: over 25
    const auto counts = demand();
    EXPECT_EQ(counts.at("age_band:5-10"), 2);
    EXPECT_EQ(counts.at("age_band:19-25"), 1);
    EXPECT_EQ(counts.at("age_band:over-25"), 1);
    std::int64_t bands = 0;
    for (const auto& [metric, n] : counts)
        if (metric.rfind("age_band:", 0) == 0) bands += n;
    EXPECT_EQ(bands, 4);
}

TEST_F(DemandCounts, ASearchThatFoundNothingCountsEachDemandTwice) {
    SearchParams p = parse_search_params({{"q", "autism zzqxv"}, {"location", "Bicester"}});
    p.as_typed = true;  // "zzqxv" is not corrected into a real word
    const auto answer = service_->answer(p);
    ASSERT_TRUE(answer->zero_results) << answer->body.substr(0, 300);
    const auto autism = "concept:" + send_id("autism");
    EXPECT_EQ(demand(), (Counts{{autism, 1},
                                {"zero:" + autism, 1},
                                {"need_demand:communication-interaction", 1},
                                {"zero:need_demand:communication-interaction", 1},
                                {"area:Oxfordshire", 1},
                                {"zero:area:Oxfordshire", 1},
                                {"need_area:communication-interaction|Oxfordshire", 1},
                                {"zero:need_area:communication-interaction|Oxfordshire", 1}}));
}

TEST_F(DemandCounts, AnAnswerFromTheCacheCountsTheSame) {
    const auto first = ask({{"q", "SEMH"}, {"location", "Bicester"}, {"age", "4"}});
    const auto again = ask({{"q", "SEMH"}, {"location", "Bicester"}, {"age", "4"}});
    ASSERT_EQ(first, again) << "answered from the cache";
    EXPECT_EQ(demand(), (Counts{{"concept:" + send_id("SEMH"), 2},
                                {"need_demand:semh", 2},
                                {"area:Oxfordshire", 2},
                                {"need_area:semh|Oxfordshire", 2},
                                {"age_band:0-4", 2}}));
}

TEST_F(DemandCounts, CheckerRunsCountTheirBandNeedsAreaAndNothingLikely) {
    service_->count_checker(
        {7, {"autism", "speech-language-communication", "adhd"}, kBicester, true});
    service_->count_checker({30, {}, kOxfordStaffs, false});
    EXPECT_EQ(demand(), (Counts{{"checker:runs", 2},
                                {"checker:need:communication-interaction", 1},
                                {"checker:need:semh", 1},
                                {"checker:age_band:5-10", 1},
                                {"checker:age_band:over-25", 1},
                                {"checker:area:Oxfordshire", 1},
                                {"checker:area:-", 1},
                                {"checker:zero", 1}}));
    // Not counted as searches.
    EXPECT_EQ(service_->tables().daily_counts(today()).count("searches"), 0u);
}

// Every row of the table, every day.
std::vector<std::string> every_metric(const std::string& database) {
    static constexpr char kAll[] = "SELECT day, metric, count FROM search_daily_counts";
    storage::sqlite::Connection db(database);
    std::vector<std::string> out;
    auto& st = db.prepare(kAll);
    while (st.step()) out.push_back(st.text(1));
    st.reset();
    return out;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

TEST_F(DemandCounts, NoMetricHoldsAnythingTyped) {
    const std::vector<std::string> typed = {"zqxj purple elephant 12345", "Plumbleford Wix",
                                            "zqxj purple elephant 12345 autism", "Bicester"};
    ask({{"q", typed[0]}});
    ask({{"q", typed[0]}, {"location", typed[1]}, {"age", "9"}});
    ask({{"q", typed[2]}, {"location", typed[3]}, {"need", "autism"}});
    ask({{"q", "zqxj purple elephant 12345 in Bicester"}});
    service_->flush_counts();
    const auto metrics = every_metric((dir_.path() / storage::sqlite::kDatabaseFile).string());
    ASSERT_FALSE(metrics.empty());

    // The only parts a metric may have: the metrics' own names, search word ids, taxonomy
    // codes, gazetteer area names, age bands and the filter values given.
    std::set<std::string> known = {"searches",
                                   "zero_results",
                                   "weak_matches",
                                   "with_keywords",
                                   "location_not_found",
                                   "suggestion_offered",
                                   "filter",
                                   "location",
                                   "age",
                                   "need",
                                   "concept",
                                   "zero",
                                   "need_demand",
                                   "category_demand",
                                   "area",
                                   "need_area",
                                   "age_band",
                                   "-"};
    for (const auto& w : store_->search_words().all()) known.insert(std::to_string(w.id));
    for (const auto& t : store_->taxonomies().taxonomies())
        for (const auto& term : store_->taxonomies().terms(t.id)) known.insert(term.code);
    for (const auto& a : service_->tables().areas()) known.insert(a.name);
    for (const auto& b : domain::kAgeBands) known.insert(std::string(b.code));
    known.insert("over-25");
    for (const auto& metric : metrics) {
        std::size_t from = 0;
        while (from <= metric.size()) {
            const auto end = metric.find_first_of(":|", from);
            const auto part = metric.substr(from, end == std::string::npos ? end : end - from);
            EXPECT_TRUE(known.count(part)) << "\"" << part << "\" in " << metric;
            if (end == std::string::npos) break;
            from = end + 1;
        }
        for (const auto& text : typed) {
            for (const auto& word : tokenize(text)) {
                if (word.lower == "autism") continue;  // a need code, given as a filter too
                EXPECT_EQ(lower(metric).find(word.lower), std::string::npos)
                    << word.lower << " in " << metric;
            }
        }
    }
}

}  // namespace
}  // namespace lo::search
