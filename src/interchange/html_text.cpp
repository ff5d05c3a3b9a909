// A small, forgiving HTML-to-text converter for imported descriptions. It never outputs '<'
// followed by a letter from the input's markup, so no tag survives.
#include "interchange/html_text.hpp"

#include <cctype>
#include <cstdint>

namespace lo::interchange {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x110000) {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Decodes the entity starting at s[i] == '&'; returns characters consumed (0 if not an entity).
std::size_t decode_entity(std::string_view s, std::size_t i, std::string& out) {
    const auto end = s.find(';', i);
    if (end == std::string_view::npos || end - i > 10) return 0;
    const auto name = s.substr(i + 1, end - i - 1);
    static const std::pair<const char*, const char*> kNamed[] = {
        {"amp", "&"},        {"lt", "<"},          {"gt", ">"},         {"quot", "\""},
        {"apos", "'"},       {"nbsp", " "},        {"ndash", "\u2013"}, {"mdash", "\u2014"},
        {"rsquo", "\u2019"}, {"lsquo", "\u2018"},  {"rdquo", "\u201D"}, {"ldquo", "\u201C"},
        {"pound", "\u00A3"}, {"hellip", "\u2026"}, {"bull", "\u2022"},  {"copy", "\u00A9"},
        {"eacute", "\u00E9"}};
    if (!name.empty() && name[0] == '#') {
        std::uint32_t cp = 0;
        const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        const auto digits = name.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 7) return 0;
        for (char c : digits) {
            const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                          : hex && std::isxdigit(static_cast<unsigned char>(c))
                              ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                              : -1;
            if (v < 0) return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
        }
        if (cp == 0xA0) cp = ' ';
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        append_utf8(out, cp);
        return end - i + 1;
    }
    for (const auto& [n, text] : kNamed)
        if (name == n) {
            out += text;
            return end - i + 1;
        }
    return 0;
}

}  // namespace

bool looks_like_html(std::string_view s) {
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        if (s[i] == '<' && (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '/'))
            return true;
        if (s[i] == '&' && s.find(';', i) != std::string_view::npos && s.find(';', i) - i < 10)
            return true;
    }
    return false;
}

std::string html_to_text(std::string_view html) {
    std::string raw;  // text with '\n' for line breaks and '\v' for paragraph breaks
    std::size_t i = 0;
    while (i < html.size()) {
        const char c = html[i];
        if (c == '<') {
            const auto close = html.find('>', i);
            if (close == std::string_view::npos) break;  // an unfinished tag: drop the rest
            auto tag = lower(html.substr(i + 1, close - i - 1));
            const bool closing = !tag.empty() && tag[0] == '/';
            if (closing) tag.erase(0, 1);
            std::size_t n = 0;
            while (n < tag.size() && std::isalnum(static_cast<unsigned char>(tag[n]))) ++n;
            const auto name = tag.substr(0, n);
            i = close + 1;
            if (!closing && (name == "script" || name == "style")) {
                const auto end = lower(html.substr(i)).find("</" + name);
                i = end == std::string::npos ? html.size() : i + end;
                continue;
            }
            if (name == "br") {
                raw.push_back('\n');
            } else if (name == "li") {
                if (!closing)
                    raw += "\n- ";
                else
                    raw.push_back('\n');
            } else if (name == "p" || name == "div" || name == "ul" || name == "ol" ||
                       name == "table" || name == "tr" || name == "blockquote" ||
                       (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6')) {
                raw.push_back('\v');
            } else if (name == "td" || name == "th") {
                raw.push_back(' ');
            }
            continue;
        }
        if (c == '&') {
            if (const auto used = decode_entity(html, i, raw)) {
                i += used;
                continue;
            }
        }
        raw.push_back(c == '\t' || c == '\r' ? ' ' : c);
        ++i;
    }
    // Normalise: trim lines, collapse spaces, at most one blank line between paragraphs.
    std::string out;
    std::string line;
    int pending_breaks = 0;  // 1 = new line, 2 = new paragraph
    const auto flush = [&] {
        while (!line.empty() && line.back() == ' ') line.pop_back();
        if (line.empty() || line == "-") {
            line.clear();
            return;
        }
        if (!out.empty()) out += pending_breaks >= 2 ? "\n\n" : "\n";
        out += line;
        line.clear();
        pending_breaks = 0;
    };
    for (std::size_t k = 0; k < raw.size(); ++k) {
        const char ch = raw[k];
        if (ch == '\n' || ch == '\v') {
            flush();
            pending_breaks = std::max(pending_breaks, ch == '\v' ? 2 : 1);
            continue;
        }
        // A non-breaking space (UTF-8 C2 A0) is a space.
        if (static_cast<unsigned char>(ch) == 0xC2 && k + 1 < raw.size() &&
            static_cast<unsigned char>(raw[k + 1]) == 0xA0) {
            ++k;
            if (!line.empty() && line.back() != ' ') line.push_back(' ');
            continue;
        }
        if (ch == ' ') {
            if (!line.empty() && line.back() != ' ') line.push_back(' ');
            continue;
        }
        line.push_back(ch);
    }
    flush();
    // A "<" left in the text (from "&lt;") must not start a tag when shown: it is text, and
    // every page escapes text, but keep the output free of "<letter" anyway.
    std::string safe;
    for (std::size_t k = 0; k < out.size(); ++k) {
        safe.push_back(out[k]);
        if (out[k] == '<' && k + 1 < out.size() &&
            (std::isalpha(static_cast<unsigned char>(out[k + 1])) || out[k + 1] == '/' ||
             out[k + 1] == '!'))
            safe.push_back(' ');
    }
    return safe;
}

}  // namespace lo::interchange
