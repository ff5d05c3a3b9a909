// Moderation: the queue of change requests, one request with its field-level diff, and the
// decisions. Editors approve (publish) or reject with a reason; providers see their
// organisations' requests, the decision and the reason, and may withdraw their own.
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <sstream>

#include "domain/dates.hpp"
#include "domain/diff.hpp"
#include "http/error.hpp"
#include "http/url.hpp"
#include "storage/publishing.hpp"
#include "web/admin/admin.hpp"
#include "web/admin/moderation.hpp"
#include "web/format.hpp"
#include "web/page.hpp"

namespace lo::web::admin::changes {
namespace {

using http::form_value;

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string organisation_name(Visit& visit, const std::string& id) {
    auto o = visit.ctx.store.organisations().find(id);
    return o ? o->name : std::string();
}

// Approval was asked for without confirming that it overwrites changes made on the site since.
struct NeedsConfirmation {};

nlohmann::json show_model(Visit& visit, const domain::ChangeRequest& r) {
    const bool is_create = r.kind == domain::ChangeKind::Create;
    auto model = admin_page_model(
        visit, (is_create ? "New service: " : "Changes to ") + r.proposed.name, "changes");
    add_breadcrumb(model, "Changes", "/admin/changes");
    const auto names = moderation::diff_names(visit);
    const auto live = visit.ctx.store.services().find(r.service_id);
    const auto base = r.base.value_or(domain::Service{});
    const auto changes = domain::diff(base, r.proposed, names);
    model["request"] = {
        {"id", r.id},
        {"service_name", r.proposed.name},
        {"organisation", organisation_name(visit, r.organisation_id)},
        {"author", r.author_email},
        {"note", r.note},
        {"created", moderation::when_text(r.created_at)},
        {"updated", moderation::when_text(r.updated_at)},
        {"state", domain::label(r.state)},
        {"is_open", r.is_open()},
        {"is_draft", r.state == domain::ChangeState::Draft},
        {"is_rejected", r.state == domain::ChangeState::Rejected},
        {"decided", !r.decided_by.empty()},
        {"decided_by", r.decided_by},
        {"decided_at", moderation::when_text(r.decided_at)},
        {"reason", r.reason},
        {"action_base", "/admin/changes/" + std::to_string(r.id)},
    };
    model["changes"] = moderation::diff_rows(changes);
    model["has_changes"] = !changes.empty();
    model["service_links"] = live.has_value();
    model["edit_href"] = "/admin/services/" + r.service_id + "/edit";
    model["history_href"] = "/admin/services/" + r.service_id + "/history";
    model["public_href"] = "/services/" + r.service_id;
    // Someone published a change after this request was made: show what, and which fields both
    // changed, so approving never silently overwrites it. Compared by content, not by
    // last_modified: two saves within one second have the same time.
    model["stale"] = false;
    if (r.is_open() && live && r.base) {
        const auto since = domain::diff(*r.base, *live, names);
        auto conflicts = nlohmann::json::array();
        for (const auto& key : domain::conflicting_fields(*r.base, r.proposed, *live))
            conflicts.push_back(domain::field_label(key));
        model["stale"] = !since.empty();
        model["since"] = moderation::diff_rows(since);
        model["conflicts"] = conflicts;
        model["has_conflicts"] = !conflicts.empty();
    }
    const bool editor = visit.principal.is_editor();
    model["can_decide"] = editor && r.is_open();
    model["can_withdraw"] = r.is_open() && r.author_id == visit.principal.user.id;
    const auto kept = visit.request.query_value("kept").value_or("");
    const auto decided = visit.request.query_value("decided").value_or("");
    model["submitted"] = kept == "submitted";
    model["draft_saved"] = kept == "draft";
    model["just_approved"] = decided == "approved";
    model["just_rejected"] = decided == "rejected";
    model["just_withdrawn"] = decided == "withdrawn";
    model["reason_value"] = "";
    return model;
}

// Loads the request for a decision and checks it is still open, inside the transaction.
domain::ChangeRequest open_request(storage::Store& tx, std::int64_t id) {
    auto current = tx.change_requests().find(id);
    if (!current || !current->is_open())
        throw http::HttpError(409,
                              "These changes have already been decided or withdrawn. Go back to "
                              "the list of changes to see what happened.");
    return *current;
}

// Records the decision on an open request, with its audit entry, in the caller's transaction.
void approved(Visit& visit, storage::Store& tx, domain::ChangeRequest& current) {
    current.state = domain::ChangeState::Approved;
    current.decided_by = visit.principal.user.email;
    current.decided_at = domain::now_rfc3339();
    tx.change_requests().update(current);
    tx.audit().record(moderation::audit_entry(
        visit, "change_approved", current.service_id,
        "request " + std::to_string(current.id) + " from " + current.author_email));
}

// A provider's new service: the rules run again (the site's settings may have changed since it
// was sent), and it is published as it was proposed. Throws ValidationFailed or Conflict.
void publish_new(Visit& visit, storage::Store& tx, domain::ChangeRequest& current) {
    if (tx.services().find(current.service_id))
        throw http::HttpError(409,
                              "This new service has already been added to the Local Offer. Reject "
                              "this request with a reason.");
    auto checked = domain::check(current.proposed, visit.ctx.site.review_months);
    if (!checked.errors.empty()) throw storage::ValidationFailed(std::move(checked.errors));
    std::string reason = "New service from " + current.author_email + " (request " +
                         std::to_string(current.id) + ")";
    if (!current.note.empty()) reason += ": " + current.note;
    storage::publish(tx, *checked.record, {visit.principal.user.id, visit.principal.user.email},
                     domain::VersionSource::Approval, reason);
    approved(visit, tx, current);
}

// After "Approve selected changes": how many were published, and links to those that were not.
void add_bulk_outcome(Visit& visit, nlohmann::json& model) {
    const auto approved = visit.request.query_value("approved");
    if (!approved) return;
    model["approved_text"] =
        count_text(std::atoi(approved->c_str()), "change was", "changes were") +
        " approved and published.";
    auto skipped = nlohmann::json::array();
    std::stringstream ids(visit.request.query_value("skipped").value_or(""));
    for (std::string id; std::getline(ids, id, ',');) {
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
        if (ec != std::errc{} || end != id.data() + id.size()) continue;
        if (const auto r = visit.ctx.store.change_requests().find(n))
            skipped.push_back(
                {{"href", "/admin/changes/" + id}, {"service_name", r->proposed.name}});
    }
    model["skipped"] = skipped;
    model["has_skipped"] = !skipped.empty();
}

// Publishes one open request in its own transaction: a provider's new service as proposed, a
// change merged into the live record (only the fields its author changed). Throws
// NeedsConfirmation when the live record changed the same fields since and confirmed is false,
// HttpError 409 when it was decided already or the service is gone, ValidationFailed, Conflict.
void approve_one(Visit& visit, std::int64_t id, bool confirmed) {
    visit.ctx.store.transaction([&](storage::Store& tx) {
        auto current = open_request(tx, id);
        if (current.kind == domain::ChangeKind::Create) {
            publish_new(visit, tx, current);
            return;
        }
        const auto live = tx.services().find(current.service_id);
        if (!live)
            throw http::HttpError(409,
                                  "This service is no longer in the Local Offer, so these "
                                  "changes cannot be published. Reject them with a reason.");
        const auto base = current.base.value_or(*live);
        if (!domain::conflicting_fields(base, current.proposed, *live).empty() && !confirmed)
            throw NeedsConfirmation{};
        // Only the fields the author changed are taken; anything else published since stays.
        auto record = domain::merge(base, current.proposed, *live);
        // The provider went through the entry to change it and an editor checked the change: it
        // counts as checked today, so its review date and reminders start again.
        const auto today = domain::today_utc();
        record.last_checked = domain::to_string(today);
        record.review_due =
            domain::to_string(domain::add_months(today, visit.ctx.site.review_months));
        std::string reason = "Changes from " + current.author_email + " (request " +
                             std::to_string(current.id) + ")";
        if (!current.note.empty()) reason += ": " + current.note;
        storage::publish(tx, record, {visit.principal.user.id, visit.principal.user.email},
                         domain::VersionSource::Approval, reason);
        approved(visit, tx, current);
    });
}

}  // namespace

http::Response index(Visit& visit) {
    const bool editor = visit.principal.is_editor();
    auto model = admin_page_model(visit, "Changes", "changes");
    const auto state_code = visit.request.query_value("state").value_or(editor ? "pending" : "");
    const auto state = domain::change_state_from_code(state_code);
    storage::ChangeFilter filter;
    if (state) filter.states = {*state};
    std::vector<domain::ChangeRequest> found;
    if (!editor) {
        filter.organisation_ids = visit.principal.user.organisation_ids;
        if (!filter.organisation_ids.empty())
            found = visit.ctx.store.change_requests().list(filter);
    } else {
        found = visit.ctx.store.change_requests().list(filter);
    }
    auto rows = nlohmann::json::array();
    for (const auto& r : found)
        rows.push_back({{"id", r.id},
                        {"selectable", editor && r.state == domain::ChangeState::Pending},
                        {"href", "/admin/changes/" + std::to_string(r.id)},
                        {"service_name", r.proposed.name},
                        {"organisation", organisation_name(visit, r.organisation_id)},
                        {"author", r.author_email},
                        {"updated", moderation::when_text(r.updated_at)},
                        {"state", domain::label(r.state)},
                        {"is_rejected", r.state == domain::ChangeState::Rejected},
                        {"reason", r.reason}});
    auto states = nlohmann::json::array();
    for (auto st :
         {domain::ChangeState::Pending, domain::ChangeState::Draft, domain::ChangeState::Approved,
          domain::ChangeState::Rejected, domain::ChangeState::Withdrawn})
        states.push_back({{"code", domain::to_code(st)},
                          {"label", domain::label(st)},
                          {"selected", state == st}});
    model["states"] = states;
    model["any_selected"] = !state;
    model["requests"] = rows;
    model["has_requests"] = !rows.empty();
    model["count_text"] =
        count_text(static_cast<std::int64_t>(rows.size()), "change request", "change requests");
    model["is_editor"] = editor;
    model["any_selectable"] = std::any_of(rows.begin(), rows.end(), [](const auto& row) {
        return row["selectable"].template get<bool>();
    });
    add_bulk_outcome(visit, model);
    return render_page(visit.ctx, "admin/changes/index", model);
}

http::Response show(Visit& visit) {
    const auto r = moderation::visible_request(visit, visit.request.param("id"));
    return render_page(visit.ctx, "admin/changes/show", show_model(visit, r));
}

http::Response approve(Visit& visit) {
    const auto r = moderation::visible_request(visit, visit.request.param("id"));
    const bool confirmed = form_value(visit.request.form(), "confirm_overwrite") == "yes";
    domain::ValidationErrors errors;
    try {
        approve_one(visit, r.id, confirmed);
        return http::Response::redirect("/admin/changes/" + std::to_string(r.id) +
                                        "?decided=approved");
    } catch (const NeedsConfirmation&) {
        errors.push_back({"confirm_overwrite",
                          "This service was changed on the site after these changes were sent. "
                          "Check the fields both changed, then tick the box to approve anyway."});
    } catch (const storage::ValidationFailed& e) {
        for (const auto& error : e.errors())
            errors.push_back({"approve", domain::field_label(error.field) + ": " + error.message +
                                             ". Reject the changes with this reason, or ask "
                                             "for them to be sent again."});
    } catch (const storage::Conflict& e) {
        errors.push_back({"approve", e.what()});
    }
    auto model = show_model(visit, r);
    add_errors(model, errors);
    return render_page(visit.ctx, "admin/changes/show", model, 422);
}

http::Response review_selected(Visit& visit) {
    auto model = admin_page_model(visit, "Check the selected changes", "changes");
    add_breadcrumb(model, "Changes", "/admin/changes");
    const auto names = moderation::diff_names(visit);
    auto items = nlohmann::json::array();
    for (const auto& id_text : http::form_values(visit.request.form(), "ids")) {
        const auto r = moderation::visible_request(visit, id_text);
        if (r.state != domain::ChangeState::Pending) continue;
        const auto live = visit.ctx.store.services().find(r.service_id);
        const auto changes = domain::diff(r.base.value_or(domain::Service{}), r.proposed, names);
        // Changed on the site since it was sent: approving several never overwrites that.
        const bool stale = r.kind == domain::ChangeKind::Update && live && r.base &&
                           !domain::conflicting_fields(*r.base, r.proposed, *live).empty();
        items.push_back(
            {{"id", r.id},
             {"href", "/admin/changes/" + std::to_string(r.id)},
             {"title", (r.kind == domain::ChangeKind::Create ? "New service: " : "Changes to ") +
                           r.proposed.name},
             {"organisation", organisation_name(visit, r.organisation_id)},
             {"author", r.author_email},
             {"note", r.note},
             {"stale", stale},
             {"changes", moderation::diff_rows(changes)},
             {"has_changes", !changes.empty()}});
    }
    if (items.empty()) return http::Response::redirect("/admin/changes");
    model["items"] = items;
    model["count_text"] =
        count_text(static_cast<std::int64_t>(items.size()), "change request", "change requests");
    return render_page(visit.ctx, "admin/changes/review", model);
}

http::Response approve_selected(Visit& visit) {
    const auto form = visit.request.form();
    int approved = 0;
    std::string skipped;  // ids, comma-separated, of those an editor must open
    for (const auto& id_text : http::form_values(form, "ids")) {
        const auto r = moderation::visible_request(visit, id_text);
        try {
            if (r.state != domain::ChangeState::Pending) throw NeedsConfirmation{};
            approve_one(visit, r.id, false);  // never overwrites what was published since
            ++approved;
        } catch (const NeedsConfirmation&) {
            skipped += (skipped.empty() ? "" : ",") + std::to_string(r.id);
        } catch (const storage::ValidationFailed&) {
            skipped += (skipped.empty() ? "" : ",") + std::to_string(r.id);
        } catch (const storage::Conflict&) {
            skipped += (skipped.empty() ? "" : ",") + std::to_string(r.id);
        } catch (const http::HttpError& e) {
            if (e.status() != 409) throw;
            skipped += (skipped.empty() ? "" : ",") + std::to_string(r.id);
        }
    }
    return http::Response::redirect("/admin/changes?approved=" + std::to_string(approved) +
                                    (skipped.empty() ? "" : "&skipped=" + skipped));
}

http::Response reject(Visit& visit) {
    const auto r = moderation::visible_request(visit, visit.request.param("id"));
    const auto reason = trim(form_value(visit.request.form(), "reason"));
    domain::ValidationErrors errors;
    if (reason.empty())
        errors.push_back({"reason",
                          "Enter the reason the changes cannot be published, so the person who "
                          "sent them knows what to do"});
    else if (reason.size() > 2000)
        errors.push_back({"reason", "The reason must be 2,000 characters or fewer"});
    if (!errors.empty()) {
        auto model = show_model(visit, r);
        model["reason_value"] = reason;
        add_errors(model, errors);
        return render_page(visit.ctx, "admin/changes/show", model, 422);
    }
    visit.ctx.store.transaction([&](storage::Store& tx) {
        auto current = open_request(tx, r.id);
        current.state = domain::ChangeState::Rejected;
        current.decided_by = visit.principal.user.email;
        current.decided_at = domain::now_rfc3339();
        current.reason = reason;
        tx.change_requests().update(current);
        tx.audit().record(moderation::audit_entry(visit, "change_rejected", current.service_id,
                                                  "request " + std::to_string(current.id) +
                                                      " from " + current.author_email + ": " +
                                                      reason));
    });
    return http::Response::redirect("/admin/changes/" + std::to_string(r.id) + "?decided=rejected");
}

http::Response withdraw(Visit& visit) {
    const auto r = moderation::visible_request(visit, visit.request.param("id"));
    if (r.author_id != visit.principal.user.id)
        throw http::HttpError(403,
                              "Only the person who made these changes can withdraw them. An "
                              "editor can reject them with a reason instead.");
    visit.ctx.store.transaction([&](storage::Store& tx) {
        auto current = open_request(tx, r.id);
        current.state = domain::ChangeState::Withdrawn;
        current.decided_at = domain::now_rfc3339();
        tx.change_requests().update(current);
        tx.audit().record(moderation::audit_entry(visit, "change_withdrawn", current.service_id,
                                                  "request " + std::to_string(current.id)));
    });
    return http::Response::redirect("/admin/changes/" + std::to_string(r.id) +
                                    "?decided=withdrawn");
}

}  // namespace lo::web::admin::changes
