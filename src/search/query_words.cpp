// Reading a search's words: corrections, vocabulary phrases, common and generic words.
#include "search/query_words.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace lo::search {
namespace {

constexpr std::size_t kMaxWords = 30;
constexpr std::size_t kShortestCorrected = 4;  // "adhd" and up; shorter typos are too ambiguous
constexpr std::int64_t kTypoAtMost = 3;        // services that may share a typo
constexpr std::int64_t kTimesMoreOften = 5;    // how much better known a correction must be

const std::set<std::string, std::less<>> kGenericWords = {
    "child",    "children", "kid",  "kids",      "son",     "sons",   "daughter",    "daughters",
    "boy",      "boys",     "girl", "girls",     "baby",    "babies", "people",      "person",
    "someone",  "young",    "old",  "year",      "years",   "needs",  "support",     "service",
    "services", "looking",  "find", "thing",     "things",  "stuff",  "place",       "places",
    "local",    "nearby",   "area", "available", "options", "info",   "information",
};

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool all_capitals(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || c == '&' || c == '-';
    });
}

std::string capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

// A real word: the dictionary knows it, in lowercase or as a name ("Kingswood", "Clifton").
bool dictionary_word(const Speller* speller, const std::string& lower) {
    return speller && (speller->is_word(lower) || speller->is_word(capitalised(lower)));
}

// The word to search instead of a misspelt one, or "" to keep it. Never corrects a word the
// index holds, a real English word or name, a vocabulary term, an acronym typed in capitals,
// or a word with digits.
std::string correction_for(const Token& t, const WordSources& sources, bool known_term) {
    const auto& lower = t.lower;
    if (known_term || lower.size() < kShortestCorrected || has_digit(lower) || is_stopword(lower) ||
        all_capitals(t.text))
        return {};
    const auto frequency = [&](const std::string& w) -> std::int64_t {
        return sources.frequency ? sources.frequency(w) : 0;
    };
    if (dictionary_word(sources.speller, lower)) return {};
    // A word that is in no dictionary and in only a few services is most likely the same typo
    // in their text ("hearring"): corrected when a word in many more services is close.
    const auto seen = frequency(lower);
    if (seen >= kTypoAtMost) return {};
    const auto better_known = [&](const std::string& w) {
        return w != lower && frequency(w) >= std::max<std::int64_t>(1, seen * kTimesMoreOften);
    };
    // The index's closest word first (it knows the directory's words and the vocabulary's);
    // otherwise the dictionary's first suggestion that the index holds.
    if (sources.index_suggestion) {
        const auto better = sources.index_suggestion(lower);
        if (!better.empty() && (seen == 0 ? better != lower : better_known(better))) return better;
    }
    if (sources.speller)
        for (const auto& s : sources.speller->suggest(lower)) {
            const auto l = ascii_lower(s);
            if (l.find(' ') == std::string::npos && better_known(l)) return l;
        }
    return {};
}

std::vector<bool> covered_by(const std::vector<VocabularyMatch>& matches, std::size_t n) {
    std::vector<bool> out(n, false);
    for (const auto& m : matches)
        for (std::size_t k = 0; k < m.count; ++k) out[m.first + k] = true;
    return out;
}

}  // namespace

bool is_generic_word(std::string_view lower_word) {
    return kGenericWords.count(lower_word) > 0;
}

QueryWords read_words(std::string_view text,
                      const Vocabulary& vocabulary,
                      const WordSources& sources,
                      bool correct) {
    QueryWords out;
    auto tokens = tokenize(text);
    if (tokens.size() > kMaxWords) tokens.resize(kMaxWords);
    if (tokens.empty()) return out;

    // Corrections first, so a corrected word can still be a vocabulary term ("autisim").
    const bool truncated = tokenize(text).size() > tokens.size();
    bool last_corrected = false;
    if (correct) {
        const auto known = covered_by(vocabulary.match(tokens), tokens.size());
        std::string corrected;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const auto better = correction_for(tokens[i], sources, known[i]);
            if (!better.empty()) {
                out.corrections.push_back({tokens[i].text, better});
                tokens[i] = {better, better};
                last_corrected = i + 1 == tokens.size();
            }
            corrected += (corrected.empty() ? "" : " ") + tokens[i].text;
        }
        if (!out.corrections.empty()) out.corrected = corrected;
    }

    // The vocabulary sees every word, common ones too: "won't sleep", "not talking".
    const auto matches = vocabulary.match(tokens);
    std::size_t next = 0;
    bool last_from_vocabulary = false;
    const auto add_word = [&](std::size_t i) {
        const auto& lower = tokens[i].lower;
        last_from_vocabulary = false;
        if (is_stopword(lower)) {
            out.ignored.push_back(lower);
            return;
        }
        TextUnit u{{lower}, {}, false, is_generic_word(lower)};
        if (u.weak) out.weak.push_back(lower);
        out.units.push_back(std::move(u));
    };
    for (const auto& m : matches) {
        for (; next < m.first; ++next) add_word(next);
        TextUnit unit;
        for (std::size_t k = 0; k < m.count; ++k) unit.words.push_back(tokens[m.first + k].lower);
        for (const auto& e : m.entry->expansions) {
            if (needs_capitals(e, "")) continue;  // "ADD" as an expansion would match "add"
            std::vector<std::string> words;
            for (const auto& t : tokenize(e)) words.push_back(t.lower);
            if (!words.empty()) unit.alternatives.push_back(words);
        }
        out.concepts.push_back(m.entry->term);
        out.recognised.push_back({m.entry->id, m.entry->category});
        unit.topic = true;
        out.units.push_back(std::move(unit));
        last_from_vocabulary = true;
        next = m.first + m.count;
    }
    for (; next < tokens.size(); ++next) add_word(next);
    out.only_common_words = out.units.empty();

    // The last word, typed without a space after it, also matches as a prefix ("dyslex").
    const bool ends_in_word =
        !text.empty() && !std::isspace(static_cast<unsigned char>(text.back()));
    if (!out.units.empty() && ends_in_word && !truncated && !last_from_vocabulary &&
        !last_corrected && !is_stopword(tokens.back().lower) && out.units.back().words.size() == 1)
        out.units.back().prefix = true;
    return out;
}

}  // namespace lo::search
