// Markdown -> HTML with md4c, then a pass over the tags md4c wrote to add the design system's
// classes and heading ids. With MD_FLAG_NOHTML every '<' in md4c's output starts a tag it made
// itself (text arrives as &lt;), which is what makes this simple pass safe.
#include "web/markdown.hpp"

#include <array>
#include <set>
#include <utility>

#include <md4c-html.h>

#include "domain/validation.hpp"
#include "web/acronyms.hpp"
#include "web/phone_links.hpp"

namespace lo::web {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kClasses{{
    {"p", "govuk-body"},
    {"ul", "govuk-list govuk-list--bullet"},
    {"ol", "govuk-list govuk-list--number"},
    {"a", "govuk-link"},
    {"table", "govuk-table"},
    {"thead", "govuk-table__head"},
    {"tbody", "govuk-table__body"},
    {"tr", "govuk-table__row"},
    {"th", "govuk-table__header"},
    {"td", "govuk-table__cell"},
    {"blockquote", "govuk-inset-text"},
    {"hr", "govuk-section-break govuk-section-break--m govuk-section-break--visible"},
    {"h2", "govuk-heading-m"},
    {"h3", "govuk-heading-s"},
    {"h4", "govuk-heading-s"},
    {"h5", "govuk-heading-s"},
    {"h6", "govuk-heading-s"},
}};

std::string_view class_for(std::string_view tag) {
    for (const auto& [name, cls] : kClasses)
        if (name == tag) return cls;
    return {};
}

void append_output(const MD_CHAR* text, MD_SIZE size, void* userdata) {
    static_cast<std::string*>(userdata)->append(text, size);
}

std::string unescape_html(std::string_view s) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kEntities{{
        {"&amp;", "&"},
        {"&lt;", "<"},
        {"&gt;", ">"},
        {"&quot;", "\""},
        {"&#39;", "'"},
        {"&apos;", "'"},
    }};
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        bool replaced = false;
        if (s[i] == '&') {
            for (const auto& [entity, ch] : kEntities) {
                if (s.substr(i, entity.size()) == entity) {
                    out += ch;
                    i += entity.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) out.push_back(s[i++]);
    }
    return out;
}

// Text content of an HTML fragment made by md4c: tags dropped, entities decoded.
std::string text_of(std::string_view html) {
    std::string text;
    bool in_tag = false;
    for (char c : html) {
        if (c == '<')
            in_tag = true;
        else if (c == '>')
            in_tag = false;
        else if (!in_tag)
            text.push_back(c);
    }
    return unescape_html(text);
}

// True for relative addresses and for the schemes a reader can safely follow.
bool is_safe_address(std::string_view escaped, bool allow_mail_and_phone) {
    std::string url = unescape_html(escaped);
    std::string scheme;
    for (char c : url) {
        if (c == ':') break;
        if (c == '/' || c == '?' || c == '#') return true;       // relative, no scheme
        if (static_cast<unsigned char>(c) < 0x21) return false;  // hides a scheme from browsers
        scheme.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    }
    if (scheme.size() == url.size()) return true;  // no ':' at all
    if (scheme == "http" || scheme == "https") return true;
    return allow_mail_and_phone && (scheme == "mailto" || scheme == "tel");
}

// Removes attr="..." from a tag's attribute text when its value is not a safe address.
std::string check_address(std::string attributes, std::string_view attr, bool mail_and_phone) {
    const std::string key = " " + std::string(attr) + "=\"";
    const auto start = attributes.find(key);
    if (start == std::string::npos) return attributes;
    const auto value_start = start + key.size();
    const auto end = attributes.find('"', value_start);
    if (end == std::string::npos) return attributes;
    if (!is_safe_address(std::string_view(attributes).substr(value_start, end - value_start),
                         mail_and_phone))
        attributes.erase(start, end + 1 - start);
    return attributes;
}

class Decorator {
public:
    RenderedMarkdown run(std::string_view html) {
        RenderedMarkdown result;
        std::string& out = result.html;
        out.reserve(html.size() + html.size() / 4);
        std::size_t i = 0;
        while (i < html.size()) {
            const auto lt = html.find('<', i);
            if (lt == std::string_view::npos) {
                out.append(html.substr(i));
                break;
            }
            // Running text: acronyms spelled out at first use and, outside links, phone numbers
            // as tap-to-call links.
            const auto text = html.substr(i, lt - i);
            // (A heading keeps its short form: the text below it spells the acronym out.)
            if (heading_depth_ > 0)
                out.append(text);
            else if (link_depth_ > 0)
                out.append(acronyms_.expand(text));
            else
                out.append(link_phone_numbers(acronyms_.expand(text)));
            const auto gt = html.find('>', lt);
            if (gt == std::string_view::npos) {  // cannot happen with md4c; keep the text safe
                out.append(escape_html(html.substr(lt)));
                break;
            }
            const auto tag = html.substr(lt + 1, gt - lt - 1);
            i = gt + 1;
            const bool closing = !tag.empty() && tag.front() == '/';
            auto name_end = tag.find_first_of(" /", closing ? 1 : 0);
            if (name_end == std::string_view::npos) name_end = tag.size();
            std::string name(tag.substr(closing ? 1 : 0, name_end - (closing ? 1 : 0)));
            std::string attributes(tag.substr(name_end));
            if (name == "h1") name = "h2";  // the page's title is its only <h1>
            const int step = closing ? -1 : 1;
            if (name == "a") link_depth_ += step;
            if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6')
                heading_depth_ += step;
            if (closing) {
                out += "</" + name + ">";
                continue;
            }
            if (name == "a") attributes = check_address(attributes, "href", true);
            if (name == "img") attributes = check_address(attributes, "src", false);
            out += "<" + name;
            if (const auto cls = class_for(name); !cls.empty())
                out += " class=\"" + std::string(cls) + "\"";
            if (name == "h2") {
                // The heading's text runs to the next closing heading tag (headings never nest).
                const auto end = html.find("</h", i);
                const auto text = text_of(
                    html.substr(i, end == std::string_view::npos ? html.size() - i : end - i));
                const auto id = unique_id(text);
                out += " id=\"" + id + "\"";
                result.headings.push_back({id, text});
            }
            out += attributes + ">";
        }
        return result;
    }

private:
    std::string unique_id(const std::string& text) {
        std::string base = domain::slugify(text);
        if (base.empty()) base = "section";
        std::string id = base;
        for (int n = 2; !used_.insert(id).second; ++n) id = base + "-" + std::to_string(n);
        return id;
    }

    int link_depth_ = 0;
    int heading_depth_ = 0;
    AcronymExpander acronyms_;
    // Ids the layout and the advice page already use.
    std::set<std::string> used_{"main-content", "contents", "navigation"};
};

}  // namespace

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

RenderedMarkdown render_markdown(std::string_view markdown) {
    std::string html;
    const int rc = md_html(
        markdown.data(), static_cast<MD_SIZE>(markdown.size()), append_output, &html,
        MD_DIALECT_COMMONMARK | MD_FLAG_TABLES | MD_FLAG_NOHTML | MD_FLAG_PERMISSIVEEMAILAUTOLINKS,
        MD_HTML_FLAG_SKIP_UTF8_BOM);
    if (rc != 0) {
        // md4c only fails on running out of memory; show the text rather than nothing.
        return {"<p class=\"govuk-body\">" + escape_html(markdown) + "</p>\n", {}};
    }
    return Decorator{}.run(html);
}

}  // namespace lo::web
