// The hunspell dictionary behind Speller.
#include "search/speller.hpp"

#include <hunspell/hunspell.h>

#include <filesystem>

namespace lo::search {

struct Speller::Handle {
    Hunhandle* h = nullptr;
};

Speller::Speller(const std::string& dir) {
    const auto aff = dir + "/en_GB.aff", dic = dir + "/en_GB.dic";
    if (!std::filesystem::exists(aff) || !std::filesystem::exists(dic)) return;
    handle_ = new Handle{Hunspell_create(aff.c_str(), dic.c_str())};
    if (!handle_->h) {
        delete handle_;
        handle_ = nullptr;
    }
}

const Speller& Speller::shared() {
    static const Speller speller;
    return speller;
}

Speller::~Speller() {
    if (!handle_) return;
    Hunspell_destroy(handle_->h);
    delete handle_;
}

bool Speller::is_word(const std::string& word) const {
    if (!handle_ || word.empty()) return false;
    std::lock_guard lock(mutex_);
    return Hunspell_spell(handle_->h, word.c_str()) != 0;
}

std::vector<std::string> Speller::suggest(const std::string& word, std::size_t limit) const {
    std::vector<std::string> out;
    if (!handle_ || word.empty()) return out;
    std::lock_guard lock(mutex_);
    char** list = nullptr;
    const int n = Hunspell_suggest(handle_->h, &list, word.c_str());
    for (int i = 0; i < n && out.size() < limit; ++i) out.emplace_back(list[i]);
    Hunspell_free_list(handle_->h, &list, n);
    return out;
}

}  // namespace lo::search
