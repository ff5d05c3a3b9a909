// /static/{*path}: files from ctx.static_dir only. The path is checked segment by segment and
// the resolved file must still lie inside the folder (no "..", no symlink out). Hashed names
// (app.3f2a9c1b.css) are cached for a year; everything gets an ETag and answers If-None-Match.
#include "web/public/pages.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "http/ascii.hpp"
#include "http/error.hpp"

namespace lo::web::public_ {
namespace {

namespace fs = std::filesystem;

constexpr const char kNotFound[] =
    "We could not find that file. If you followed a link, the page may be out of date: go back "
    "and reload it.";

constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kContentTypes{{
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".map", "application/json; charset=utf-8"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
}};

std::string_view content_type(std::string_view name) {
    for (const auto& [ext, type] : kContentTypes)
        if (name.size() > ext.size() && name.ends_with(ext)) return type;
    return {};
}

// Segments of plain file-name characters; nothing hidden, empty, "." or "..".
bool is_safe_relative_path(std::string_view path) {
    if (path.empty() || path.size() > 512) return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const auto segment = path.substr(start, end - start);
        if (segment.empty() || segment.front() == '.') return false;
        for (char c : segment) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            if (!ok) return false;
        }
        start = end + 1;
    }
    return true;
}

// True for "app.3f2a9c1b.css": a middle part of 8 or more hex digits.
bool has_content_hash(std::string_view name) {
    const auto first = name.find('.');
    const auto last = name.rfind('.');
    if (first == std::string_view::npos || first == last) return false;
    std::size_t start = first + 1;
    while (start < last) {
        auto end = name.find('.', start);
        const auto part = name.substr(start, end - start);
        if (part.size() >= 8 &&
            part.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos)
            return true;
        start = end + 1;
    }
    return false;
}

// 64-bit FNV-1a: an ETag needs to change with the content, not to resist attack.
std::string etag_of(std::string_view content) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : content) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
    return buf;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    std::size_t start = 0;
    while (start <= if_none_match.size()) {
        auto end = if_none_match.find(',', start);
        if (end == std::string_view::npos) end = if_none_match.size();
        auto tag = http::trim(if_none_match.substr(start, end - start));
        if (tag == "*") return true;
        if (tag.starts_with("W/")) tag.remove_prefix(2);  // weak comparison, RFC 9110 13.1.2
        if (tag == etag) return true;
        start = end + 1;
    }
    return false;
}

bool is_inside(const fs::path& root, const fs::path& p) {
    auto r = root.begin();
    auto q = p.begin();
    for (; r != root.end(); ++r, ++q) {
        if (q == p.end() || *r != *q) return false;
    }
    return true;
}

}  // namespace

http::Response static_file(Context& ctx, const http::Request& req) {
    const auto rel = req.param("path");
    if (!is_safe_relative_path(rel)) throw http::HttpError(404, kNotFound);
    const auto type = content_type(rel);
    if (type.empty() || ctx.static_dir.empty()) throw http::HttpError(404, kNotFound);

    std::error_code ec;
    const auto root = fs::canonical(ctx.static_dir, ec);
    if (ec) throw http::HttpError(404, kNotFound, "static folder missing: " + ctx.static_dir);
    const auto file = fs::canonical(root / rel, ec);
    if (ec || !is_inside(root, file) || !fs::is_regular_file(file, ec))
        throw http::HttpError(404, kNotFound);

    std::ifstream in(file, std::ios::binary);
    if (!in) throw http::HttpError(404, kNotFound, "cannot read " + file.string());
    std::ostringstream content;
    content << in.rdbuf();
    std::string body = std::move(content).str();

    const auto etag = etag_of(body);
    const auto name = file.filename().string();
    const std::string cache =
        has_content_hash(name) ? "public, max-age=31536000, immutable" : "public, max-age=3600";
    http::Response res;
    if (etag_matches(req.header("If-None-Match"), etag)) {
        res.status = 304;
    } else {
        res.status = 200;
        res.body = std::move(body);
        res.set_header("Content-Type", std::string(type));
    }
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", cache);
    res.set_header("X-Content-Type-Options", "nosniff");
    return res;
}

}  // namespace lo::web::public_
