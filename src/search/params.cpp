// Reading and checking search parameters.
#include "search/params.hpp"

#include "domain/echo.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "domain/model.hpp"
#include "search/vocabulary.hpp"

namespace lo::search {
namespace {

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

// Cuts s to at most n characters (not bytes) without splitting a UTF-8 sequence, and replaces
// bytes that are not UTF-8 with spaces.
std::string clean_utf8(std::string_view s, std::size_t n, bool& shortened) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80           ? 1
                          : (c >> 5) == 0x6  ? 2
                          : (c >> 4) == 0xE  ? 3
                          : (c >> 3) == 0x1E ? 4
                                             : 0;
        bool ok = len > 0 && i + len <= s.size();
        for (std::size_t k = 1; ok && k < len; ++k)
            ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (chars == n) {
            shortened = true;
            break;
        }
        if (ok && c >= 0x20) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += ' ';
            i += ok ? len : 1;
        }
        ++chars;
    }
    return out;
}

std::vector<std::string> values(const std::vector<std::pair<std::string, std::string>>& query,
                                std::string_view name) {
    std::vector<std::string> out;
    for (const auto& [k, v] : query) {
        if (k != name) continue;
        std::string_view rest = v;
        while (true) {
            const auto comma = rest.find(',');
            auto item = trim(rest.substr(0, comma));
            if (!item.empty() && item.size() <= 100) out.push_back(item);
            if (item.size() > 100)
                throw BadParameter(std::string(name), "The " + std::string(name) +
                                                          " value is too long. Choose one from "
                                                          "the list of filters.");
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return out;
}

std::optional<std::string> single(const std::vector<std::pair<std::string, std::string>>& query,
                                  std::string_view name) {
    for (const auto& [k, v] : query)
        if (k == name) {
            auto t = trim(v);
            if (!t.empty()) return t;
        }
    return std::nullopt;
}

std::optional<long long> whole_number(const std::string& s) {
    long long n = 0;
    const auto* end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(s.data(), end, n);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    return n;
}

std::string echo(const std::string& s) {
    return domain::echo_text(s, 40);
}

}  // namespace

SearchParams parse_search_params(const std::vector<std::pair<std::string, std::string>>& query) {
    SearchParams p;
    if (auto q = single(query, "q")) p.q = trim(clean_utf8(*q, kMaxQueryLength, p.q_shortened));
    if (auto l = single(query, "location")) {
        bool ignored = false;
        p.location = trim(clean_utf8(*l, 100, ignored));
    }
    if (auto a = single(query, "age")) {
        const auto n = whole_number(*a);
        if (!n || *n < 0 || *n > 25)
            throw BadParameter("age",
                               "Age must be a whole number of years from 0 to 25, like 4. "
                               "You gave \"" +
                                   echo(*a) + "\".");
        p.age = static_cast<int>(*n);
    }
    if (auto r = single(query, "radius")) {
        double miles = 0;
        const auto* end = r->data() + r->size();
        const auto [ptr, ec] = std::from_chars(r->data(), end, miles);
        if (ec != std::errc() || ptr != end || !std::isfinite(miles) || miles <= 0 ||
            miles > kMaxRadiusMiles)
            throw BadParameter("radius",
                               "Distance (radius) must be a number of miles more than 0 "
                               "and up to 100, like 5. You gave \"" +
                                   echo(*r) + "\".");
        p.radius = miles;
    }
    p.categories = values(query, "category");
    p.needs = values(query, "need");
    for (const auto& a : values(query, "access")) {
        if (!domain::referral_route_from_code(a))
            throw BadParameter("access", "We do not know the way in \"" + echo(a) +
                                             "\". Use self, gp, health_professional, school, "
                                             "social_worker or ehc_plan.");
        p.access.push_back(a);
    }
    for (const auto& m : values(query, "mode")) {
        if (!domain::delivery_mode_from_code(m))
            throw BadParameter("mode", "We do not know the way of getting support \"" + echo(m) +
                                           "\". Use in_person, online, phone or home_visit.");
        p.modes.push_back(m);
    }
    for (const auto& d : values(query, "day")) {
        auto code = ascii_lower(d);
        static const std::pair<const char*, const char*> kDays[] = {
            {"monday", "MO"}, {"tuesday", "TU"},  {"wednesday", "WE"}, {"thursday", "TH"},
            {"friday", "FR"}, {"saturday", "SA"}, {"sunday", "SU"}};
        std::string found;
        for (const auto& [name, c] : kDays)
            if (code == name || code == ascii_lower(c)) found = c;
        if (found.empty())
            throw BadParameter("day", "We do not know the day \"" + echo(d) +
                                          "\". Use a day of the week, like monday.");
        p.days.push_back(found);
    }
    if (auto f = single(query, "free")) {
        const auto v = ascii_lower(*f);
        if (v == "1" || v == "true" || v == "yes" || v == "on")
            p.free_only = true;
        else if (!(v == "0" || v == "false" || v == "no" || v == "off"))
            throw BadParameter("free",
                               "Free must be yes or no (free=yes shows only free services).");
    }
    if (auto sp = single(query, "spelling")) {
        const auto v = ascii_lower(*sp);
        if (v == "as-typed")
            p.as_typed = true;
        else if (v != "corrected")
            throw BadParameter("spelling",
                               "Spelling must be as-typed (search the words exactly as typed) "
                               "or corrected (the default).");
    }
    if (auto so = single(query, "sort")) {
        const auto v = ascii_lower(*so);
        if (v != "relevance" && v != "distance" && v != "name")
            throw BadParameter("sort",
                               "Sort must be relevance (best match first), distance (nearest "
                               "first) or name (A to Z). You gave \"" +
                                   echo(*so) + "\".");
        p.sort = v;
    }
    if (auto pg = single(query, "page")) {
        const auto n = whole_number(*pg);
        if (!n || *n < 1 || *n > kMaxPage)
            throw BadParameter("page", "Page must be a whole number from 1 to " +
                                           std::to_string(kMaxPage) + ". You gave \"" + echo(*pg) +
                                           "\".");
        p.page = static_cast<int>(*n);
    }
    if (auto pp = single(query, "per_page")) {
        const auto n = whole_number(*pp);
        if (!n || *n < 1 || *n > kMaxPerPage)
            throw BadParameter("per_page",
                               "Results per page (per_page) must be a whole number "
                               "from 1 to " +
                                   std::to_string(kMaxPerPage) + ".");
        p.per_page = static_cast<int>(*n);
    }
    return p;
}

namespace {
std::string encode(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            out += static_cast<char>(c);
        else if (c == ' ')
            out += '+';
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}
}  // namespace

std::string to_query_string(const SearchParams& p, int page) {
    std::string out;
    const auto add = [&](std::string_view k, std::string_view v) {
        if (v.empty()) return;
        if (!out.empty()) out += '&';
        out += std::string(k) + "=" + encode(v);
    };
    add("q", p.q);
    add("location", p.location);
    if (p.radius) {
        std::string r = std::to_string(*p.radius);
        r.erase(r.find_last_not_of('0') + 1);
        if (r.back() == '.') r.pop_back();
        add("radius", r);
    }
    if (p.age) add("age", std::to_string(*p.age));
    for (const auto& v : p.categories) add("category", v);
    for (const auto& v : p.needs) add("need", v);
    for (const auto& v : p.access) add("access", v);
    if (p.free_only) add("free", "yes");
    for (const auto& v : p.modes) add("mode", v);
    for (const auto& v : p.days) add("day", v);
    if (p.as_typed) add("spelling", "as-typed");
    add("sort", p.sort);
    if (p.per_page != kDefaultPerPage) add("per_page", std::to_string(p.per_page));
    if (page > 1) add("page", std::to_string(page));
    return out;
}

std::string cache_key(const SearchParams& p) {
    std::string key;
    key.reserve(64 + p.q.size() + p.location.size());
    const auto add = [&](char tag, std::string_view v) {
        key += tag;
        key += std::to_string(v.size());
        key += ':';
        key += v;
    };
    add('q', p.q);
    add('l', p.location);
    if (p.radius) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", *p.radius);
        add('r', buf);
    }
    if (p.age) add('a', std::to_string(*p.age));
    for (const auto& [tag, values] :
         {std::pair{'c', &p.categories}, std::pair{'n', &p.needs}, std::pair{'x', &p.access},
          std::pair{'m', &p.modes}, std::pair{'d', &p.days}}) {
        key += tag;
        key += std::to_string(values->size());
        for (const auto& v : *values) add(':', v);
    }
    key += p.free_only ? 'F' : 'f';
    key += p.q_shortened ? 'S' : 's';
    key += p.as_typed ? 'T' : 't';
    add('o', p.sort);
    add('p', std::to_string(p.page));
    add('P', std::to_string(p.per_page));
    return key;
}

}  // namespace lo::search
