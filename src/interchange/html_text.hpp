// HTML from other directories' feeds -> safe plain text that keeps paragraphs and lists.
#pragma once

#include <string>
#include <string_view>

namespace lo::interchange {

// Drops every tag (and script/style content), decodes entities, turns <p>, <br>, headings and
// <div> into paragraph or line breaks and <li> into "- " lines, and collapses whitespace.
// The result holds no markup, so it is safe to show anywhere. Text without tags is only trimmed.
std::string html_to_text(std::string_view html);

// True when s looks like HTML (has a tag such as <p>, <br>, <div>, <ul> or an entity).
bool looks_like_html(std::string_view s);

}  // namespace lo::interchange
