// The feedback inbox: every "Is this page useful?" answer, comment and problem report, with the
// page it came from. Editors see everything, respond, and publish a comment (edited so it
// identifies no one) with the response on the public "You said, we did" page (SEND Regulations
// 2014 reg 56). Providers see only problems reported on their organisations' service pages, and
// may respond to them but not publish. Responses and publications are audited.
#include <algorithm>
#include <iterator>

#include "http/error.hpp"
#include "http/url.hpp"
#include "web/admin/admin.hpp"
#include "web/format.hpp"
#include "web/page.hpp"

namespace lo::web::admin::feedback {
namespace {

using http::form_value;

constexpr const char kNotFound[] =
    "We could not find that feedback. Go back to the feedback inbox.";

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// What a provider may see: problems on their organisations' service pages. Editors see all.
storage::FeedbackFilter base_filter(const Visit& visit) {
    storage::FeedbackFilter f;
    if (!visit.principal.is_editor())
        f.problems_of_organisations = visit.principal.user.organisation_ids;
    return f;
}

// The feedback, if this person may see it. Anything else is the same 404, so ids cannot be
// probed.
storage::FeedbackItem find_visible(Visit& visit, const std::string& id) {
    auto item = visit.ctx.store.feedback_inbox().find(id);
    if (!item) throw http::HttpError(404, kNotFound);
    if (!visit.principal.is_editor() &&
        !(item->feedback.problem && !item->organisation_id.empty() &&
          visit.principal.belongs_to(item->organisation_id)))
        throw http::HttpError(404, kNotFound);
    return *item;
}

std::string kind_label(const domain::Feedback& f) {
    if (f.problem) return "Problem reported";
    if (f.useful == true) return "Page was useful";
    if (f.useful == false) return "Page was not useful";
    return "Comment";
}

struct Option {
    const char* code;
    const char* label;
};
constexpr Option kKinds[] = {{"problem", "Problems reported"},
                             {"not_useful", "Page was not useful"},
                             {"useful", "Page was useful"},
                             {"comment", "Comments"}};

std::string summary_of(const std::string& comment) {
    if (comment.size() <= 120) return comment;
    auto cut = comment.substr(0, 117);
    // Do not cut a UTF-8 character in half.
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
    if (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0x80)) cut.pop_back();
    return cut + "…";
}

nlohmann::json item_model(Visit& visit,
                          const storage::FeedbackItem& item,
                          const domain::FeedbackResponse& response,
                          bool confirmed) {
    const auto& f = item.feedback;
    auto model =
        admin_page_model(visit, "Feedback from " + long_date_text(f.created_at), "feedback");
    model["id"] = f.id;
    model["kind"] = kind_label(f);
    model["received"] = long_date_text(f.created_at);
    model["page"] = f.page;
    model["comment"] = f.comment;
    model["has_comment"] = !f.comment.empty();
    model["service_name"] = item.service_name;
    model["service_href"] =
        item.service_id.empty() ? "" : "/admin/services/" + item.service_id + "/edit";
    model["organisation_name"] = item.organisation_name;
    model["state_label"] = std::string(domain::label(item.response.state));
    model["updated"] = item.response.updated_at.empty() ? std::string()
                                                        : long_date_text(item.response.updated_at) +
                                                              " by " + item.response.updated_by;
    model["response"] = response.response;
    model["public_comment"] = response.public_comment;
    model["fixed"] = response.fixed;
    model["confirmed"] = confirmed;
    model["is_problem"] = f.problem;
    model["can_publish"] = visit.principal.is_editor();
    model["published_at"] =
        item.response.published_at.empty() ? "" : long_date_text(item.response.published_at);
    auto states = nlohmann::json::array();
    for (auto s : {domain::FeedbackState::New, domain::FeedbackState::InProgress,
                   domain::FeedbackState::Responded, domain::FeedbackState::Published}) {
        if (s == domain::FeedbackState::Published && !visit.principal.is_editor()) continue;
        states.push_back(
            {{"code", domain::to_code(s)},
             {"label", s == domain::FeedbackState::Published ? "Published on \"You said, we did\""
                                                             : std::string(domain::label(s))},
             {"checked", response.state == s}});
    }
    model["states"] = states;
    auto themes = nlohmann::json::array();
    for (const auto& t : domain::feedback_themes())
        themes.push_back(
            {{"code", t.code}, {"label", t.label}, {"selected", response.theme == t.code}});
    model["themes"] = themes;
    model["saved"] = visit.request.query_value("saved").has_value();
    return model;
}

}  // namespace

