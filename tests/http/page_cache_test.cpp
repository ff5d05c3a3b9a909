// The rendered-page cache (app/page_cache.hpp) in front of the real route table and a real
// store: a page asked for again is the same bytes from memory; every kind of write shows on the
// next request; nothing about one visitor (shortlist, session, CSRF token) reaches another;
// revalidation and gzip on a kept page; and the memory bound.
#include "app/page_cache.hpp"

#include <zlib.h>

#include "admin_fixture.hpp"
#include "domain/ids.hpp"
#include "web/page.hpp"
#include "web/shortlist_state.hpp"

namespace lo::test {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string gunzip(const std::string& in) {
    z_stream z{};
    inflateInit2(&z, 15 + 16);
    std::string out(1 << 20, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    inflate(&z, Z_FINISH);
    out.resize(z.total_out);
    inflateEnd(&z);
    return out;
}

class PageCacheTest : public AdminTest {
protected:
    // As the server answers a request: the shortlist scope around the cache and the router.
    http::Response ask(const std::string& target, Headers headers = {}) {
        auto req = http::make_request("GET", target);
        req.remote_address = "192.0.2.10";
        req.headers = std::move(headers);
        const web::CurrentPath current_path(req.path);
        const web::ShortlistScope shortlist(req, *store_, false);
        auto res = cache_.answer(
            std::move(req), [this](http::Request r) { return router_.dispatch(std::move(r)); });
        shortlist.finish(res);
        return res;
    }
    std::uint64_t hits() const { return cache_.stats().hits; }
    // The same request with no cache at all.
    http::Response made(const std::string& target) {
        auto req = http::make_request("GET", target);
        const web::CurrentPath current_path(req.path);
        const web::ShortlistScope shortlist(req, *store_, false);
        return router_.dispatch(std::move(req));
    }

