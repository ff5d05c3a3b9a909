// The outbox (administrators only): every e-mail the site has sent or is waiting to send. When
// SMTP is not configured this is where messages are read; it shows one-time links, so it is
// behind the Admin role and every response is no-store (guard()).
#include <ctime>

#include "http/error.hpp"
#include "mail/mailer.hpp"
#include "web/admin/admin.hpp"
#include "web/format.hpp"
#include "web/page.hpp"

namespace lo::web::admin {

std::int64_t queue_mail(Context& ctx, const mail::Message& message) {
    if (ctx.mailer) return ctx.mailer->queue(message, auth::now_seconds());
    return ctx.store.outbox().add(message, auth::now_seconds());
}

namespace outbox {
namespace {

std::string time_text(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

std::string status_text(const mail::OutboxEntry& e) {
    if (e.sent_at) return "Sent";
    if (e.attempts >= mail::Mailer::kMaxAttempts) return "Not sent: gave up";
    if (e.attempts > 0) return "Not sent yet: will try again";
    return "Waiting";
}

std::string status_tag(const mail::OutboxEntry& e) {
    if (e.sent_at) return "govuk-tag--green";
    if (e.attempts >= mail::Mailer::kMaxAttempts) return "govuk-tag--red";
    if (e.attempts > 0) return "govuk-tag--orange";
    return "govuk-tag--grey";
}

nlohmann::json entry_model(const mail::OutboxEntry& e) {
    return {{"id", e.id},
            {"href", "/admin/outbox/" + std::to_string(e.id)},
            {"created", time_text(e.created_at)},
            {"to", e.message.to},
            {"subject", e.message.subject},
            {"status", status_text(e)},
            {"tag", status_tag(e)},
            {"attempts", e.attempts},
            {"sent", e.sent_at ? time_text(*e.sent_at) : ""},
            {"last_error", e.last_error}};
}

}  // namespace

http::Response index(Visit& visit) {
    auto& outbox = visit.ctx.store.outbox();
    const auto pagination = paginate(visit.request, outbox.count(), 50);
    auto model = admin_page_model(visit, "Outbox" + page_of_text(pagination), "outbox");
    auto rows = nlohmann::json::array();
    for (const auto& e : outbox.list(pagination.per_page, pagination.offset()))
        rows.push_back(entry_model(e));
    model["messages"] = rows;
    model["has_messages"] = !rows.empty();
    model["count_text"] = count_text(pagination.total, "message", "messages");
    model["smtp_configured"] = visit.ctx.mailer && visit.ctx.mailer->configured();
    model["pagination"] = pagination_model(pagination, "/admin/outbox");
    return render_page(visit.ctx, "admin/outbox/index", model);
}

http::Response show(Visit& visit) {
    const auto& raw = visit.request.param("id");
    std::int64_t id = 0;
    for (char c : raw) {
        if (c < '0' || c > '9' || raw.size() > 18) {
            id = 0;
            break;
        }
        id = id * 10 + (c - '0');
    }
    const auto entry = id > 0 ? visit.ctx.store.outbox().find(id) : std::nullopt;
    if (!entry)
        throw http::HttpError(404, "We could not find that message. Go back to the outbox.");
    auto model = admin_page_model(visit, entry->message.subject, "outbox");
    add_breadcrumb(model, "Outbox", "/admin/outbox");
    model["message"] = entry_model(*entry);
    model["body_lines"] = paragraphs(entry->message.body);
    model["body"] = entry->message.body;
    return render_page(visit.ctx, "admin/outbox/show", model);
}

}  // namespace outbox
}  // namespace lo::web::admin