http::Response index(Visit& visit) {
    const auto& req = visit.request;
    auto filter = base_filter(visit);
    const auto kind = req.query_value("kind").value_or("");
    const auto state = req.query_value("state").value_or("");
    const auto page = req.query_value("page_path").value_or("");
    if (std::any_of(std::begin(kKinds), std::end(kKinds),
                    [&](const Option& o) { return kind == o.code; }))
        filter.kind = kind;
    filter.state = domain::feedback_state_from_code(state);
    if (page.starts_with("/") && page.size() <= 500) filter.page = page;

    const auto total = visit.ctx.store.feedback_inbox().count(filter);
    const auto pagination = paginate(req, total);
    const auto items =
        visit.ctx.store.feedback_inbox().list(filter, {pagination.per_page, pagination.offset()});

    auto model = admin_page_model(visit, "Feedback" + page_of_text(pagination), "feedback");
    auto rows = nlohmann::json::array();
    for (const auto& item : items) {
        rows.push_back(
            {{"href", "/admin/feedback/" + item.feedback.id},
             {"received", long_date_text(item.feedback.created_at)},
             {"kind", kind_label(item.feedback)},
             {"comment",
              item.feedback.comment.empty() ? "(no comment)" : summary_of(item.feedback.comment)},
             {"page", item.feedback.page},
             {"service_name", item.service_name},
             {"state", std::string(domain::label(item.response.state))}});
    }
    auto kinds = nlohmann::json::array();
    for (const auto& k : kKinds)
        kinds.push_back(
            {{"code", k.code}, {"label", k.label}, {"selected", filter.kind == k.code}});
    auto states = nlohmann::json::array();
    for (auto s : {domain::FeedbackState::New, domain::FeedbackState::InProgress,
                   domain::FeedbackState::Responded, domain::FeedbackState::Published})
        states.push_back({{"code", domain::to_code(s)},
                          {"label", domain::label(s)},
                          {"selected", filter.state == s}});
    model["items"] = rows;
    model["has_items"] = !rows.empty();
    model["count_text"] = count_text(total, "message", "messages");
    model["kinds"] = kinds;
    model["states"] = states;
    model["page_path"] = filter.page;
    model["is_provider"] = !visit.principal.is_editor();
    const std::string base =
        "/admin/feedback?kind=" + http::percent_encode(filter.kind) +
        "&state=" + (filter.state ? std::string(domain::to_code(*filter.state)) : "") +
        "&page_path=" + http::percent_encode(filter.page);
    model["pagination"] = pagination_model(pagination, base);
    return render_page(visit.ctx, "admin/feedback/index", model);
}

http::Response show(Visit& visit) {
    const auto item = find_visible(visit, visit.request.param("id"));
    auto response = item.response;
    // The public version starts as the comment with contact details already removed; the
    // editor still has to take out names and anything else that could identify someone.
    if (response.public_comment.empty()) response.public_comment = item.feedback.comment;
    const bool confirmed = response.state == domain::FeedbackState::Published;
    return render_page(visit.ctx, "admin/feedback/show",
                       item_model(visit, item, response, confirmed));
}

http::Response update(Visit& visit) {
    const auto item = find_visible(visit, visit.request.param("id"));
    const auto form = visit.request.form();
    domain::FeedbackResponse r = item.response;
    r.feedback_id = item.feedback.id;
    r.response = trim(form_value(form, "response"));
    r.theme = form_value(form, "theme");
    r.fixed = form_value(form, "fixed") == "yes";
    r.updated_by = visit.principal.user.email;
    r.updated_at.clear();
    domain::ValidationErrors errors;
    if (const auto state = domain::feedback_state_from_code(form_value(form, "state")))
        r.state = *state;
    else
        errors.push_back({"state", "Choose what has happened to this feedback"});
    const bool editor = visit.principal.is_editor();
    // Only editors publish; a provider's form has no public version and cannot change it.
    if (editor) r.public_comment = trim(form_value(form, "public_comment"));
    if (!editor && (r.state == domain::FeedbackState::Published ||
                    item.response.state == domain::FeedbackState::Published))
        throw http::HttpError(403,
                              "Only Local Offer editors can publish feedback or change published "
                              "feedback. Ask an editor if it should be published.");
    const bool confirmed = form_value(form, "personal_details_removed") == "yes";
    for (auto& e : domain::validate(r, confirmed)) errors.push_back(std::move(e));
    if (!errors.empty()) {
        auto model = item_model(visit, item, r, confirmed);
        add_errors(model, errors);
        return render_page(visit.ctx, "admin/feedback/show", model, 422);
    }
    const bool publishing = r.state == domain::FeedbackState::Published;
    visit.ctx.store.transaction([&](storage::Store& tx) {
        tx.feedback_inbox().save_response(r);
        auth::AuditEntry e;
        e.actor_id = visit.principal.user.id;
        e.actor_email = visit.principal.user.email;
        e.action = publishing ? "feedback_published" : "feedback_responded";
        e.subject = item.feedback.id;
        e.detail = "state " + std::string(domain::to_code(r.state)) +
                   (r.theme.empty() ? "" : ", theme " + r.theme) + (r.fixed ? ", fixed" : "");
        e.remote_address = visit.request.remote_address;
        tx.audit().record(e);
    });
    return http::Response::redirect("/admin/feedback/" + item.feedback.id + "?saved=1");
}

}  // namespace lo::web::admin::feedback
