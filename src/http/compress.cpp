// gzip compression of response bodies with zlib.
#include "http/compress.hpp"

#include <zlib.h>

#include <climits>
#include <stdexcept>

#include "http/ascii.hpp"

namespace lo::http {
namespace {

// Window bits 15 plus 16 asks zlib for a gzip header and trailer instead of a zlib one.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemLevel = 8;

// A qvalue (RFC 9110 section 12.4.2) is "0", "1" or "0."/"1." with up to three digits. Anything
// unparseable counts as 0, so a garbled header gets the plain body, which every client can read.
bool qvalue_is_positive(std::string_view q) {
    q = trim(q);
    if (q.empty()) return false;
    if (q.front() == '1') return true;
    if (q.front() != '0') return false;
    return q.find_first_of("123456789") != std::string_view::npos;
}

}  // namespace

std::string gzip_compress(std::string_view data, int level) {
    // avail_in is 32 bits wide; response bodies are nowhere near that.
    if (data.size() > UINT_MAX) throw std::runtime_error("gzip_compress: input too large");
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        throw std::runtime_error("zlib deflateInit2 failed");
    }
    // deflateBound is enough for the whole output, so one Z_FINISH call does all the work.
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const std::size_t produced = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("zlib deflate failed");
    out.resize(produced);
    return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
    bool gzip_named = false;
    bool gzip_ok = false;
    bool star_ok = false;
    while (!accept_encoding.empty()) {
        const std::size_t comma = accept_encoding.find(',');
        const std::string_view item = accept_encoding.substr(0, comma);
        accept_encoding = comma == std::string_view::npos ? std::string_view{}
                                                          : accept_encoding.substr(comma + 1);

        const std::size_t semi = item.find(';');
        const std::string_view coding = trim(item.substr(0, semi));
        std::string_view params =
            semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1);
        bool positive = true;
        while (!params.empty()) {
            const std::size_t next = params.find(';');
            const std::string_view param = params.substr(0, next);
            params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
            const std::size_t eq = param.find('=');
            if (eq != std::string_view::npos && iequals(trim(param.substr(0, eq)), "q")) {
                positive = qvalue_is_positive(param.substr(eq + 1));
            }
        }

        if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
            gzip_named = true;
            gzip_ok = positive;
        } else if (coding == "*") {
            star_ok = positive;
        }
    }
    return gzip_named ? gzip_ok : star_ok;
}

bool is_compressible_type(std::string_view content_type) {
    const std::string media_type = to_lower(trim(content_type.substr(0, content_type.find(';'))));
    return media_type == "text/html" || media_type == "text/css" || media_type == "text/plain" ||
           media_type == "application/javascript" || media_type == "application/json" ||
           media_type == "image/svg+xml";
}

bool gzip_if_accepted(Response& res, std::string_view accept_encoding) {
    // Partial and bodiless statuses must keep their bytes exactly as the handler made them.
    if (res.status < 200 || res.status == 204 || res.status == 206 || res.status == 304) {
        return false;
    }
    if (res.body.size() <= kMinGzipBytes || !is_compressible_type(res.header("Content-Type"))) {
        return false;
    }
    const std::string_view existing_encoding = trim(res.header("Content-Encoding"));
    if (!existing_encoding.empty() && !iequals(existing_encoding, "identity")) return false;

    const std::string vary = std::string(res.header("Vary"));
    if (vary.empty()) {
        res.set_header("Vary", "Accept-Encoding");
    } else if (to_lower(vary).find("accept-encoding") == std::string::npos && vary != "*") {
        res.set_header("Vary", vary + ", Accept-Encoding");
    }

    if (!accepts_gzip(accept_encoding)) return false;
    res.body = gzip_compress(res.body);
    res.set_header("Content-Encoding", "gzip");
    return true;
}

}  // namespace lo::http
