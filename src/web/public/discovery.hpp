// What search engines read (README "Search engines"): /sitemap.xml, every public page worth
// finding, made from the store (so it follows every change), and /robots.txt, which keeps them
// out of the admin, the search result pages and the pages about one family.
#pragma once

#include "http/request.hpp"
#include "http/response.hpp"
#include "web/context.hpp"

namespace lo::web::public_ {

// GET /sitemap.xml  the home page, the lists, each published service, organisation, advice page,
// category and need, with the date it last changed where the store knows it.
http::Response sitemap_xml(Context& ctx, const http::Request& req);

// GET /robots.txt
http::Response robots_txt(Context& ctx, const http::Request& req);

}  // namespace lo::web::public_
