// Advice pages are written in Markdown. This turns them into HTML with the design system's classes,
// ids on the <h2> headings and a contents list. Raw HTML in the Markdown is shown as text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lo::web {

struct Heading {
    std::string id;    // "what-is-an-ehc-plan", unique within the page
    std::string text;  // plain text, not escaped
};

struct RenderedMarkdown {
    std::string html;               // safe to insert unescaped: every tag in it is ours
    std::vector<Heading> headings;  // the <h2>s, in order, for a "Contents" list
};

// CommonMark with tables. A "# heading" becomes an <h2> too, because the page has its own <h1>.
// Links keep their address unless it uses a scheme other than http, https, mailto or tel (a
// "javascript:" link loses its href). Never throws for any input text.
RenderedMarkdown render_markdown(std::string_view markdown);

// HTML-escapes & < > " ' for text and attribute values we build ourselves.
std::string escape_html(std::string_view text);

}  // namespace lo::web
