// /sitemap.xml and /robots.txt (web/public/discovery.hpp).
#include "web/public/discovery.hpp"

#include <algorithm>
#include <mutex>
#include <string>

#include "http/error.hpp"
#include "http/url.hpp"
#include "web/markdown.hpp"

namespace lo::web::public_ {
namespace {

struct Entry {
    std::string path;
    std::string lastmod;  // a date or RFC 3339 timestamp; only its date is used ("" leaves it out)
};

// Every address the sitemap names, in one order: the few fixed pages, categories, needs and
// advice (the head, read whole), then the listed services, then the organisations (counted, and
// read a page at a time only for the file that holds them: at a million services the whole list
// would not fit in one file or in memory).
struct Layout {
    std::vector<Entry> head;
    std::int64_t services = 0;
    std::int64_t organisations = 0;
    std::int64_t total() const {
        return static_cast<std::int64_t>(head.size()) + services + organisations;
    }
};

Layout layout(Context& ctx) {
    Layout l;
    for (const char* path : {"/", "/categories", "/needs", "/advice", "/accessibility", "/privacy"})
        l.head.push_back({path, ""});
    for (const auto& [taxonomy, prefix] : {std::pair{domain::kCategoriesTaxonomy, "/categories/"},
                                           std::pair{domain::kNeedsTaxonomy, "/needs/"}}) {
        const auto t = ctx.store.taxonomies().find_taxonomy_by_code(std::string(taxonomy));
        if (!t) continue;
        for (const auto& term : ctx.store.taxonomies().terms(t->id))
            l.head.push_back({prefix + http::percent_encode(term.code), ""});
    }
    for (const auto& page : ctx.store.advice().list())
        l.head.push_back({"/advice/" + http::percent_encode(page.slug), page.last_modified});
    l.services = ctx.store.services().count(storage::ServiceFilter{});  // only the published
    l.organisations = ctx.store.organisations().count();
    return l;
}

class UrlSet {
public:
    explicit UrlSet(std::string base) : base_(std::move(base)) {
        out_ =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    }
    void add(const std::string& path, const std::string& lastmod) {
        out_ += "  <url><loc>" + escape_html(base_ + path) + "</loc>";
        if (lastmod.size() >= 10)
            out_ += "<lastmod>" + escape_html(lastmod.substr(0, 10)) + "</lastmod>";
        out_ += "</url>\n";
    }
    std::string finish() { return out_ + "</urlset>\n"; }

private:
    std::string base_;
    std::string out_;
};

// Calls add(page_offset, page_limit) for the part of [from, to) that falls in a run of n
// addresses starting at start, a page of at most 5,000 at a time.
template <typename AddPage>
void each_page(
    std::int64_t start, std::int64_t n, std::int64_t from, std::int64_t to, AddPage add) {
    const auto first = std::max<std::int64_t>(from - start, 0);
    const auto last = std::min<std::int64_t>(to - start, n);
    for (auto offset = first; offset < last; offset += 5000)
        add(storage::Page{static_cast<int>(std::min<std::int64_t>(5000, last - offset)),
                          static_cast<int>(offset)});
}

// The addresses at positions [from, to) of the layout.
std::string urlset(Context& ctx, const Layout& l, std::int64_t from, std::int64_t to) {
    UrlSet w(ctx.site.base());
    const auto head = static_cast<std::int64_t>(l.head.size());
    for (auto i = from; i < std::min(to, head); ++i) w.add(l.head[i].path, l.head[i].lastmod);
    each_page(head, l.services, from, to, [&](storage::Page p) {
        for (const auto& s : ctx.store.services().listed_stamps(p))
            w.add("/services/" + s.id, s.last_modified);
    });
    each_page(head + l.services, l.organisations, from, to, [&](storage::Page p) {
        for (const auto& o : ctx.store.organisations().list(p))
            w.add("/organisations/" + o.id, o.last_modified);
    });
    return w.finish();
}

std::int64_t file_count(const Layout& l, int per_file) {
    return (l.total() + per_file - 1) / per_file;
}

std::string sitemap_index(Context& ctx, std::int64_t files) {
    std::string out =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (std::int64_t n = 1; n <= files; ++n)
        out += "  <sitemap><loc>" + escape_html(ctx.site.base()) + "/sitemaps/" +
               std::to_string(n) + ".xml</loc></sitemap>\n";
    return out + "</sitemapindex>\n";
}

// The layout and /sitemap.xml, made again only when the store has changed since: crawlers fetch
// it often. The numbered files of a large directory are made when asked for.
struct Made {
    Layout layout;
    std::string body;
};

Made made(Context& ctx, int per_file) {
    static std::mutex mutex;
    static const storage::Store* made_for_store = nullptr;
    static std::int64_t made_at_generation = -1;
    static std::string made_for_base;
    static int made_per_file = 0;
    static Made cached;
    const auto generation = ctx.store.generation();
    std::lock_guard lock(mutex);
    if (&ctx.store != made_for_store || generation != made_at_generation ||
        made_for_base != ctx.site.base_url || made_per_file != per_file) {
        cached.layout = layout(ctx);
        const auto files = file_count(cached.layout, per_file);
        cached.body = files <= 1 ? urlset(ctx, cached.layout, 0, cached.layout.total())
                                 : sitemap_index(ctx, files);
        made_for_store = &ctx.store;
        made_at_generation = generation;
        made_for_base = ctx.site.base_url;
        made_per_file = per_file;
    }
    return cached;
}

http::Response xml(std::string body) {
    http::Response res;
    res.body = std::move(body);
    res.set_header("Content-Type", "application/xml; charset=utf-8");
    res.set_header("Cache-Control", "no-cache");
    return res;
}

// "7.xml" -> 7; 0 for anything else.
std::int64_t file_number(std::string_view name) {
    if (!name.ends_with(".xml") || name.size() < 5 || name.size() > 14) return 0;
    std::int64_t n = 0;
    for (const char c : name.substr(0, name.size() - 4)) {
        if (c < '0' || c > '9') return 0;
        n = n * 10 + (c - '0');
    }
    return n;
}

}  // namespace

http::Response sitemap_xml(Context& ctx, const http::Request&, int per_file) {
    return xml(made(ctx, per_file).body);
}

http::Response sitemap_file(Context& ctx, const http::Request& req, int per_file) {
    const auto m = made(ctx, per_file);
    const auto files = file_count(m.layout, per_file);
    const auto n = file_number(req.param("file"));
    if (files <= 1 || n < 1 || n > files)
        throw http::HttpError(404, files <= 1
                                       ? "This Local Offer's sitemap is one file: /sitemap.xml."
                                       : "There is no such sitemap file. /sitemap.xml lists them.");
    return xml(urlset(ctx, m.layout, (n - 1) * per_file, n * per_file));
}

http::Response sitemap_xml(Context& ctx, const http::Request& req) {
    return sitemap_xml(ctx, req, kSitemapMaxUrls);
}

http::Response sitemap_file(Context& ctx, const http::Request& req) {
    return sitemap_file(ctx, req, kSitemapMaxUrls);
}

http::Response robots_txt(Context& ctx, const http::Request&) {
    auto res = http::Response::text(
        "# The admin, search results and pages about one family's answers are not for search "
        "engines.\n"
        "User-agent: *\n"
        "Disallow: /admin\n"
        "Disallow: /search\n"
        "Disallow: /api/\n"
        "Disallow: /check\n"
        "Disallow: /shortlist\n"
        "Disallow: /feedback\n"
        "Disallow: /still-accurate\n"
        "\n"
        "Sitemap: " +
        ctx.site.base() + "/sitemap.xml\n");
    res.set_header("Cache-Control", "max-age=3600");
    return res;
}

}  // namespace lo::web::public_
