// Tests for http/compress.hpp: gzip output decompresses to the input, and when responses qualify.
#include "http/compress.hpp"

#include <zlib.h>

#include <stdexcept>

#include <gtest/gtest.h>

namespace lo::http {
namespace {

std::string gunzip(std::string_view compressed) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    zs.avail_in = static_cast<uInt>(compressed.size());
    std::string out;
    char chunk[4096];
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(chunk);
        zs.avail_out = sizeof chunk;
        rc = inflate(&zs, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - zs.avail_out);
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("not a complete gzip stream");
    return out;
}

std::string page_of(std::size_t bytes) {
    std::string s;
    while (s.size() < bytes) s += "<li>Sensory play group, Tuesdays</li>\n";
    s.resize(bytes);
    return s;
}

TEST(GzipCompress, RoundTrips) {
    for (const std::string& input :
         {std::string(), std::string("x"), page_of(100'000), std::string("\0\xFF\x01", 3)}) {
        const std::string compressed = gzip_compress(input);
        ASSERT_GE(compressed.size(), 18u);  // gzip header and trailer
        EXPECT_EQ(static_cast<unsigned char>(compressed[0]), 0x1F);
        EXPECT_EQ(static_cast<unsigned char>(compressed[1]), 0x8B);
        EXPECT_EQ(gunzip(compressed), input);
    }
    EXPECT_LT(gzip_compress(page_of(100'000)).size(), 5'000u);
}

TEST(AcceptsGzip, ReadsAcceptEncoding) {
    EXPECT_TRUE(accepts_gzip("gzip"));
    EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
    EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
    EXPECT_TRUE(accepts_gzip("x-gzip"));
    EXPECT_TRUE(accepts_gzip("*"));
    EXPECT_TRUE(accepts_gzip("gzip;q=0.001"));
    EXPECT_TRUE(accepts_gzip("gzip ; q = 1"));

    EXPECT_FALSE(accepts_gzip(""));
    EXPECT_FALSE(accepts_gzip("identity"));
    EXPECT_FALSE(accepts_gzip("deflate, br"));
    EXPECT_FALSE(accepts_gzip("gzip;q=0"));
    EXPECT_FALSE(accepts_gzip("gzip;q=0.000"));
    EXPECT_FALSE(accepts_gzip("*, gzip;q=0"));  // naming gzip overrides the wildcard
    EXPECT_FALSE(accepts_gzip("*;q=0"));
    EXPECT_FALSE(accepts_gzip("gzipped"));
}

TEST(IsCompressibleType, TextualTypesOnly) {
    EXPECT_TRUE(is_compressible_type("text/html; charset=utf-8"));
    EXPECT_TRUE(is_compressible_type("text/css"));
    EXPECT_TRUE(is_compressible_type("text/plain;charset=utf-8"));
    EXPECT_TRUE(is_compressible_type("application/javascript"));
    EXPECT_TRUE(is_compressible_type("Application/JSON"));
    EXPECT_TRUE(is_compressible_type("image/svg+xml"));
    EXPECT_FALSE(is_compressible_type("image/png"));
    EXPECT_FALSE(is_compressible_type("application/pdf"));
    EXPECT_FALSE(is_compressible_type(""));
}

TEST(GzipIfAccepted, CompressesLargeTextWhenAccepted) {
    const std::string body = page_of(5000);
    Response res = Response::html(body);
    EXPECT_TRUE(gzip_if_accepted(res, "gzip, deflate"));
    EXPECT_EQ(res.header("Content-Encoding"), "gzip");
    EXPECT_EQ(res.header("Vary"), "Accept-Encoding");
    EXPECT_EQ(gunzip(res.body), body);
}

TEST(GzipIfAccepted, LeavesSmallBodiesAlone) {
    Response res = Response::html(page_of(kMinGzipBytes));
    EXPECT_FALSE(gzip_if_accepted(res, "gzip"));
    EXPECT_EQ(res.header("Content-Encoding"), "");
    EXPECT_EQ(res.header("Vary"), "");
}

TEST(GzipIfAccepted, SetsVaryEvenWhenThisClientGetsItPlain) {
    Response res = Response::json(page_of(5000));
    EXPECT_FALSE(gzip_if_accepted(res, "gzip;q=0"));
    EXPECT_EQ(res.body, page_of(5000));
    EXPECT_EQ(res.header("Vary"), "Accept-Encoding");
}

TEST(GzipIfAccepted, AppendsToAnExistingVary) {
    Response res = Response::html(page_of(5000));
    res.set_header("Vary", "Cookie");
    EXPECT_TRUE(gzip_if_accepted(res, "gzip"));
    EXPECT_EQ(res.header("Vary"), "Cookie, Accept-Encoding");
}

TEST(GzipIfAccepted, SkipsEncodedBinaryAndPartialResponses) {
    Response encoded = Response::html(page_of(5000));
    encoded.set_header("Content-Encoding", "br");
    EXPECT_FALSE(gzip_if_accepted(encoded, "gzip"));

    Response png;
    png.body = page_of(5000);
    png.set_header("Content-Type", "image/png");
    EXPECT_FALSE(gzip_if_accepted(png, "gzip"));

    Response partial = Response::text(page_of(5000), 206);
    EXPECT_FALSE(gzip_if_accepted(partial, "gzip"));
}

}  // namespace
}  // namespace lo::http
