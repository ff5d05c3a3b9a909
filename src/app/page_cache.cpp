// The rendered-page cache (page_cache.hpp says what makes it safe).
#include "app/page_cache.hpp"

#include <array>
#include <string_view>
#include <tuple>

#include "auth/cookies.hpp"
#include "domain/dates.hpp"
#include "http/compress.hpp"
#include "web/page.hpp"
#include "web/shortlist_state.hpp"

namespace lo::app {
namespace {

// The routes whose answers follow from the address, the store, the day and the shortlist alone
// (their handlers never ask the search index or count anything): the public pages, and the Open
// Referral API's lists and records, which harvesters ask for again and again. Search and the
// checker are left out on purpose: each of their answers is counted for the insights pages
// (search pages are kept by their handler instead, web/rendered_pages.hpp).
constexpr std::array<std::string_view, 30> kCachedRoutes = {
    "/",
    "/categories",
    "/categories/{code}",
    "/needs",
    "/needs/{code}",
    "/services/{id}",
    "/organisations/{id}",
    "/advice",
    "/advice/{slug}",
    "/feedback",
    "/feedback/thanks",
    "/you-said-we-did",
    "/accessibility",
    "/cookies",
    "/privacy",
    "/developers",
    "/shortlist",
    "/shortlist/print",
    "/openreferral",
    "/openreferral/",
    "/openreferral/services",
    "/openreferral/services/{id}",
    "/openreferral/taxonomies",
    "/openreferral/taxonomies/{id}",
    "/openreferral/taxonomy_terms",
    "/openreferral/taxonomy_terms/{id}",
    "/openreferral/organizations",
    "/openreferral/organizations/{id}",
    "/openreferral/service_at_locations",
    "/openreferral/service_at_locations/{id}",
};

// Longer request-targets are dispatched as they are (and never fill the cache with keys).
constexpr std::size_t kMaxTarget = 2048;

// Paths that may match a route above, checked before anything else so that every other request
// (/static/, /api/search, /healthz, the checker) costs the cache nothing: no store read.
bool may_match_a_route(std::string_view path) {
    if (path == "/") return true;
    for (const std::string_view prefix :
         {"/categories", "/needs", "/services/", "/organisations/", "/advice", "/feedback",
          "/you-said-we-did", "/accessibility", "/cookies", "/privacy", "/developers", "/shortlist",
          "/openreferral"})
        if (path.starts_with(prefix)) return true;
    return false;
}

bool cached_route(std::string_view route) {
    for (const auto r : kCachedRoutes)
        if (r == route) return true;
    return false;
}

bool may_use_cache(const http::Request& request) {
    return request.method == http::Method::Get && request.target.size() <= kMaxTarget &&
           request.header("Authorization").empty() &&
           // No cookie, or only the shortlist's: anything else (a session) may change the page.
           auth::holds_only_cookie(request.header("Cookie"), web::kShortlistCookie);
}

bool may_keep(const http::Response& response) {
    const auto type = response.header("Content-Type");
    return response.status == 200 && !response.stream &&
           (type.starts_with("text/html") || type.starts_with("application/json")) &&
           response.header("Set-Cookie").empty() && !web::current_shortlist_changed();
}

std::string key_of(const http::Request& request, const std::string& variant = {}) {
    std::string key = variant;
    key += ' ';
    key += request.scheme;
    key += ' ';
    key += request.header("Host");
    key += ' ';
    key += request.target;
    for (const auto& id : web::current_shortlist()) {
        key += ' ';
        key += id;
    }
    return key;
}

}  // namespace

struct PageCache::Page {
    std::vector<std::pair<std::string, std::string>> headers;
    std::string route;
    std::string body;
    std::string gzipped;  // empty when the body is too small or not worth compressing
    std::string etag;
    std::size_t bytes = 0;
};

PageCache::PageCache(storage::Store& store, std::size_t max_bytes)
    : store_(store), max_bytes_(max_bytes) {}

http::Response PageCache::answer(http::Request request, const Dispatch& dispatch) {
    if (!may_match_a_route(request.path)) return dispatch(std::move(request));
    auto lookup = find(request, {});
    if (lookup.page) return std::move(*lookup.page);
    if (!lookup.usable) return dispatch(std::move(request));
    // The key and the lookup were read before the page is made, so a write landing meanwhile
    // can only make a kept page newer than its generation (the next request drops it).
    const auto key = key_of(request);
    auto response = dispatch(std::move(request));
    if (cached_route(response.route) && may_keep(response))
        store(key, make_page(key, response), lookup.generation, lookup.day);
    return response;
}

web::RenderedPages::Lookup PageCache::find(const http::Request& request,
                                           const std::string& variant) {
    Lookup lookup;
    if (max_bytes_ == 0 || !may_use_cache(request)) return lookup;
    lookup.usable = true;
    lookup.generation = store_.generation();
    // The UK day: a service that ends today leaves the kept pages at UK midnight
    // (service_dates.hpp).
    lookup.day = domain::to_string(domain::today_uk());
    const auto page = find(key_of(request, variant), lookup.generation, lookup.day);
    if (!page) return lookup;
    http::Response out;
    out.headers = page->headers;
    out.route = page->route;
    if (!page->etag.empty() && web::etag_matches(request.header("If-None-Match"), page->etag)) {
        out.status = 304;  // as web::revalidate_html answers: the headers, no body
    } else if (!page->gzipped.empty() && http::accepts_gzip(request.header("Accept-Encoding"))) {
        out.body = page->gzipped;
        out.set_header("Content-Encoding", "gzip");
        out.set_header("Vary", "Accept-Encoding");
    } else {
        out.body = page->body;  // the server adds Vary, and compresses nothing
    }
    lookup.page = std::move(out);
    return lookup;
}

void PageCache::keep(const http::Request& request,
                     const std::string& variant,
                     const Lookup& lookup,
                     const http::Response& page) {
    if (!lookup.usable || !may_keep(page)) return;
    const auto key = key_of(request, variant);
    store(key, make_page(key, page), lookup.generation, lookup.day);
}

std::shared_ptr<const PageCache::Page> PageCache::make_page(const std::string& key,
                                                            const http::Response& response) const {
    auto page = std::make_shared<Page>();
    page->headers = response.headers;
    page->route = response.route;
    page->body = response.body;
    page->etag = std::string(response.header("ETag"));
    if (page->body.size() > http::kMinGzipBytes &&
        http::is_compressible_type(response.header("Content-Type")) &&
        response.header("Content-Encoding").empty())
        page->gzipped = http::gzip_compress(page->body);
    page->bytes = key.size() + page->body.size() + page->gzipped.size() + 256;
    for (const auto& [name, value] : page->headers) page->bytes += name.size() + value.size();
    return page;
}

std::shared_ptr<const PageCache::Page> PageCache::find(const std::string& key,
                                                       std::int64_t generation,
                                                       const std::string& day) {
    std::lock_guard lock(mutex_);
    if (std::tie(generation, day) != std::tie(generation_, day_)) {
        // A request that read the generation before another's newer read keeps nothing.
        if (std::tie(generation, day) < std::tie(generation_, day_)) return nullptr;
        pages_.clear();
        order_.clear();
        bytes_ = 0;
        generation_ = generation;
        day_ = day;
    }
    const auto it = pages_.find(key);
    if (it == pages_.end()) {
        ++misses_;
        return nullptr;
    }
    ++hits_;
    order_.splice(order_.begin(), order_, it->second.at);
    return it->second.page;
}

void PageCache::store(const std::string& key,
                      std::shared_ptr<const Page> page,
                      std::int64_t generation,
                      const std::string& day) {
    // One page may take at most an eighth of the cache, so a few large ones cannot empty it.
    if (page->bytes > max_bytes_ / 8) return;
    std::lock_guard lock(mutex_);
    if (std::tie(generation, day) != std::tie(generation_, day_)) return;  // made for another
    if (const auto it = pages_.find(key); it != pages_.end()) {
        bytes_ -= it->second.page->bytes;
        order_.erase(it->second.at);
        pages_.erase(it);
    }
    order_.push_front(key);
    bytes_ += page->bytes;
    pages_.emplace(key, Slot{std::move(page), order_.begin()});
    while (bytes_ > max_bytes_ && !order_.empty()) {
        const auto last = pages_.find(order_.back());
        bytes_ -= last->second.page->bytes;
        pages_.erase(last);
        order_.pop_back();
    }
}

PageCache::Stats PageCache::stats() const {
    std::lock_guard lock(mutex_);
    return {hits_, misses_, pages_.size(), bytes_};
}

}  // namespace lo::app
