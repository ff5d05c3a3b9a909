// /sitemap.xml and /robots.txt (web/public/discovery.hpp).
#include "web/public/discovery.hpp"

#include <mutex>
#include <string>

#include "http/url.hpp"
#include "web/markdown.hpp"

namespace lo::web::public_ {
namespace {

// The sitemaps protocol's limit for one file; a directory this large would need a sitemap index.
constexpr int kMaxUrls = 50000;

class SitemapWriter {
public:
    explicit SitemapWriter(std::string base) : base_(std::move(base)) {
        out_ =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    }
    // lastmod: a date or RFC 3339 timestamp; only its date is used ("" leaves it out).
    void add(const std::string& path, const std::string& lastmod = "") {
        if (count_ >= kMaxUrls) return;
        ++count_;
        out_ += "  <url><loc>" + escape_html(base_ + path) + "</loc>";
        if (lastmod.size() >= 10)
            out_ += "<lastmod>" + escape_html(lastmod.substr(0, 10)) + "</lastmod>";
        out_ += "</url>\n";
    }
    std::string finish() { return out_ + "</urlset>\n"; }

private:
    std::string base_;
    std::string out_;
    int count_ = 0;
};

std::string build_sitemap(Context& ctx) {
    SitemapWriter w(ctx.site.base());
    for (const char* path : {"/", "/categories", "/needs", "/advice", "/accessibility", "/privacy"})
        w.add(path);
    for (const auto& [taxonomy, prefix] : {std::pair{domain::kCategoriesTaxonomy, "/categories/"},
                                           std::pair{domain::kNeedsTaxonomy, "/needs/"}}) {
        const auto t = ctx.store.taxonomies().find_taxonomy_by_code(std::string(taxonomy));
        if (!t) continue;
        for (const auto& term : ctx.store.taxonomies().terms(t->id))
            w.add(prefix + http::percent_encode(term.code));
    }
    for (const auto& page : ctx.store.advice().list())
        w.add("/advice/" + http::percent_encode(page.slug), page.last_modified);
    storage::ServiceFilter published;  // only_published by default: what the public sees
    for (storage::Page p{500, 0};; p.offset += p.limit) {
        const auto services = ctx.store.services().list(published, p);
        for (const auto& s : services) w.add("/services/" + s.id, s.last_modified);
        if (static_cast<int>(services.size()) < p.limit || p.offset >= kMaxUrls) break;
    }
    for (storage::Page p{500, 0};; p.offset += p.limit) {
        const auto organisations = ctx.store.organisations().list(p);
        for (const auto& o : organisations) w.add("/organisations/" + o.id, o.last_modified);
        if (static_cast<int>(organisations.size()) < p.limit || p.offset >= kMaxUrls) break;
    }
    return w.finish();
}

}  // namespace

http::Response sitemap_xml(Context& ctx, const http::Request&) {
    // Made again only when the store has changed since: crawlers fetch it often.
    static std::mutex mutex;
    static const storage::Store* made_for_store = nullptr;
    static std::int64_t made_at_generation = -1;
    static std::string made_for_base;
    static std::string cached;
    const auto generation = ctx.store.generation();
    std::string body;
    {
        std::lock_guard lock(mutex);
        if (&ctx.store != made_for_store || generation != made_at_generation ||
            made_for_base != ctx.site.base_url) {
            cached = build_sitemap(ctx);
            made_for_store = &ctx.store;
            made_at_generation = generation;
            made_for_base = ctx.site.base_url;
        }
        body = cached;
    }
    http::Response res;
    res.body = std::move(body);
    res.set_header("Content-Type", "application/xml; charset=utf-8");
    res.set_header("Cache-Control", "no-cache");
    return res;
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
