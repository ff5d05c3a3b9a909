// The SEND vocabulary: loading the synonyms file, tokenizing queries and matching terms.
#include "search/vocabulary.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace lo::search {
namespace {

bool is_word_byte(unsigned char c) {
    return std::isalnum(c) != 0;
}

// Length of the UTF-8 sequence starting at s[i], or 0 when it is not valid UTF-8.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    return n;
}

// The code point of a valid UTF-8 sequence.
char32_t code_point(std::string_view seq) {
    const auto b = [&](std::size_t k) {
        return static_cast<char32_t>(static_cast<unsigned char>(seq[k]));
    };
    switch (seq.size()) {
        case 2:
            return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
        case 3:
            return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
        case 4:
            return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) |
                   (b(3) & 0x3F);
        default:
            return b(0);
    }
}

// Punctuation, symbols and emoji separate words; they are never words themselves, so "😀 autism"
// searches for autism alone. (General punctuation to dingbats and arrows, the Supplemental
// Symbols, emoji and their variation selectors and joiners.)
bool symbol(char32_t c) {
    return (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x1F000 && c <= 0x1FAFF) ||
           (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0000 && c <= 0xE007F) ||
           (c >= 0x3000 && c <= 0x303F);
}

// Acronyms whose lowercase form is an everyday word or abbreviation, so "add" or "pa" typed in
// lowercase means the word, not the SEND term (docs/search.md, "The capitals rule").
const std::set<std::string, std::less<>> kOrdinaryWords = {
    "add", "ta", "pa", "la", "ap", "ot", "ep", "pd", "sen", "cin", "lac", "cp", "pt", "si",
    "he",  "it", "am", "pe", "us", "do", "hi", "vi", "ld",  "nd",  "fe",  "dp", "pb", "cop",
};

// Words that say nothing about the support wanted. The vocabulary sees them before they are
// dropped, so "won't sleep" or "not talking" still mean what they say.
const std::set<std::string, std::less<>> kStopwords = {
    "a",       "about",     "after",     "again",    "all",      "also",    "am",     "an",
    "and",     "any",       "anyone",    "anything", "anywhere", "are",     "around", "as",
    "at",      "be",        "because",   "been",     "before",   "being",   "but",    "by",
    "can",     "can't",     "cannot",    "could",    "did",      "do",      "does",   "doesn't",
    "don't",   "else",      "even",      "ever",     "every",    "for",     "from",   "get",
    "getting", "go",        "going",     "got",      "had",      "has",     "have",   "he",
    "help",    "her",       "here",      "him",      "his",      "how",     "i",      "i'm",
    "i've",    "if",        "in",        "into",     "is",       "isn't",   "it",     "it's",
    "its",     "just",      "know",      "like",     "lot",      "lots",    "many",   "may",
    "me",      "might",     "more",      "most",     "much",     "my",      "near",   "need",
    "now",     "of",        "off",       "on",       "one",      "only",    "or",     "other",
    "our",     "out",       "over",      "please",   "really",   "she",     "should", "so",
    "some",    "somewhere", "something", "still",    "such",     "than",    "that",   "the",
    "their",   "them",      "then",      "there",    "these",    "they",    "this",   "those",
    "through", "to",        "too",       "up",       "us",       "very",    "want",   "wants",
    "was",     "we",        "were",      "what",     "what's",   "when",    "where",  "whether",
    "which",   "while",     "who",       "whose",    "why",      "will",    "with",   "won't",
    "would",   "you",       "your",      "not",      "no",       "there's", "we're",  "they're",
};

// The form a word is matched in: apostrophes dropped ("wont" is "won't") and a plural 's' on a
// word of five letters or more ("meltdowns" is "meltdown", "carers" is "carer"). Both the
// query's words and the terms' words are folded, so the two always agree.
std::string match_key(std::string_view lower) {
    std::string out;
    for (char c : lower)
        if (c != '\'') out += c;
    if (out.size() >= 5 && out.back() == 's' && out[out.size() - 2] != 's') out.pop_back();
    return out;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

}  // namespace

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_stopword(std::string_view lower_word) {
    return kStopwords.count(lower_word) > 0;
}

bool needs_capitals(std::string_view term, std::string_view category) {
    if (term.empty()) return false;
    for (char c : term)
        if (!(c >= 'A' && c <= 'Z')) return false;
    return category == "ambiguous" || kOrdinaryWords.count(ascii_lower(term)) > 0;
}

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> out;
    std::string current;
    const auto flush = [&] {
        // Joiners only count inside a word: "self-" or "'s" at an edge are trimmed.
        while (!current.empty() && (current.back() == '\'' || current.back() == '-' ||
                                    current.back() == '&' || current.back() == ':'))
            current.pop_back();
        if (!current.empty()) out.push_back({current, ascii_lower(current)});
        current.clear();
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            const bool joiner = c == '\'' || c == '-' || c == '&' || c == ':';
            if (is_word_byte(c)) {
                current += static_cast<char>(c);
            } else if (joiner && !current.empty() && i + 1 < text.size() &&
                       is_word_byte(static_cast<unsigned char>(text[i + 1]))) {
                current += static_cast<char>(c);
            } else {
                flush();
            }
            ++i;
            continue;
        }
        const auto n = utf8_length(text, i);
        if (n == 0) {  // not UTF-8: a separator
            flush();
            ++i;
            continue;
        }
        const auto seq = text.substr(i, n);
        if (seq == "\u2019" || seq == "\u2018") {  // curly apostrophes
            if (!current.empty() && i + n < text.size() &&
                is_word_byte(static_cast<unsigned char>(text[i + n])))
                current += '\'';
            else
                flush();
        } else if (seq == "\u00a0" || symbol(code_point(seq))) {
            flush();
        } else {
            current += seq;  // accented letters and other scripts stay part of the word
        }
        i += n;
    }
    flush();
    return out;
}

