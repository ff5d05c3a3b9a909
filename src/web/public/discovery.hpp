// What search engines read (README "Search engines"): /sitemap.xml, every public page worth
// finding, made from the store (so it follows every change), and /robots.txt, which keeps them
// out of the admin, the search result pages and the pages about one family.
#pragma once

#include "http/request.hpp"
#include "http/response.hpp"
#include "web/context.hpp"

namespace lo::web::public_ {

// The sitemaps protocol's limit on the addresses in one file.
constexpr int kSitemapMaxUrls = 50000;

// GET /sitemap.xml  the home page, the lists, each published service, organisation, advice page,
// category and need, with the date it last changed where the store knows it. Beyond per_file
// addresses it is a sitemap index of numbered files instead (a regional directory).
http::Response sitemap_xml(Context& ctx, const http::Request& req);

// GET /sitemaps/{file}  the numbered file ("3.xml") of a sitemap index; 404 when there is none.
http::Response sitemap_file(Context& ctx, const http::Request& req);

// The two above with another limit per file, so that tests can see an index without 50,000
// services.
http::Response sitemap_xml(Context& ctx, const http::Request& req, int per_file);
http::Response sitemap_file(Context& ctx, const http::Request& req, int per_file);

// GET /robots.txt
http::Response robots_txt(Context& ctx, const http::Request& req);

}  // namespace lo::web::public_
