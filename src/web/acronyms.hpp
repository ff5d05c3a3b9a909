// Acronyms spelled out the first time a page uses them ("education, health and care (EHC)
// plan"), as GOV.UK style asks: parents new to SEND meet a dozen of them in their first week.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace lo::web {

// Expands each known acronym at its first use in a page's running text. Feed the text runs in
// order (HTML-escaped text, no tags).
class AcronymExpander {
public:
    // The text with the first use of each acronym not yet seen (and not already explained
    // just before it or in brackets) written out in full.
    std::string expand(std::string_view text);

private:
    std::set<std::string> done_;
};

}  // namespace lo::web
