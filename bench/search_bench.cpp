// In-process search latency for a fixed query mix (bench/README.md). Opens an existing data
// folder (made by bench/run.sh), runs each query of each group many times and prints p50/p99.
// usage: search_bench DATA_DIR SHARE_DIR [ROUNDS] [--reference] [--answer-cache]
// (--reference: word matching by one full Xapian match, the design before the bitmap cache;
// --answer-cache: keep the answer cache on, so repeated searches are answered from it. Without
// it every search is worked out, which is what these figures are about.)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "search/engine.hpp"
#include "search/params.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

struct Group {
    const char* name;
    std::vector<Query> queries;
};

std::vector<Group> query_mix() {
    const char* words[] = {"speech therapy", "autism",   "camhs",  "short breaks",
                           "wheelchair",     "dyslexia", "physio", "mental health"};
    const char* places[] = {"OX3 9DU", "OX26", "E17 4JU", "W2 1NY"};
    Group keyword{"keyword only", {}}, filtered{"keyword + filters", {}},
        placed{"keyword + postcode, by distance", {}}, filters{"filters only", {}};
    for (int i = 0; i < 8; ++i) {
        keyword.queries.push_back({{"q", words[i]}});
        filtered.queries.push_back(
            {{"q", words[i]}, {"age", std::to_string(2 + i)}, {"access", i % 2 ? "self" : "gp"}});
        placed.queries.push_back({{"q", words[i]}, {"location", places[i % 4]}});
    }
    filters.queries = {{{"category", "health"}, {"age", "4"}},
                       {{"need", "autism"}, {"free", "1"}},
                       {{"category", "speech-and-language-therapy"}},
                       {{"need", "adhd"}, {"access", "self"}, {"age", "12"}},
                       {{"category", "leisure-and-short-breaks"}, {"mode", "online"}},
                       {{"need", "hearing"}},
                       {{"category", "education"}, {"age", "16"}},
                       {{"need", "physical"}, {"category", "health"}}};
    return {keyword, filtered, placed, filters};
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: search_bench DATA_DIR SHARE_DIR [ROUNDS]\n");
        return 2;
    }
    const std::string data = argv[1], share = argv[2];
    const int rounds = argc > 3 ? std::stoi(argv[3]) : 50;
    auto store = lo::storage::sqlite::open_store(data);
    lo::search::SearchService search(
        *store, {data, share + "/db/seeds/send-synonyms.tsv", share + "/db/seeds/gazetteer"});
    search.sync();
    search.set_answer_cache(false);
    for (int i = 4; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--reference") search.index().set_fast_words(false);
        if (flag == "--answer-cache") search.set_answer_cache(true);
    }
    std::printf("%-34s %8s %8s %8s %8s %8s\n", "query group", "p50 ms", "p99 ms", "mean ms",
                "first ms", "results");
    for (const auto& group : query_mix()) {
        std::vector<double> times;
        double total_results = 0;
        // "first": the first time each query is asked since the index was opened (its words'
        // bitmaps and ranking not yet cached), as the mean over the group. Then a second
        // warm-up round; the timed rounds follow.
        double first = 0;
        for (const auto& q : group.queries) {
            const auto params = lo::search::parse_search_params(q);
            const auto start = std::chrono::steady_clock::now();
            search.answer(params);
            first +=
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
        }
        for (const auto& q : group.queries) search.answer(lo::search::parse_search_params(q));
        for (int r = 0; r < rounds; ++r) {
            for (const auto& q : group.queries) {
                const auto params = lo::search::parse_search_params(q);
                const auto start = std::chrono::steady_clock::now();
                const auto answer = search.answer(params);  // what /api/search sends
                const auto end = std::chrono::steady_clock::now();
                times.push_back(std::chrono::duration<double, std::milli>(end - start).count());
                if (r == 0) total_results += answer->response().value("total", 0.0);
            }
        }
        double sum = 0;
        for (double t : times) sum += t;
        std::printf("%-34s %8.3f %8.3f %8.3f %8.3f %8.0f\n", group.name, percentile(times, 0.50),
                    percentile(times, 0.99), sum / static_cast<double>(times.size()),
                    first / static_cast<double>(group.queries.size()),
                    total_results / static_cast<double>(group.queries.size()));
    }
    return 0;
}
