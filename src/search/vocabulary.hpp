// SEND vocabulary for search: synonyms and acronyms ("SALT" -> "speech and language therapy"),
// the tokenizer the query side uses, and the capitals rule for acronyms that are also ordinary
// words. Pure C++, no Xapian, so the rules are unit-tested on their own.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lo::search {

// One word of a query as typed, and its lowercase form (the form the index holds).
struct Token {
    std::string text;   // as typed: "SALT", "children's"
    std::string lower;  // "salt", "children's"
};

// Splits text into words: letters and digits, with inner apostrophes, hyphens, '&' and ':' kept
// ("children's", "self-harm", "C&I", "1:1"). Curly apostrophes become '. Never throws; bytes
// that are not valid UTF-8 are treated as separators.
std::vector<Token> tokenize(std::string_view text);

// Lowercase for ASCII letters; other characters unchanged (enough for English SEND terms).
std::string ascii_lower(std::string_view s);

// True for English words too common to search on ("the", "for", "my").
bool is_stopword(std::string_view lower_word);

struct VocabularyEntry {
    std::string term;                     // as written: "SALT", "speech therapy"
    std::vector<std::string> expansions;  // "speech and language therapy", "SLT", ...
    std::string category;                 // "therapy", "need:semh", "ambiguous"
    // True for acronyms that are also ordinary words or have two senses (ADD, TA, PA, CP):
    // they expand only when typed in capitals.
    bool capitals_only = false;
    // The entry's search_words.id in the store (the first's when entries were merged); 0 when it
    // is not from the store (a seed file read on its own). Demand counts name words by it.
    std::int64_t id = 0;
};

// A run of query tokens that matched a vocabulary entry.
struct VocabularyMatch {
    std::size_t first = 0;  // index of the first token
    std::size_t count = 0;  // number of tokens
    const VocabularyEntry* entry = nullptr;
};

class Vocabulary {
public:
    // Reads the send-synonyms.tsv format: one entry per line, three tab-separated columns
    // (term, expansions separated by '|', category), no header. Blank lines and lines starting
    // with '#' are ignored. Throws std::runtime_error naming the file and line on a malformed
    // line, or when the file cannot be read.
    static Vocabulary load(const std::string& path);
    static Vocabulary parse(std::string_view text, const std::string& source_name = "vocabulary");
    // From entries, as the store keeps them (both lists together). Entries whose terms match the
    // same words (case, apostrophes and a plural 's' aside) under the same capitals rule become
    // one, with the expansions of both: "respite" in both lists is searched with all of them.
    static Vocabulary build(const std::vector<VocabularyEntry>& entries);

    // Longest matches, left to right, without overlaps. Words match with case, apostrophes and a
    // plural 's' on words of five letters or more ignored ("wont sleep", "Meltdowns"). A
    // capitals-only entry matches only a token typed exactly in capitals, and wins over an
    // ordinary entry of the same words.
    std::vector<VocabularyMatch> match(const std::vector<Token>& tokens) const;

    // The words a search uses: common words ("for", "my") dropped, except inside a term
    // ("not talking", "hard of hearing"), where they change what is meant.
    std::vector<Token> searchable(const std::vector<Token>& tokens) const;

    // Every single lowercase word that appears in a term or expansion (for spelling data).
    std::vector<std::string> words() const;
    const std::vector<VocabularyEntry>& entries() const { return entries_; }
    std::size_t size() const { return entries_.size(); }

private:
    void add(VocabularyEntry entry);

    std::vector<VocabularyEntry> entries_;
    // First word of a term (folded as match() folds it) -> entries starting with it.
    std::multimap<std::string, std::size_t> by_first_;
    std::vector<std::vector<std::string>> term_tokens_;  // each term's words, as match() folds them
};

// The acronym rule: is an all-capitals term one that must be typed in capitals to expand?
bool needs_capitals(std::string_view term, std::string_view category);

}  // namespace lo::search
