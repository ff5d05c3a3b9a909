// Derived summaries: plain text from the start of a description.
#include "domain/summary.hpp"

#include <cctype>

namespace lo::domain {
namespace {

// The description as one line of words: Markdown emphasis, headings, list marks and links'
// addresses dropped, whitespace collapsed.
std::string plain_words(std::string_view text) {
    std::string out;
    bool line_start = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n' || c == '\r') {
            // A line without closing punctuation (a heading, a list item) ends a sentence.
            if (!out.empty() && out.back() != ' ' && out.back() != '.' && out.back() != '!' &&
                out.back() != '?' && out.back() != ':')
                out += '.';
            line_start = true;
            if (!out.empty() && out.back() != ' ') out += ' ';
            continue;
        }
        if (line_start && (c == '#' || c == '-' || c == '>' || c == ' ' || c == '\t')) continue;
        line_start = false;
        if (c == '*' || c == '_' || c == '`' || c == '[' || c == ']') continue;
        if (c == '(' && i > 0 && text[i - 1] == ']') {  // a link's address
            const auto close = text.find(')', i);
            if (close != std::string_view::npos) {
                i = close;
                continue;
            }
        }
        if (c == ' ' || c == '\t') {
            if (!out.empty() && out.back() != ' ') out += ' ';
            continue;
        }
        out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

bool sentence_end(const std::string& s, std::size_t i) {
    const char c = s[i];
    return (c == '.' || c == '!' || c == '?') && (i + 1 == s.size() || s[i + 1] == ' ');
}

}  // namespace

std::string derived_summary(std::string_view description) {
    const auto words = plain_words(description);
    std::string out;
    std::size_t start = 0;
    int sentences = 0;
    for (std::size_t i = 0; i < words.size() && sentences < 2; ++i) {
        if (!sentence_end(words, i)) continue;
        const auto sentence = words.substr(start, i + 1 - start);
        if (!out.empty() && out.size() + 1 + sentence.size() > kDerivedSummaryMax) return out;
        if (out.empty() && sentence.size() > kDerivedSummaryMax) break;
        out += (out.empty() ? "" : " ") + sentence;
        ++sentences;
        start = i + 2;
        if (out.size() >= kDerivedSummaryMax / 2) return out;  // enough: a sentence or two
    }
    if (!out.empty()) return out;
    // No sentence fits: the start, cut at a word.
    if (words.size() <= kDerivedSummaryMax) return words;
    auto cut = words.rfind(' ', kDerivedSummaryMax - 3);
    if (cut == std::string::npos || cut < kDerivedSummaryMax / 2) cut = kDerivedSummaryMax - 3;
    // Never cut inside a UTF-8 character.
    while (cut > 0 && (static_cast<unsigned char>(words[cut]) & 0xC0) == 0x80) --cut;
    auto head = words.substr(0, cut);
    while (!head.empty() && (head.back() == ' ' || head.back() == ',' || head.back() == ';'))
        head.pop_back();
    return head + "...";
}

}  // namespace lo::domain
