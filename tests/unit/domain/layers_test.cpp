// The arrows of docs/architecture.md, read from the source: each folder under src/ includes only
// the folders below it. domain/ and http/ stand alone; storage/ knows the domain and nothing of
// auth/ or mail/ (their records live in domain/); only the composition root (app/) and the SQLite
// code itself reach into storage/sqlite/, apart from the places issue 17 still has to move.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

const fs::path kSource = fs::path(LOCALOFFER_SOURCE_DIR) / "src";

// What each folder may include, itself included.
const std::map<std::string, std::set<std::string>> kAllowed = {
    {"domain", {"domain"}},
    {"http", {"http"}},
    {"views", {"views"}},
    {"storage", {"storage", "domain"}},
    {"auth", {"auth", "storage", "domain"}},
    {"mail", {"mail", "storage", "domain"}},
    {"search", {"search", "storage", "domain"}},
    {"interchange", {"interchange", "storage", "domain"}},
    {"insights", {"insights", "storage", "domain"}},
    {"reviews", {"reviews", "auth", "mail", "storage", "domain"}},
    {"web",
     {"web", "views", "http", "auth", "mail", "reviews", "search", "insights", "interchange",
      "storage", "domain"}},
    {"api", {"api", "web", "http", "interchange", "search", "domain"}},
    {"app",
     {"app", "api", "web", "views", "http", "auth", "mail", "reviews", "search", "interchange",
      "storage", "domain"}},
};

// Files outside storage/sqlite and app/ that still use SQLite's own types (issue 17, item 1: the
// fault page reads SQLite's error codes). Remove a line when its file is moved; a new file may
// not join the list.
const std::set<std::string> kStillReachingIntoSqlite = {
    "web/store_faults.cpp",
};

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
}

template <class Check>
void for_each_include(Check check) {
    const std::regex include(R"re(#include "([a-z_]+)/([^"]+)")re");
    for (const auto& entry : fs::recursive_directory_iterator(kSource)) {
        const auto ext = entry.path().extension();
        if (ext != ".cpp" && ext != ".hpp") continue;
        const auto relative = fs::relative(entry.path(), kSource).generic_string();
        const auto folder = relative.substr(0, relative.find('/'));
        if (relative.find('/') == std::string::npos) continue;  // main.cpp
        const auto text = read_text(entry.path());
        for (auto it = std::sregex_iterator(text.begin(), text.end(), include);
             it != std::sregex_iterator(); ++it)
            check(relative, folder, (*it)[1].str(), (*it)[1].str() + "/" + (*it)[2].str());
    }
}

TEST(Layers, EachFolderIncludesOnlyTheFoldersBelowIt) {
    int files = 0;
    for_each_include([&](const std::string& file, const std::string& folder,
                         const std::string& target, const std::string& header) {
        ++files;
        const auto allowed = kAllowed.find(folder);
        ASSERT_NE(allowed, kAllowed.end())
            << "src/" << folder << " is a new folder: add it to kAllowed in " << __FILE__
            << " and to the table in docs/architecture.md";
        EXPECT_TRUE(allowed->second.count(target))
            << "src/" << file << " includes " << header << ", but " << folder
            << "/ may not depend on " << target << "/ (docs/architecture.md, \"Libraries\")";
    });
    EXPECT_GT(files, 500) << "the source tree was not found at " << kSource;
}

TEST(Layers, OnlyTheCompositionRootAndStorageReachIntoSqlite) {
    for_each_include([&](const std::string& file, const std::string& folder, const std::string&,
                         const std::string& header) {
        if (!header.starts_with("storage/sqlite/")) return;
        if (folder == "app" || file.starts_with("storage/sqlite/")) return;
        EXPECT_TRUE(kStillReachingIntoSqlite.count(file))
            << "src/" << file << " includes " << header
            << ": above storage/, use the interfaces in storage/*.hpp instead";
    });
}

}  // namespace