    app::PageCache cache_{*store_, std::size_t{8} << 20};
};

TEST_F(PageCacheTest, APageAskedAgainIsTheSameBytesFromMemory) {
    const auto org = add_organisation("Oxford Health");
    const auto service = add_service("Speech and language therapy", org);
    for (const auto& target : std::vector<std::string>{
             "/", "/services/" + service.id, "/organisations/" + org, "/advice", "/needs"}) {
        const auto first = ask(target);
        ASSERT_EQ(first.status, 200) << target;
        const auto before = hits();
        const auto again = ask(target);
        EXPECT_EQ(hits(), before + 1) << target << " came from memory";
        EXPECT_EQ(again.body, first.body) << target;
        EXPECT_EQ(again.headers, first.headers) << target;
        EXPECT_EQ(again.body, made(target).body) << target << " is what the router makes";
    }
}

TEST_F(PageCacheTest, EveryKindOfWriteShowsOnTheNextRequest) {
    const auto org = add_organisation("Oxford Health");
    auto service = add_service("Speech and language therapy", org);
    domain::Location place;
    place.id = domain::new_uuid();
    place.name = "Cowley clinic";
    place.postcode = "OX4 1AA";
    store_->locations().save(place);
    service.location_ids = {place.id};
    store_->services().save(service);
    const auto service_page = "/services/" + service.id;
    struct Write {
        std::string name, page, shows;
        std::function<void()> write;
    };
    domain::Taxonomy categories{domain::new_uuid(), "categories", "Categories", "", "", ""};
    store_->taxonomies().save_taxonomy(categories);
    domain::TaxonomyTerm health{domain::new_uuid(), categories.id, "", "health", "Health", "", 0};
    store_->taxonomies().save_term(health);
    const std::vector<Write> writes = {
        {"a service saved", service_page, "Speech therapy for under fives",
         [&] {
             service.name = "Speech therapy for under fives";
             store_->services().save(service);
         }},
        {"an organisation saved", "/organisations/" + org, "Oxford Health NHS Trust",
         [&] {
             auto o = *store_->organisations().find(org);
             o.name = "Oxford Health NHS Trust";
             store_->organisations().save(o);
         }},
        {"a place saved", service_page, "Cowley health centre",
         [&] {
             place.name = "Cowley health centre";
             store_->locations().save(place);
         }},
        {"a term renamed", "/categories", "Health and wellbeing",
         [&] {
             health.name = "Health and wellbeing";
             store_->taxonomies().save_term(health);
         }},
        {"an advice page saved", "/advice", "Travel to school",
         [&] {
             domain::AdvicePage p;
             p.id = domain::new_uuid();
             p.slug = "travel";
             p.title = "Travel to school";
             p.summary = "Free transport for some children.";
             p.body_markdown = "Ask the council.";
             store_->advice().save(p);
         }},
        {"a \"You said, we did\" entry published", "/you-said-we-did", "We added opening times",
         [&] {
             domain::Feedback f;
             f.id = domain::new_uuid();
             f.created_at = "2026-11-01T10:00:00Z";
             f.page = service_page;
             f.comment = "No opening times";
             store_->feedback().add(f);
             domain::FeedbackResponse r;
             r.feedback_id = f.id;
             r.state = domain::FeedbackState::Published;
             r.public_comment = "No opening times";
             r.response = "We added opening times";
             store_->feedback_inbox().save_response(r);
         }},
        {"a service ended", service_page, "no longer available",
         [&] {
             service.status = domain::ServiceStatus::Defunct;
             store_->services().save(service);
         }},
    };
    for (const auto& w : writes) {
        ask(w.page);
        const auto kept = ask(w.page);  // now from memory
        ASSERT_FALSE(contains(kept.body, w.shows)) << w.name << ": the test's text is new";
        w.write();
        const auto before = hits();
        const auto next = ask(w.page);
        EXPECT_EQ(hits(), before) << w.name << ": the kept page was dropped";
        EXPECT_TRUE(contains(next.body, w.shows)) << w.name << " shows on the next request";
    }
}

TEST_F(PageCacheTest, NothingAboutOneVisitorReachesAnother) {
    const auto org = add_organisation("Oxford Health");
    const auto a = add_service("Speech and language therapy", org);
    const auto b = add_service("Community nursing", org);
    const auto nav = [](const http::Response& r) {
        const auto at = r.body.find("href=\"/shortlist\"");
        return at == std::string::npos ? std::string() : r.body.substr(at, 200);
    };
    const Headers list_a = {{"Cookie", "lo_shortlist=" + a.id}};
    const Headers list_ab = {{"Cookie", "lo_shortlist=" + a.id + "." + b.id}};
    const auto none = ask("/");
    const auto one = ask("/", list_a);
    const auto two = ask("/", list_ab);
    EXPECT_NE(nav(none), nav(one));
    EXPECT_NE(nav(one), nav(two));
    EXPECT_EQ(ask("/").body, none.body);
    EXPECT_EQ(ask("/", list_a).body, one.body);
    EXPECT_EQ(ask("/", list_ab).body, two.body);

    // A page that changed the list sets the cookie and is about this family alone.
    const auto added = ask("/services/" + b.id + "?shortlist=" + a.id + "," + b.id);
    EXPECT_FALSE(added.header("Set-Cookie").empty());
    const auto before = hits();
    ask("/services/" + b.id + "?shortlist=" + a.id + "," + b.id);
    EXPECT_EQ(hits(), before) << "never kept";

    // A signed-in editor's requests are never answered from memory nor kept; pages with a CSRF
    // token (every admin form, the sign-in page) never are either.
    add_user("editor@example.org", auth::Role::Editor);
    const auto editor = sign_in("editor@example.org");
    const Headers session = {{"Cookie", "lo_session=" + editor.session}};
    const auto hits_before = hits();
    ask("/", session);
    ask("/", session);
    EXPECT_EQ(hits(), hits_before);
    const auto sign_in_1 = ask("/admin/sign-in");
    const auto sign_in_2 = ask("/admin/sign-in");
    EXPECT_EQ(hits(), hits_before);
    EXPECT_NE(csrf_token_in(sign_in_1.body), csrf_token_in(sign_in_2.body));
    // The Host a page names (the shortlist's share link) is part of the key.
    const auto here = ask("/shortlist/print", {{"Host", "localoffer.example.org"}});
    const auto there = ask("/shortlist/print", {{"Host", "other.example.org"}});
    EXPECT_EQ(here.body.find("other.example.org"), std::string::npos);
}

TEST_F(PageCacheTest, AKeptPageIsRevalidatedAndSentCompressed) {
    const auto org = add_organisation("Oxford Health");
    const auto service = add_service("Speech and language therapy", org);
    const auto target = "/services/" + service.id;
    const auto first = ask(target);
    const auto etag = std::string(first.header("ETag"));
    ASSERT_FALSE(etag.empty());
    const auto unchanged = ask(target, {{"If-None-Match", etag}});
    EXPECT_EQ(unchanged.status, 304);
    EXPECT_TRUE(unchanged.body.empty());
    const auto zipped = ask(target, {{"Accept-Encoding", "gzip, br"}});
    EXPECT_EQ(zipped.header("Content-Encoding"), "gzip");
    EXPECT_EQ(zipped.header("Vary"), "Accept-Encoding");
    EXPECT_EQ(gunzip(zipped.body), first.body);
    const auto plain = ask(target, {{"Accept-Encoding", "identity"}});
    EXPECT_TRUE(plain.header("Content-Encoding").empty());
    EXPECT_EQ(plain.body, first.body);
}

TEST_F(PageCacheTest, OnlyTheListedPagesAreKeptAndMemoryStaysBounded) {
    ask("/no-such-page");
    ask("/no-such-page");
    ask("/openreferral/services?format=ndjson");  // streamed: never held whole
    ask("/openreferral/services?format=ndjson");
    ask("/openreferral/services?page=0");  // a 400
    ask("/openreferral/services?page=0");
    EXPECT_EQ(hits(), 0u) << "error pages and streamed exports are not kept";
    const auto list = ask("/openreferral/services");
    const auto again = ask("/openreferral/services");
    EXPECT_EQ(hits(), 1u) << "the Open Referral lists are";
    EXPECT_EQ(again.body, list.body);
    EXPECT_EQ(again.header("Access-Control-Allow-Origin"), "*");

    app::PageCache small(*store_, 256 * 1024);  // a page is about 15 KB with its gzip copy
    const auto org = add_organisation("Oxford Health");
    std::vector<std::string> ids;  // all saved first: each save moves the generation
    for (int i = 0; i < 40; ++i) ids.push_back(add_service("Service " + std::to_string(i), org).id);
    for (const auto& id : ids) {
        auto req = http::make_request("GET", "/services/" + id);
        const web::ShortlistScope shortlist(req, *store_, false);
        small.answer(std::move(req),
                     [this](http::Request r) { return router_.dispatch(std::move(r)); });
    }
    const auto stats = small.stats();
    EXPECT_LE(stats.bytes, 256u * 1024);
    EXPECT_GT(stats.pages, 5u);
    EXPECT_LT(stats.pages, 40u) << "the least recently used pages were dropped";

    app::PageCache off(*store_, 0);
    for (int i = 0; i < 2; ++i) {
        auto req = http::make_request("GET", "/");
        off.answer(std::move(req),
                   [this](http::Request r) { return router_.dispatch(std::move(r)); });
    }
    EXPECT_EQ(off.stats().hits, 0u);
}

}  // namespace
}  // namespace lo::test
