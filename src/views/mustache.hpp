// Mustache templates compiled once and rendered straight from a JSON page model (issue 20).
//
// Before, every page parsed its template and each partial again (a partial once for each item of
// a list), and copied the whole JSON model into kainjow/mustache's own data tree first: about a
// third of a page's time. This renderer gives the same bytes as kainjow/mustache 4.1 (Debian's
// libkainjow-mustache-dev, which the project used until then and tests/http/mustache_test.cpp
// still compares against), with the page models' rules as views.cpp had them:
//  - {{name}} is HTML-escaped (& < > " ' become entities), {{{name}}} and {{& name}} are not;
//  - names are looked up from the innermost section outwards; {{a.b}} walks objects; {{.}} is
//    the current item;
//  - false, null, "" and [] are false in {{#section}} and true in {{^inverted}}; numbers are
//    text ("0" included) and print as they do in JSON;
//  - a list repeats its section once per item, any other true value pushes itself once;
//  - {{> name}} renders another loaded template with the same data;
//  - kainjow's line rule: a line whose only output is white space and which held a section
//    that was rendered (opened or closed) is dropped with its line break; other lines stay,
//    white space and all (so a false section on a line of its own leaves a blank line).
// Not supported (no template uses them; compiling one says so): set delimiters ({{=<% %>=}}) and
// lambdas.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace lo::views::mustache {

struct Node;

class Template {
public:
    // Throws std::runtime_error with the mistake and where it is ("Unclosed section \"items\" at
    // 120"), as kainjow's messages read.
    explicit Template(std::string_view text);
    ~Template();
    Template(Template&&) noexcept;
    Template& operator=(Template&&) noexcept;

    const std::vector<Node>& nodes() const;

private:
    std::unique_ptr<std::vector<Node>> nodes_;
};

// Finds a partial by name: nullptr when there is none (the tag then renders nothing).
class Partials {
public:
    virtual ~Partials() = default;
    virtual const Template* find(const std::string& name) const = 0;
};

// Renders tmpl with the given context, innermost last: stack.back() is looked in first. Appends
// to out. Throws std::runtime_error when partials nest more than 64 deep (a partial that
// includes itself).
void render(const Template& tmpl,
            std::vector<const nlohmann::json*> stack,
            const Partials& partials,
            std::string& out);

// & < > " ' as entities, the rest as it is.
void append_escaped(std::string& out, std::string_view text);

}  // namespace lo::views::mustache
