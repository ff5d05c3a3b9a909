// What every HTML page shares: the layout's model (title, site, navigation, breadcrumbs), the
// ?page=N rules for long lists and the pagination component's model.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "http/request.hpp"
#include "http/response.hpp"
#include "web/context.hpp"

namespace lo::web {

// The path of the request this thread is handling, so the layout's "Is this page useful?" form
// can say which page an answer is about without every handler passing it. Set by routes.cpp
// around each dispatch; handlers run synchronously on one thread, so this is never shared.
class CurrentPath {
public:
    explicit CurrentPath(std::string path);
    ~CurrentPath();
    CurrentPath(const CurrentPath&) = delete;
    CurrentPath& operator=(const CurrentPath&) = delete;
    static const std::string& get();  // "" outside a request
};

// Which item of the service navigation is the current one.
enum class Section { None, Home, Categories, Needs, Advice };

// Whether the page is the section's own first page (/categories) or a page inside it
// (/categories/health): the navigation says aria-current="page" or aria-current="true".
enum class Place { SectionPage, InsideSection };

// The layout's model. title is the page's own name ("Speech and language therapy"); the <title>
// becomes "title – SEND Local Offer – Council" ("SEND Local Offer – Council" on the home page,
// where title is empty).
nlohmann::json page_model(const Context& ctx,
                          const std::string& title,
                          Section section,
                          Place place = Place::InsideSection);

// Replaces the page's meta description with its own summary, cut at a word to about 160
// characters (what search engines show); an empty text leaves the site's description.
void set_meta_description(nlohmann::json& model, std::string_view text);

// Adds one breadcrumb (the pages above this one; the current page is not a breadcrumb).
void add_breadcrumb(nlohmann::json& model, const std::string& text, const std::string& href);

// Caching for HTML pages: a 200 text/html answer to a GET that set no Cache-Control of its own
// gets "Cache-Control: no-cache" (the browser may keep it but asks each time) and a weak ETag of
// its body; when the request's If-None-Match holds that ETag the answer becomes an empty 304.
// Pages about one family (the checker, the shortlist) set "no-store" and are left alone.
void revalidate_html(const http::Request& req, http::Response& res);
// The first half of revalidate_html: "Cache-Control: no-cache" and the weak ETag of the body.
void add_validator(http::Response& res);
// Whether an If-None-Match header value holds etag (weak comparison; "*" holds any).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// Renders templates/<page>.mustache in the layout as a text/html response.
http::Response render_page(const Context& ctx,
                           const std::string& page,
                           const nlohmann::json& model,
                           int status = 200);

inline constexpr int kPageSize = 20;

// One page of a long list. Built by paginate(), which checks ?page=N against the total.
struct Pagination {
    int page = 1;
    int total_pages = 1;
    std::int64_t total = 0;
    int per_page = kPageSize;
    int offset() const { return (page - 1) * per_page; }
};

// Reads ?page=N (absent means 1). Throws HttpError 400 when it is not a whole number of 1 or
// more, and 404 when it is past the last page (page 1 of an empty list is fine).
Pagination paginate(const http::Request& req, std::int64_t total, int per_page = kPageSize);

// The model for partials/pagination: previous/next links and numbered pages with ellipses,
// linking to base_path?page=N, or base_path&page=N when base_path has a query (page 1 links to
// base_path itself). Null when there is one page.
nlohmann::json pagination_model(const Pagination& p, const std::string& base_path);

// " (page 2 of 5)" for a title, or "" on a single page.
std::string page_of_text(const Pagination& p);

}  // namespace lo::web
