// The public site's handlers: what parents, young people and professionals see. app/routes.cpp
// maps each URL to one of these; every handler is Request in, Response out, with no sockets.
#pragma once

#include <string>

#include "http/request.hpp"
#include "http/response.hpp"
#include "web/context.hpp"

namespace lo::web::public_ {

// GET /  search form, browse by category and by need, recently updated services, key advice.
http::Response home(Context& ctx, const http::Request& req);

// GET /categories  and  GET /categories/{code}[?page=N]
http::Response categories_index(Context& ctx, const http::Request& req);
http::Response category_show(Context& ctx, const http::Request& req);

// GET /needs  and  GET /needs/{code}[?page=N]
http::Response needs_index(Context& ctx, const http::Request& req);
http::Response need_show(Context& ctx, const http::Request& req);

// GET /services/{id}
http::Response service_show(Context& ctx, const http::Request& req);

// GET /organisations/{id}[?page=N]
http::Response organisation_show(Context& ctx, const http::Request& req);

// GET /advice  and  GET /advice/{slug}
http::Response advice_index(Context& ctx, const http::Request& req);
http::Response advice_show(Context& ctx, const http::Request& req);

// GET /search  and  GET /api/search: the same search as an HTML page and as JSON, with the
// parameters in README "Search" (q, location, radius, age, need, category, access, free, mode,
// day, page, per_page). A bad parameter is a 400 that names it.
http::Response search_page(Context& ctx, const http::Request& req);
http::Response api_search(Context& ctx, const http::Request& req);

// /feedback (GET form, POST answer), /feedback/thanks: anonymous "Is this page useful?".
http::Response feedback_form(Context& ctx, const http::Request& req);
http::Response feedback_create(Context& ctx, const http::Request& req);
http::Response feedback_thanks(Context& ctx, const http::Request& req);
// /you-said-we-did: published comments and the council's responses, by month, with a yearly
// summary (SEND Regulations 2014 reg 56). public/you_said_we_did.cpp
http::Response you_said_we_did(Context& ctx, const http::Request& req);

// GET /branding.css (the council's colour) and /branding/logo (the logo file), from configuration.
http::Response branding_css(Context& ctx, const http::Request& req);
http::Response branding_logo(Context& ctx, const http::Request& req);

// /accessibility, /cookies, /privacy
http::Response accessibility_statement(Context& ctx, const http::Request& req);
http::Response cookies(Context& ctx, const http::Request& req);
http::Response privacy(Context& ctx, const http::Request& req);
// /developers: the Open Referral UK feed explained, with live examples. public/developers.cpp
http::Response developers(Context& ctx, const http::Request& req);
// /local-offer-in-numbers: counts only, when the council turned it on (public_numbers).
// public/in_numbers.cpp
http::Response in_numbers(Context& ctx, const http::Request& req);

// The eligibility checker (public/checker.cpp), one question per page, nothing stored: GET
// /check (start), /check/age, /check/needs, /check/place, /check/ehc-plan, /check/answers and
// /check/result. Answers travel as ?age=&need=&place=&ehc=; answer=1 marks a submitted form
// (a wrong answer is a 400 page with the GOV.UK error summary), change=1 returns to the answers.
http::Response check_start(Context& ctx, const http::Request& req);
http::Response check_age_page(Context& ctx, const http::Request& req);
http::Response check_needs_page(Context& ctx, const http::Request& req);
http::Response check_place_page(Context& ctx, const http::Request& req);
http::Response check_ehc_page(Context& ctx, const http::Request& req);
http::Response check_answers(Context& ctx, const http::Request& req);
http::Response check_result(Context& ctx, const http::Request& req);

// GET /shortlist?ids=a,b  and  GET /shortlist/print?ids=a,b  (public/shortlist.cpp): the list
// lives in the address; ids that are not UUIDs are left out, at most 50 are kept.
http::Response shortlist_page(Context& ctx, const http::Request& req);
http::Response shortlist_print(Context& ctx, const http::Request& req);

// GET /still-accurate?token=  and  POST /still-accurate  (public/still_accurate.cpp): the link
// in a review reminder. GET only shows the service and a button (mail scanners open links);
// the POST records the check. Expired, used and wrong links get a page saying what to do.
http::Response still_accurate_form(Context& ctx, const http::Request& req);
http::Response still_accurate_confirm(Context& ctx, const http::Request& req);

// GET /healthz  {"status":"ok"","database":"ok","generation":N}, or 503 when the store is down.
http::Response healthz(Context& ctx, const http::Request& req);

// GET /static/{*path}  files under ctx.static_dir, with ETag and long caching for hashed names.
http::Response static_file(Context& ctx, const http::Request& req);

// The app's http::ErrorRenderer. Plain-English HTML pages for 400, 404, 405, 413, 500 and the
// rest; for paths under /api/ and /openreferral it answers with render_api_error instead, so one
// renderer serves the whole router. Never throws: if a template fails it sends a simple page.
http::Response render_error(Context& ctx,
                            const http::Request& req,
                            int status,
                            const std::string& message,
                            const std::string& error_id);

// {"error":{"code":"not_found","message":"..."}} (plus "error_id" for a 500).
http::Response render_api_error(Context& ctx,
                                const http::Request& req,
                                int status,
                                const std::string& message,
                                const std::string& error_id);

}  // namespace lo::web::public_
