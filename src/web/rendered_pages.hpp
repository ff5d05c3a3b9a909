// Rendered pages a handler keeps itself, for the pages the page cache (app/page_cache.hpp) may
// not answer before the handler runs: a search page must still be counted, so the handler runs
// the search (from the answer cache when it can), then asks for the page made from that same
// answer. variant names what the page was made from beyond the request ("answer 1234").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "http/request.hpp"
#include "http/response.hpp"

namespace lo::web {

class RenderedPages {
public:
    struct Lookup {
        std::optional<http::Response> page;  // the kept page, ready to send (or a 304)
        // What the page would be kept under (the store's generation and the day, read before
        // the handler makes it); give it back to keep().
        std::int64_t generation = -1;
        std::string day;
        bool usable = false;  // false: this request may not use kept pages (a session cookie...)
    };

    virtual ~RenderedPages() = default;
    virtual Lookup find(const http::Request& request, const std::string& variant) = 0;
    // Keeps page (a 200 text/html answer with its validator, web::add_validator) when it may be.
    virtual void keep(const http::Request& request,
                      const std::string& variant,
                      const Lookup& lookup,
                      const http::Response& page) = 0;
};

}  // namespace lo::web
