// A real British English dictionary (Debian's hunspell-en-gb), so search never "corrects" a
// correctly spelt word into an unrelated one the index happens to contain (docs/search.md,
// "Spelling"). Thread-safe; hunspell itself is not, so calls are serialised.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lo::search {

class Speller {
public:
    // Opens DIR/en_GB.aff and DIR/en_GB.dic (default: Debian's /usr/share/hunspell). When they
    // are missing the speller knows no words; available() says so, and the caller warns.
    explicit Speller(const std::string& dir = "/usr/share/hunspell");
    ~Speller();
    Speller(const Speller&) = delete;
    Speller& operator=(const Speller&) = delete;

    // The dictionary every search of this process shares (loaded once, about 0.1 s: it never
    // changes while the program runs).
    static const Speller& shared();

    bool available() const { return handle_ != nullptr; }
    // Whether a lowercase word is an English word (in any case the dictionary allows: "oxford"
    // is not, "Oxford" is).
    bool is_word(const std::string& word) const;
    // The dictionary's suggestions for a misspelt word, best first (at most `limit`).
    std::vector<std::string> suggest(const std::string& word, std::size_t limit = 5) const;

private:
    struct Handle;
    Handle* handle_ = nullptr;
    mutable std::mutex mutex_;
};

}  // namespace lo::search
