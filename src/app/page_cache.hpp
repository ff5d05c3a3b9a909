// The rendered-page cache (issue 20): a public page asked for again is sent from memory, already
// compressed, until the store changes.
//
// What makes it safe:
//  - Kept only until the store's generation moves (any committed write that changed something:
//    a service, a place, a term, an advice page, a published "You said, we did"...) or the day
//    changes (pages say "overdue" against today). Both are read on every request; when either
//    differs from the kept pages', they are all dropped before anything is sent.
//  - Only the routes listed in page_cache.cpp, whose answers follow from the address, the
//    store, the day and the shortlist alone: the public pages and the Open Referral API's lists
//    and records (JSON); and search pages through find()/keep(), which the search handler calls
//    after running (and counting) the search, with the answer in the key. Not the checker (its
//    answers are counted too), not /api/search (counted; it has the answer cache), not the
//    admin, not the streamed exports.
//  - Only anonymous GET requests: a request with any cookie but the shortlist's, or an
//    Authorization header, is never answered from the cache nor kept.
//  - Only 200 text/html or application/json answers that set no cookie and did not change the
//    shortlist.
//  - The key is the scheme, the Host header, the request-target and the family's shortlist
//    (the ids the page was made with), so two requests share a page only when the page would be
//    the same byte for byte had it been made again. A CSRF token or a flash message appears only
//    on pages for a signed-in account, which never reach the cache.
//  - Bounded: least recently used pages are dropped beyond max_bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/request.hpp"
#include "http/response.hpp"
#include "storage/store.hpp"
#include "web/rendered_pages.hpp"

namespace lo::app {

class PageCache final : public web::RenderedPages {
public:
    using Dispatch = std::function<http::Response(http::Request)>;

    // max_bytes 0 turns the cache off (every request is dispatched).
    PageCache(storage::Store& store, std::size_t max_bytes);

    // The page from memory, or dispatch(request)'s answer (kept when it may be). Call inside the
    // request's ShortlistScope (web/shortlist_state.hpp): the shortlist is part of the key.
    http::Response answer(http::Request request, const Dispatch& dispatch);

    // For handlers that must run before a page can be sent (web/rendered_pages.hpp): search.
    Lookup find(const http::Request& request, const std::string& variant) override;
    void keep(const http::Request& request,
              const std::string& variant,
              const Lookup& lookup,
              const http::Response& page) override;

    struct Stats {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;  // asked for a page the cache may hold, but it had not
        std::size_t pages = 0;
        std::size_t bytes = 0;
    };
    Stats stats() const;

private:
    struct Page;
    std::shared_ptr<const Page> make_page(const std::string& key,
                                          const http::Response& response) const;
    std::shared_ptr<const Page> find(const std::string& key,
                                     std::int64_t generation,
                                     const std::string& day);
    void store(const std::string& key,
               std::shared_ptr<const Page> page,
               std::int64_t generation,
               const std::string& day);

    storage::Store& store_;
    const std::size_t max_bytes_;
    mutable std::mutex mutex_;
    std::int64_t generation_ = -1;
    std::string day_;
    std::list<std::string> order_;  // most recently used first
    struct Slot {
        std::shared_ptr<const Page> page;
        std::list<std::string>::iterator at;
    };
    std::unordered_map<std::string, Slot> pages_;
    std::size_t bytes_ = 0;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

}  // namespace lo::app
