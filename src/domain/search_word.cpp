// Search words: the two lists, normalising what an editor typed, and the rules for an entry.
#include "domain/search_word.hpp"

#include <algorithm>
#include <set>

namespace lo::domain {
namespace {

// Words in a fifth or more of the services of a real council feed (Bristol, 819 services) or of
// the demo: an expansion of one of these alone finds nearly everything (tools/
// vocabulary_coverage.py uses the same list).
const std::set<std::string, std::less<>> kTooCommon = {
    "help",    "helps",    "helping", "child",     "children", "children's",
    "child's", "kid",      "kids",    "support",   "supports", "supporting",
    "service", "services", "family",  "families",  "parent",   "parents",
    "people",  "person",   "young",   "community", "advice",   "information",
    "info",    "care",     "health",  "learning",  "need",     "needs",
    "local",   "free",     "group",   "groups",    "team",     "centre",
};

// Little words that never make an expansion particular ("the", "for", "my"); search drops them
// from queries too (search::is_stopword, whose list this is without "help").
const std::set<std::string, std::less<>> kLittleWords = {
    "a",    "about",  "an",   "and",   "any",   "are",   "as",    "at",   "be",   "by",
    "can",  "do",     "does", "for",   "from",  "get",   "has",   "have", "how",  "i",
    "in",   "is",     "it",   "me",    "my",    "near",  "not",   "of",   "on",   "or",
    "our",  "please", "some", "that",  "the",   "their", "there", "they", "this", "to",
    "want", "we",     "what", "where", "which", "who",   "with",  "you",  "your",
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Trimmed, one space between words, curly apostrophes straight.
std::string tidy(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (is_space(s[i])) {
            if (!out.empty() && out.back() != ' ') out += ' ';
            continue;
        }
        if (s.substr(i, 3) == "\u2019" || s.substr(i, 3) == "\u2018") {
            out += '\'';
            i += 2;
            continue;
        }
        out += s[i];
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           static_cast<unsigned char>(c) >= 0x80;
}

// Lowercase words, apostrophes kept inside a word ("children's").
std::vector<std::string> words_of(std::string_view text) {
    const auto s = lower(text);
    std::vector<std::string> out;
    std::string current;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        const char c = i < s.size() ? s[i] : ' ';
        const bool inner_apostrophe =
            c == '\'' && !current.empty() && i + 1 < s.size() && is_word_char(s[i + 1]);
        if (is_word_char(c) || inner_apostrophe) {
            current += c;
        } else if (!current.empty()) {
            out.push_back(std::move(current));
            current.clear();
        }
    }
    return out;
}

}  // namespace

std::string_view to_code(WordList list) {
    return list == WordList::Send ? "send" : "everyday";
}

std::optional<WordList> word_list_from_code(std::string_view code) {
    if (code == "send") return WordList::Send;
    if (code == "everyday") return WordList::Everyday;
    return std::nullopt;
}

std::string_view label(WordList list) {
    return list == WordList::Send ? "SEND words and acronyms" : "Everyday words";
}

void normalise(SearchWord& word) {
    word.term = tidy(word.term);
    word.category = tidy(word.category);
    std::vector<std::string> kept;
    std::set<std::string> seen;
    for (const auto& e : word.expansions) {
        auto t = tidy(e);
        if (!t.empty() && seen.insert(lower(t)).second) kept.push_back(std::move(t));
    }
    word.expansions = std::move(kept);
}

std::vector<std::string> split_expansions(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find_first_of("|\n", start);
        const auto piece =
            tidy(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (!piece.empty()) out.push_back(piece);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return out;
}

std::string too_common_word(std::string_view expansion) {
    std::vector<std::string> content;
    for (auto& w : words_of(expansion))
        if (!kLittleWords.count(w)) content.push_back(std::move(w));
    if (content.empty()) return lower(tidy(expansion));
    if (content.size() == 1 && kTooCommon.count(content.front())) return content.front();
    return {};
}

ValidationErrors validate(const SearchWord& word) {
    ValidationErrors errors;
    if (word.term.empty())
        errors.push_back({"term", "Enter the word or phrase families type, like squint"});
    else if (word.term.size() > kMaxSearchTermLength)
        errors.push_back({"term", "Enter a word or phrase of 100 characters or fewer"});
    else if (words_of(word.term).empty())
        errors.push_back({"term", "Enter a word or phrase with letters or numbers in it"});

    if (word.expansions.empty())
        errors.push_back({"expansions",
                          "Enter at least one word or phrase that services use, one on each line"});
    else if (word.expansions.size() > kMaxExpansions)
        errors.push_back({"expansions", "Enter 30 words or phrases or fewer"});
    for (const auto& e : word.expansions) {
        if (e.size() > kMaxSearchTermLength || e.find_first_of("|\t\n") != std::string::npos) {
            errors.push_back({"expansions",
                              "Put each word or phrase on its own line, in 100 characters or "
                              "fewer"});
            break;
        }
        if (const auto common = too_common_word(e); !common.empty()) {
            errors.push_back({"expansions", "\"" + common.substr(0, 40) +
                                                "\" is in nearly every service, so searching "
                                                "for it finds almost everything. Use words "
                                                "particular to this need, like dental or "
                                                "short breaks"});
            break;
        }
    }
    if (word.category.size() > kMaxCategoryLength)
        errors.push_back({"category", "Enter a category of 60 characters or fewer"});
    return errors;
}

}  // namespace lo::domain
