// Prints the JSON answer of a broad, fixed set of searches, one per line, so two builds can be
// compared (a behaviour check for performance work: the output must not change).
// usage: search_dump DATA_DIR SHARE_DIR [--reference] > answers.jsonl
// (--reference: word matching by one full Xapian match instead of the cached bitmaps)
#include <cstdio>
#include <string>
#include <vector>

#include "search/engine.hpp"
#include "search/params.hpp"
#include "storage/sqlite/sqlite_store.hpp"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: search_dump DATA_DIR SHARE_DIR\n");
        return 2;
    }
    const std::string data = argv[1], share = argv[2];
    auto store = lo::storage::sqlite::open_store(data);
    lo::search::SearchService search(
        *store, {data, share + "/db/seeds/send-synonyms.tsv", share + "/db/seeds/gazetteer"});
    search.sync();
    search.set_answer_cache(false);  // every answer worked out
    if (argc > 3 && std::string(argv[3]) == "--reference") search.index().set_fast_words(false);
    using Query = std::vector<std::pair<std::string, std::string>>;
    std::vector<Query> queries;
    const char* words[] = {"speech therapy",
                           "autism",
                           "camhs",
                           "short breaks",
                           "wheelchair",
                           "dyslexia",
                           "physio",
                           "mental health",
                           "dyslex",
                           "fysio",
                           "ADD",
                           "support for my 4 year old",
                           "zzzqqq",
                           "therapy xyzzyq",
                           "autism OX26",
                           "",
                           "the",
                           "what is there",
                           "speech and language"};
    const char* places[] = {"", "OX3 9DU", "OX26", "E17 4JU", "W2 1NY", "Oxford", "OX99 9ZZ"};
    const Query extras[] = {{},
                            {{"age", "4"}},
                            {{"age", "12"}, {"access", "self"}},
                            {{"category", "health"}},
                            {{"category", "health"}, {"category", "education"}, {"free", "1"}},
                            {{"need", "autism"}, {"mode", "online"}, {"day", "MO"}},
                            {{"need", "adhd"}, {"need", "autism"}, {"access", "gp"}, {"page", "2"}},
                            {{"radius", "3"}},
                            {{"radius", "10"}, {"category", "health"}, {"page", "3"}},
                            {{"day", "SA"}, {"per_page", "50"}},
                            {{"page", "99"}}};
    for (const char* w : words)
        for (const char* p : places)
            for (const auto& e : extras) {
                Query q = e;
                if (*w) q.push_back({"q", w});
                if (*p) q.push_back({"location", p});
                queries.push_back(q);
            }
    for (const auto& q : queries) {
        std::string key;
        for (const auto& [k, v] : q) key += k + "=" + v + "&";
        try {
            auto r = search.search(lo::search::parse_search_params(q));
            std::printf("%s\t%s\n", key.c_str(), r.dump().c_str());
        } catch (const std::exception& e) {
            std::printf("%s\terror: %s\n", key.c_str(), e.what());
        }
    }
    return 0;
}
