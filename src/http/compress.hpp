// gzip for responses: the zlib wrapper and the rules for when compressing a response is worth it.
// Plain C++ (zlib only) so the rules are unit-tested without a socket.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http/response.hpp"

namespace lo::http {

// Bodies this size or smaller are sent as they are: the gzip header and the CPU cost outweigh
// the saving.
inline constexpr std::size_t kMinGzipBytes = 1024;

// Compresses data into the gzip format (RFC 1952). level is zlib's 1..9. Throws std::runtime_error
// if zlib fails, which in practice means out of memory.
std::string gzip_compress(std::string_view data, int level = 6);

// True if an Accept-Encoding value allows gzip: "gzip" or "x-gzip" with a q above 0, or "*" with a
// q above 0 when gzip is not named. Case-insensitive. "gzip;q=0" refuses it.
bool accepts_gzip(std::string_view accept_encoding);

// text/html, text/css, text/plain, application/javascript, application/json and image/svg+xml,
// ignoring parameters such as "; charset=utf-8".
bool is_compressible_type(std::string_view content_type);

// Compresses res.body in place and sets Content-Encoding: gzip if the response is a compressible
// type, larger than kMinGzipBytes, not already encoded, and the client accepts gzip. Adds
// "Accept-Encoding" to Vary whenever the response qualifies, even if this client gets it plain,
// so caches do not hand the compressed copy to a client that cannot read it. Returns true if it
// compressed.
bool gzip_if_accepted(Response& res, std::string_view accept_encoding);

}  // namespace lo::http
