// Request accessors and make_request, the single place where a raw target is decoded and checked.
#include "http/request.hpp"

#include "http/ascii.hpp"
#include "http/error.hpp"
#include "http/url.hpp"

namespace lo::http {
namespace {

struct MethodName {
    Method method;
    std::string_view name;
};

constexpr MethodName kMethodNames[] = {
    {Method::Get, "GET"},         {Method::Head, "HEAD"},   {Method::Post, "POST"},
    {Method::Put, "PUT"},         {Method::Patch, "PATCH"}, {Method::Delete, "DELETE"},
    {Method::Options, "OPTIONS"},
};

bool has_dot_dot_segment(std::string_view path) {
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
        if (path.substr(start, end - start) == "..") return true;
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return false;
}

}  // namespace

std::optional<std::string> Request::query_value(std::string_view name) const {
    for (const auto& [key, value] : query) {
        if (key == name) return value;
    }
    return std::nullopt;
}

std::vector<std::string> Request::query_values(std::string_view name) const {
    std::vector<std::string> values;
    for (const auto& [key, value] : query) {
        if (key == name) values.push_back(value);
    }
    return values;
}

std::string_view Request::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (iequals(key, name)) return value;
    }
    return {};
}

std::string form_value(const FormFields& form, std::string_view name) {
    for (const auto& [key, value] : form)
        if (key == name) return value;
    return {};
}

std::vector<std::string> form_values(const FormFields& form, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& [key, value] : form)
        if (key == name && !value.empty()) out.push_back(value);
    return out;
}

std::vector<std::pair<std::string, std::string>> Request::form() const {
    auto pairs = parse_query(body);
    if (!pairs) {
        throw HttpError(400,
                        "The form data could not be read: it contains a \"%\" that is not followed "
                        "by two hexadecimal digits, or text that is not UTF-8.");
    }
    return std::move(*pairs);
}

std::string Request::param(std::string_view name) const {
    const auto it = params.find(std::string(name));
    return it == params.end() ? std::string{} : it->second;
}

Method parse_method(std::string_view method) {
    for (const auto& entry : kMethodNames) {
        if (entry.name == method) return entry.method;
    }
    return Method::Other;
}

std::string_view method_name(Method method) {
    for (const auto& entry : kMethodNames) {
        if (entry.method == method) return entry.name;
    }
    return "OTHER";
}

Request make_request(std::string_view method, std::string_view target) {
    const std::string_view raw_path = target_path(target);
    if (raw_path.empty() || raw_path.front() != '/') {
        throw HttpError(400, "The web address must start with \"/\".");
    }

    Request req;
    req.method = parse_method(method);
    req.target = std::string(target);

    auto path = percent_decode(raw_path, false);
    if (!path) {
        throw HttpError(400,
                        "The web address contains a \"%\" that is not followed by two "
                        "hexadecimal digits.");
    }
    if (path->find('\0') != std::string::npos) {
        throw HttpError(400,
                        "The web address contains a NUL character (%00), which is not allowed.");
    }
    if (!is_valid_utf8(*path)) {
        throw HttpError(400, "The web address contains characters that are not valid UTF-8.");
    }
    // Nothing legitimate sends ".." (browsers resolve it first), and rejecting it here means no
    // handler serving files has to remember to.
    if (has_dot_dot_segment(*path)) {
        throw HttpError(400, "The web address contains a \"..\" segment, which is not allowed.");
    }
    req.path = std::move(*path);

    const std::size_t question = target.find('?');
    if (question != std::string_view::npos) {
        const std::string_view qs = target.substr(question + 1);
        auto query = parse_query(qs);
        if (!query) {
            // parse_query does not say why it failed; decoding the whole string tells the two
            // causes apart, and this only runs on bad input.
            if (!percent_decode(qs, true)) {
                throw HttpError(400,
                                "The query string contains a \"%\" that is not followed by two "
                                "hexadecimal digits.");
            }
            throw HttpError(400, "The query string contains characters that are not valid UTF-8.");
        }
        req.query = std::move(*query);
    }
    return req;
}

}  // namespace lo::http