Vocabulary Vocabulary::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("Could not read the search vocabulary " + path +
                                 ". Check the file exists.");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path);
}

Vocabulary Vocabulary::parse(std::string_view text, const std::string& source_name) {
    Vocabulary v;
    std::size_t line_number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        auto line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim(line).empty() || trim(line).front() == '#') {
            if (end == text.size()) break;
            continue;
        }
        std::vector<std::string> columns;
        std::size_t col_start = 0;
        while (true) {
            const auto tab = line.find('\t', col_start);
            columns.push_back(trim(line.substr(col_start, tab - col_start)));
            if (tab == std::string_view::npos) break;
            col_start = tab + 1;
        }
        if (columns.size() < 2 || columns[0].empty())
            throw std::runtime_error(source_name + ":" + std::to_string(line_number) +
                                     ": expected a term, a tab and its expansions separated by "
                                     "'|'. Fix the line and start again.");
        VocabularyEntry entry;
        entry.term = columns[0];
        entry.category = columns.size() > 2 ? columns[2] : std::string{};
        std::string_view expansions = columns[1];
        while (!expansions.empty()) {
            const auto bar = expansions.find('|');
            auto e = trim(expansions.substr(0, bar));
            if (!e.empty()) entry.expansions.push_back(e);
            if (bar == std::string_view::npos) break;
            expansions.remove_prefix(bar + 1);
        }
        v.add(std::move(entry));
        if (end == text.size()) break;
    }
    return v;
}

void Vocabulary::add(VocabularyEntry entry) {
    entry.capitals_only = needs_capitals(entry.term, entry.category);
    std::vector<std::string> keys;
    for (const auto& t : tokenize(entry.term)) keys.push_back(match_key(t.lower));
    if (keys.empty()) return;  // no word to match ("!!!")
    by_first_.emplace(keys.front(), entries_.size());
    term_tokens_.push_back(std::move(keys));
    entries_.push_back(std::move(entry));
}

Vocabulary Vocabulary::build(const std::vector<VocabularyEntry>& entries) {
    Vocabulary v;
    // Entries are one when their words match the same queries and they obey the same capitals
    // rule: "respite" in both lists is one entry with both lists' expansions.
    std::map<std::pair<std::string, bool>, std::size_t> seen;
    for (auto entry : entries) {
        entry.capitals_only = needs_capitals(entry.term, entry.category);
        std::string key;
        for (const auto& t : tokenize(entry.term)) key += match_key(t.lower) + ' ';
        if (key.empty()) continue;  // no word to match ("!!!")
        const auto [it, added] = seen.emplace(std::pair{key, entry.capitals_only}, v.size());
        if (added) {
            v.add(std::move(entry));
            continue;
        }
        auto& kept = v.entries_[it->second].expansions;
        for (auto& e : entry.expansions) {
            const bool known = std::any_of(kept.begin(), kept.end(), [&](const std::string& k) {
                return ascii_lower(k) == ascii_lower(e);
            });
            if (!known) kept.push_back(std::move(e));
        }
    }
    return v;
}

std::vector<VocabularyMatch> Vocabulary::match(const std::vector<Token>& tokens) const {
    std::vector<VocabularyMatch> out;
    std::vector<std::string> keys;
    for (const auto& t : tokens) keys.push_back(match_key(t.lower));
    for (std::size_t i = 0; i < tokens.size();) {
        VocabularyMatch best;
        const auto [lo, hi] = by_first_.equal_range(keys[i]);
        for (auto it = lo; it != hi; ++it) {
            const auto& entry = entries_[it->second];
            const auto& words = term_tokens_[it->second];
            if (i + words.size() > tokens.size() || words.size() < best.count) continue;
            // Of two terms of the same length, the one typed in capitals wins ("ADD" over "add").
            if (words.size() == best.count && !(entry.capitals_only && !best.entry->capitals_only))
                continue;
            bool ok = true;
            for (std::size_t k = 0; k < words.size() && ok; ++k) ok = keys[i + k] == words[k];
            if (ok && entry.capitals_only) ok = words.size() == 1 && tokens[i].text == entry.term;
            if (ok) best = {i, words.size(), &entry};
        }
        if (best.entry) {
            out.push_back(best);
            i += best.count;
        } else {
            ++i;
        }
    }
    return out;
}

std::vector<Token> Vocabulary::searchable(const std::vector<Token>& tokens) const {
    std::vector<bool> in_term(tokens.size(), false);
    for (const auto& m : match(tokens))
        for (std::size_t k = 0; k < m.count; ++k) in_term[m.first + k] = true;
    std::vector<Token> out;
    for (std::size_t i = 0; i < tokens.size(); ++i)
        if (in_term[i] || !is_stopword(tokens[i].lower)) out.push_back(tokens[i]);
    return out;
}

std::vector<std::string> Vocabulary::words() const {
    std::set<std::string> all;
    const auto add = [&](std::string_view s) {
        for (const auto& t : tokenize(s))
            if (t.lower.size() > 2 && !is_stopword(t.lower)) all.insert(t.lower);
    };
    for (const auto& e : entries_) {
        if (!e.capitals_only) add(e.term);
        for (const auto& x : e.expansions) add(x);
    }
    return {all.begin(), all.end()};
}

}  // namespace lo::search
