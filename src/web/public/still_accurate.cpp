// "This is still accurate": the single-use link in a review reminder lets a provider confirm
// their entry without signing in. The token is 256 random bits of which only the SHA-256 is
// stored (reviews/reviews.cpp), so a changed or made-up token matches nothing.
#include "auth/accounts.hpp"
#include "domain/dates.hpp"
#include "http/request.hpp"
#include "reviews/reviews.hpp"
#include "web/format.hpp"
#include "web/page.hpp"
#include "web/public/pages.hpp"

namespace lo::web::public_ {
namespace {

// The token travels in the address: keep it out of Referer headers and caches.
http::Response private_page(const Context& ctx,
                            const std::string& page,
                            const nlohmann::json& model,
                            int status) {
    auto res = render_page(ctx, page, model, status);
    res.set_header("Cache-Control", "no-store");
    res.set_header("Referrer-Policy", "no-referrer");
    return res;
}

http::Response link_problem(Context& ctx, reviews::LinkState state) {
    auto model = page_model(ctx, "This link cannot be used", Section::None);
    int status = 404;
    if (state == reviews::LinkState::Used) {
        model["heading"] = "This entry has already been checked";
        model["advice"] =
            "Someone has already confirmed this entry is still accurate, with a link from the "
            "reminder or in the admin. There is nothing more to do.";
        status = 410;
    } else if (state == reviews::LinkState::Expired) {
        model["heading"] = "This link has expired";
        model["advice"] =
            "Links in review reminders work for 30 days. To confirm the entry is still accurate, "
            "sign in to the admin and open Reviews, or contact the Local Offer team.";
        status = 410;
    } else {
        model["heading"] = "This link is not right";
        model["advice"] =
            "Check you copied the whole link from the e-mail. If it still does not work, sign in "
            "to the admin and open Reviews, or contact the Local Offer team.";
    }
    model["contact_email"] = ctx.site.contact_email;
    model["contact_phone"] = ctx.site.contact_phone;
    return private_page(ctx, "public/still_accurate/problem", model, status);
}

}  // namespace

http::Response still_accurate_form(Context& ctx, const http::Request& req) {
    const auto token = req.query_value("token").value_or("");
    const auto check = reviews::check_link(ctx.store, token, auth::now_seconds());
    if (check.state != reviews::LinkState::Valid) return link_problem(ctx, check.state);
    const auto& s = *check.service;
    auto model = page_model(ctx, "Is this entry still accurate?", Section::None);
    model["service_name"] = s.name;
    model["service_href"] = "/services/" + s.id;
    if (const auto org = ctx.store.organisations().find(s.organisation_id))
        model["organisation"] = org->name;
    model["last_checked"] = long_date_text(s.last_checked);
    model["review_due"] = long_date_text(s.review_due);
    model["token"] = token;
    return private_page(ctx, "public/still_accurate/confirm", model, 200);
}

http::Response still_accurate_confirm(Context& ctx, const http::Request& req) {
    const auto token = http::form_value(req.form(), "token");
    const auto now = auth::now_seconds();
    const auto service_id = reviews::check_link(ctx.store, token, now).token.service_id;
    const auto today = domain::today_utc();
    const auto state = reviews::confirm_link(ctx.store, token, ctx.site.review_months, today, now,
                                             req.remote_address);
    if (state != reviews::LinkState::Valid) return link_problem(ctx, state);
    const auto s = ctx.store.services().find(service_id);
    auto model = page_model(ctx, "Thank you", Section::None);
    model["service_name"] = s ? s->name : std::string();
    model["service_href"] = "/services/" + service_id;
    model["checked"] = domain::long_date(today);
    model["review_due"] = s ? long_date_text(s->review_due) : std::string();
    return private_page(ctx, "public/still_accurate/thanks", model, 200);
}

}  // namespace lo::web::public_
