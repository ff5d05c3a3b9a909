// The gate in front of every signed-in admin page, and what admin pages share.
#include "web/admin/admin.hpp"

#include "auth/crypto.hpp"
#include "http/error.hpp"
#include "http/url.hpp"
#include "web/page.hpp"
#include "web/request_scheme.hpp"

namespace lo::web::admin {

auth::Actor Visit::actor() const {
    return {principal.user.id, principal.user.email, request.remote_address};
}

auth::Transport transport(const Context& ctx) {
    const bool tls = ctx.site.base_url.starts_with("https://") || RequestScheme::https();
    return tls ? auth::Transport::Tls : auth::Transport::Plain;
}

namespace {

std::string form_value(const std::vector<std::pair<std::string, std::string>>& form,
                       std::string_view name) {
    for (const auto& [k, v] : form)
        if (k == name) return v;
    return {};
}

bool allowed(Access access, const auth::Principal& p) {
    switch (access) {
        case Access::Account:
            return true;
        case Access::SignedIn:
            return !p.is_commissioner();
        case Access::Insights:
            return p.can_see_insights();
        case Access::Editor:
            return p.is_editor();
        case Access::Admin:
            return p.can_manage_users();
    }
    return false;
}

}  // namespace

http::Handler guard(Context& ctx, Access access, Action action) {
    return [&ctx, access, action](const http::Request& req) {
        auth::Accounts accounts(ctx.store);
        const auto now = auth::now_seconds();
        const auto cookie =
            auth::cookie_value(req.header("Cookie"), auth::session_cookie_name(transport(ctx)));
        auto principal = accounts.authenticate(cookie, now);
        if (!principal) {
            const bool get = req.method == http::Method::Get || req.method == http::Method::Head;
            auto res = http::Response::redirect(
                get ? "/admin/sign-in?next=" + http::percent_encode(req.path) : "/admin/sign-in");
            res.set_header("Cache-Control", "no-store");
            return res;
        }
        if (!allowed(access, *principal))
            throw http::HttpError(403,
                                  "You do not have permission to see or change this. If you need "
                                  "it for your work, ask a Local Offer administrator.",
                                  "role " + std::string(auth::to_code(principal->user.role)) +
                                      " refused " + req.path);
        if (req.method == http::Method::Post &&
            !auth::equal_secrets(form_value(req.form(), "csrf_token"), principal->csrf_token))
            throw http::HttpError(403,
                                  "This form has expired or did not come from this website. Go "
                                  "back, reload the page and try again.",
                                  "CSRF token missing or wrong on " + req.path);
        if (auto gate = two_factor_gate(ctx, req, *principal)) return std::move(*gate);
        Visit visit{ctx, req, std::move(*principal), std::move(accounts), now};
        auto res = action(visit);
        res.set_header("Cache-Control", "no-store");
        return res;
    };
}

namespace {

// What waits for this person, for the navigation's counts: change requests waiting for approval
// (a provider: their organisations'), and new feedback (a provider: problems on their
// services). At most 99 are counted, shown as "99+".
std::string waiting_count(const Visit& visit, const std::string& key) {
    const auto& p = visit.principal;
    if (p.is_commissioner() || (!p.is_editor() && p.user.organisation_ids.empty())) return {};
    std::int64_t n = 0;
    if (key == "changes") {
        storage::ChangeFilter filter;
        filter.states = {domain::ChangeState::Pending};
        if (!p.is_editor()) filter.organisation_ids = p.user.organisation_ids;
        filter.limit = 100;
        n = static_cast<std::int64_t>(visit.ctx.store.change_requests().list(filter).size());
    } else if (key == "feedback") {
        storage::FeedbackFilter filter;
        filter.state = domain::FeedbackState::New;
        if (!p.is_editor()) filter.problems_of_organisations = p.user.organisation_ids;
        n = visit.ctx.store.feedback_inbox().count(filter);
    }
    if (n == 0) return {};
    return " (" + (n > 99 ? std::string("99+") : std::to_string(n)) + ")";
}

}  // namespace

nlohmann::json admin_page_model(const Visit& visit,
                                const std::string& title,
                                const std::string& current) {
    auto model = page_model(visit.ctx, title, Section::None);
    const auto& p = visit.principal;
    struct Item {
        const char* text;
        const char* href;
        const char* key;
        bool show;
    };
    const bool staff = !p.is_commissioner();
    const Item items[] = {
        {"Dashboard", "/admin", "dashboard", staff},
        {"Services", "/admin/services", "services", staff},
        {"Changes", "/admin/changes", "changes", staff},
        {"Organisations", "/admin/organisations", "organisations", p.is_editor()},
        {"Places", "/admin/places", "places", p.is_editor()},
        {"Taxonomies", "/admin/taxonomies", "taxonomies", p.is_editor()},
        {"Search words", "/admin/search-words", "search_words", p.is_editor()},
        {"Advice pages", "/admin/advice", "advice", p.is_editor()},
        {"Users", "/admin/users", "users", p.can_manage_users()},
        {"Reviews", "/admin/reviews", "reviews", staff},
        {"Outbox", "/admin/outbox", "outbox", p.can_manage_users()},
        {"Feedback", "/admin/feedback", "feedback", staff},
        {"Insights", "/admin/insights", "insights", p.can_see_insights()},
        {"Two-factor sign-in", "/admin/account/two-factor", "account", true},
    };
    auto navigation = nlohmann::json::array();
    for (const auto& item : items) {
        if (!item.show) continue;
        navigation.push_back({{"text", item.text + waiting_count(visit, item.key)},
                              {"href", item.href},
                              {"current", current == item.key},
                              {"aria_current", "page"}});
    }
    model["navigation"] = navigation;
    model["full_title"] =
        (title.empty() ? std::string() : title + " – ") + "Admin – " + visit.ctx.site.service_name;
    model["csrf_token"] = p.csrf_token;
    model["admin"] = {{"email", p.user.email},
                      {"role", auth::label(p.user.role)},
                      {"is_editor", p.is_editor()},
                      {"is_admin", p.can_manage_users()}};
    model["errors"] = nlohmann::json::array();
    model["has_errors"] = false;
    model["field_errors"] = nlohmann::json::object();
    return model;
}

void add_errors(nlohmann::json& model, const domain::ValidationErrors& errors) {
    auto list = nlohmann::json::array();
    auto fields = nlohmann::json::object();
    for (const auto& e : errors) {
        // "contacts[0].phones[1].number" -> id "contacts-0-phones-1-number"
        std::string id;
        for (char ch : e.field) {
            if (ch == '[' || ch == '.') {
                if (!id.empty() && id.back() != '-') id += '-';
            } else if (ch != ']') {
                id += ch;
            }
        }
        list.push_back({{"text", e.message}, {"href", "#" + id}});
        if (!fields.contains(e.field)) fields[e.field] = e.message;
    }
    model["errors"] = list;
    model["has_errors"] = !errors.empty();
    model["field_errors"] = fields;
    if (!errors.empty() && model.contains("full_title"))
        model["full_title"] = "Error: " + model["full_title"].get<std::string>();
}

}  // namespace lo::web::admin
