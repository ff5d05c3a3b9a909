// "Is this page useful?" and "Report a problem with this page": anonymous feedback from the
// public. Nothing that identifies the person is stored (no IP address, no cookie), and e-mail
// addresses and phone numbers typed into a comment are removed before it is saved.
#include <ctime>
#include <string>

#include "domain/dates.hpp"
#include "domain/feedback.hpp"
#include "domain/ids.hpp"
#include "http/error.hpp"
#include "http/log.hpp"
#include "http/rate_limit.hpp"
#include "http/url.hpp"
#include "storage/store.hpp"
#include "web/page.hpp"
#include "web/public/form_guard.hpp"
#include "web/public/pages.hpp"
#include "web/public/problem_reports.hpp"

namespace lo::web::public_ {
namespace {

// Only paths on this site are accepted as "the page this is about". Browsers read a backslash as
// "/" and drop tabs and newlines, so "/<backslash>evil.example" or "/<tab>/evil.example" would
// lead off the site (issue 15).
std::string safe_page(const std::string& page) {
    if (page.empty() || page.front() != '/' || page.starts_with("//") || page.size() > 500)
        return {};
    for (const char c : page)
        if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return {};
    return page;
}

nlohmann::json form_model(Context& ctx,
                          const std::string& page,
                          bool problem,
                          bool answered_no,
                          const std::string& comment) {
    const char* heading = problem       ? "Report a problem with this page"
                          : answered_no ? "Help us improve this page"
                                        : "Give feedback on the Local Offer";
    auto model = page_model(ctx, heading, Section::None);
    add_breadcrumb(model, "Home", "/");
    model["heading"] = heading;
    model["page"] = page;
    model["problem"] = problem;
    model["answered_no"] = answered_no;
    model["comment"] = comment;
    model["max_length"] = domain::kMaxCommentLength;
    model["errors"] = nlohmann::json::array();
    return model;
}

}  // namespace

http::Response feedback_form(Context& ctx, const http::Request& req) {
    const auto page = safe_page(req.query_value("page").value_or(""));
    const bool problem = req.query_value("problem").value_or("") == "1";
    const bool answered_no = req.query_value("answered").value_or("") == "no";
    return render_page(ctx, "public/feedback/form",
                       form_model(ctx, page, problem, answered_no, ""));
}

http::Response feedback_create(Context& ctx, const http::Request& req) {
    const auto form = req.form();
    auto page = http::form_value(form, "page");
    const auto useful = http::form_value(form, "useful");
    const auto comment = http::form_value(form, "comment");
    const auto kind = http::form_value(form, "kind");
    page = safe_page(page);
    // A program that filled in the hidden honeypot is thanked as a person would be, so it learns
    // nothing from the answer, and nothing is stored.
    if (honeypot_filled(form))
        return http::Response::redirect("/feedback/thanks?page=" +
                                        http::percent_encode(page.empty() ? "/" : page));
    domain::Feedback feedback;
    feedback.id = domain::new_uuid();
    feedback.page = page.empty() ? "/" : page;
    if (useful == "yes") feedback.useful = true;
    if (useful == "no") feedback.useful = false;
    feedback.comment = comment;
    feedback.problem = kind == "problem";

    auto errors = domain::validate(feedback);
    if (!useful.empty() && useful != "yes" && useful != "no")
        errors.push_back({"useful", "Choose yes or no"});
    // An empty comment on this form: ask the form's own question back, not the footer's yes/no.
    for (auto& e : errors)
        if (e.field == "comment" && comment.empty())
            e.message = kind == "problem" ? "Tell us what is wrong with the page"
                                          : "Tell us what you were trying to do";
    if (!errors.empty()) {
        auto model = form_model(ctx, page, kind == "problem", kind == "no", comment);
        model["full_title"] = "Error: " + model["full_title"].get<std::string>();
        // The comment box is the form's only field, so every error links to it.
        for (const auto& e : errors) model["errors"].push_back({{"message", e.message}});
        model["comment_error"] = errors.front().message;
        model["has_errors"] = true;
        return render_page(ctx, "public/feedback/form", model, 422);
    }
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    // The same submission from the same client again within a few minutes (a double click, a
    // script) is answered as usual but stored, and e-mailed, only once.
    const bool repeat =
        ctx.recent_submissions && !ctx.recent_submissions->first_time(
                                      http::client_key(req.remote_address),
                                      feedback.page + '\n' + useful + '\n' + kind + '\n' + comment);
    if (!repeat) {
        ctx.store.feedback().add(feedback);
        // The report is kept whatever happens to the e-mail: it is in the feedback inbox.
        try {
            notify_problem_report(ctx, feedback, now);
        } catch (const std::exception& e) {
            http::log_error(std::string("Could not e-mail a problem report about ") +
                            feedback.page + ": " + e.what());
        }
    }

    // A "No" gets the chance to say what was wrong, as in the GOV.UK feedback pattern.
    if (feedback.useful == false && comment.empty())
        return http::Response::redirect("/feedback?answered=no&page=" +
                                        http::percent_encode(feedback.page));
    return http::Response::redirect("/feedback/thanks?page=" + http::percent_encode(feedback.page));
}

http::Response feedback_thanks(Context& ctx, const http::Request& req) {
    auto model = page_model(ctx, "Thank you for your feedback", Section::None);
    add_breadcrumb(model, "Home", "/");
    model["page"] = safe_page(req.query_value("page").value_or(""));
    return render_page(ctx, "public/feedback/thanks", model);
}

}  // namespace lo::web::public_
