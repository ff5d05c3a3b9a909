// The SEND acronyms families meet most, with the words they stand for. Everyday ones (NHS, GP,
// UK) are left as they are: spelling them out would only slow reading.
#include "web/acronyms.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace lo::web {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kAcronyms{{
    {"SEND", "special educational needs and disabilities"},
    {"SEN", "special educational needs"},
    {"EHC", "education, health and care"},
    {"EHCP", "education, health and care plan"},
    {"SENDIASS", "SEND information, advice and support service"},
    {"IASS", "information, advice and support service"},
    {"SENCO", "special educational needs co-ordinator"},
    {"CAMHS", "child and adolescent mental health services"},
    {"ICB", "integrated care board"},
    {"CCG", "clinical commissioning group"},
    {"DMO", "designated medical officer"},
    {"DCO", "designated clinical officer"},
    {"PfA", "preparing for adulthood"},
}};

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The last three words of the expansion ("and support service"), which a writer who explained
// the acronym just before using it will have written.
std::string tail_words(std::string_view words) {
    std::size_t spaces = 0, i = words.size();
    while (i > 0) {
        if (words[i - 1] == ' ' && ++spaces == 3) break;
        --i;
    }
    return lower(words.substr(i));
}

template <typename OnWord>
void for_each_word(std::string_view text, OnWord on_word) {
    for (std::size_t i = 0; i < text.size();) {
        if (!is_word_char(text[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && is_word_char(text[end])) ++end;
        on_word(i, end);
        i = end;
    }
}

}  // namespace

std::string AcronymExpander::expand(std::string_view text) {
    std::string out;
    std::size_t copied = 0;
    for_each_word(text, [&](std::size_t from, std::size_t to) {
        const auto word = text.substr(from, to - from);
        for (const auto& [acronym, words] : kAcronyms) {
            if (word != acronym || !done_.insert(std::string(acronym)).second) continue;
            const bool bracketed = from > 0 && text[from - 1] == '(';
            const auto before = lower(text.substr(from > 160 ? from - 160 : 0, from));
            if (bracketed || before.find(tail_words(words)) != std::string::npos) break;
            out.append(text.substr(copied, from - copied));
            out.append(words);
            out.append(" (");
            out.append(acronym);
            out.append(")");
            copied = to;
            break;
        }
    });
    out.append(text.substr(copied));
    return out;
}

}  // namespace lo::web
