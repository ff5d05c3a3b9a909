// A summary for a service that has none (imported records usually): the first sentence or two
// of its description, without markup, so a result card says more than a name. Shown marked as
// taken from the description (docs/search.md, "Result cards").
#pragma once

#include <string>
#include <string_view>

namespace lo::domain {

inline constexpr std::size_t kDerivedSummaryMax = 240;  // characters, about two lines on a phone

// The first sentences of description (plain text or Markdown) up to about 240 characters, cut
// at a word with "..." when a sentence is longer. "" when the description is empty.
std::string derived_summary(std::string_view description);

}  // namespace lo::domain
