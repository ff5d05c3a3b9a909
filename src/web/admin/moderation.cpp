// Shared moderation helpers for the admin handlers (moderation.hpp).
#include "web/admin/moderation.hpp"

#include <charconv>

#include "domain/dates.hpp"
#include "http/error.hpp"
#include "storage/publishing.hpp"
#include "web/format.hpp"

namespace lo::web::admin::moderation {

domain::Service visible_service(Visit& visit, const std::string& id) {
    auto service = visit.ctx.store.services().find(id);
    if (!service ||
        (!visit.principal.is_editor() && !visit.principal.belongs_to(service->organisation_id)))
        throw http::HttpError(
            404, "We could not find a service with that id. Go back to the list of services.");
    return *service;
}

domain::ChangeRequest visible_request(Visit& visit, const std::string& id_text) {
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    std::optional<domain::ChangeRequest> request;
    if (ec == std::errc{} && end == id_text.data() + id_text.size())
        request = visit.ctx.store.change_requests().find(id);
    if (!request ||
        (!visit.principal.is_editor() && !visit.principal.belongs_to(request->organisation_id)))
        throw http::HttpError(404,
                              "We could not find that change request. Go back to the list of "
                              "changes.");
    return *request;
}

domain::DiffNames diff_names(Visit& visit) {
    auto& store = visit.ctx.store;
    domain::DiffNames names;
    names.organisation = [&store](const std::string& id) {
        auto o = store.organisations().find(id);
        return o ? o->name : std::string();
    };
    names.location = [&store](const std::string& id) {
        auto l = store.locations().find(id);
        return l ? l->name : std::string();
    };
    names.term = [&store](const std::string& id) {
        auto t = store.taxonomies().find_term(id);
        return t ? t->name : std::string();
    };
    return names;
}

nlohmann::json diff_rows(const std::vector<domain::FieldChange>& changes) {
    auto rows = nlohmann::json::array();
    for (const auto& c : changes)
        rows.push_back({{"field", c.field},
                        {"label", c.label},
                        {"before", c.before.empty() ? "(nothing)" : c.before},
                        {"after", c.after.empty() ? "(nothing)" : c.after}});
    return rows;
}

std::optional<domain::ChangeRequest> open_request_of(Visit& visit, const std::string& service_id) {
    storage::ChangeFilter filter;
    filter.service_id = service_id;
    filter.author_id = visit.principal.user.id;
    filter.states = {domain::ChangeState::Draft, domain::ChangeState::Pending};
    filter.limit = 1;
    auto found = visit.ctx.store.change_requests().list(filter);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::string when_text(const std::string& rfc3339) {
    if (rfc3339.size() < 16) return long_date_text(rfc3339);
    return long_date_text(rfc3339) + ", " + rfc3339.substr(11, 5) + " UTC";
}

auth::AuditEntry audit_entry(const Visit& visit,
                             const std::string& action,
                             const std::string& subject,
                             const std::string& detail) {
    return {0,      {},      visit.principal.user.id, visit.principal.user.email,
            action, subject, detail.substr(0, 200),   visit.request.remote_address};
}

std::int64_t keep_request(Visit& visit,
                          const domain::Service& proposed,
                          domain::ChangeState state,
                          const std::string& note,
                          const std::function<void(storage::Store&)>& in_transaction) {
    std::int64_t id = 0;
    visit.ctx.store.transaction([&](storage::Store& tx) {
        if (in_transaction) in_transaction(tx);
        const auto live = tx.services().find(proposed.id);
        if (!live)
            throw http::HttpError(404,
                                  "This service is no longer in the Local Offer, so changes to it "
                                  "cannot be kept. Go back to the list of services.");
        storage::ChangeFilter filter;
        filter.service_id = proposed.id;
        filter.author_id = visit.principal.user.id;
        filter.states = {domain::ChangeState::Draft, domain::ChangeState::Pending};
        filter.limit = 1;
        auto open = tx.change_requests().list(filter);
        domain::ChangeRequest request;
        if (!open.empty()) request = open.front();
        request.service_id = proposed.id;
        request.organisation_id = live->organisation_id;
        request.kind = domain::ChangeKind::Update;
        request.state = state;
        request.proposed = proposed;
        // An earlier request keeps the record it started from, so the diff still shows everything
        // this person changed and anything changed on the site since they began.
        if (open.empty()) request.base = *live;
        request.author_id = visit.principal.user.id;
        request.author_email = visit.principal.user.email;
        request.note = note.substr(0, 2000);
        if (open.empty())
            id = tx.change_requests().add(request);
        else {
            tx.change_requests().update(request);
            id = request.id;
        }
        if (state == domain::ChangeState::Pending)
            tx.audit().record(audit_entry(visit, "change_submitted", proposed.id,
                                          "request " + std::to_string(id) + ": " + proposed.name));
    });
    return id;
}

std::int64_t propose_new(Visit& visit,
                         const domain::Service& proposed,
                         const std::string& note,
                         const std::function<void(storage::Store&)>& in_transaction) {
    std::int64_t id = 0;
    visit.ctx.store.transaction([&](storage::Store& tx) {
        if (in_transaction) in_transaction(tx);
        domain::ChangeRequest request;
        request.service_id = proposed.id;
        request.organisation_id = proposed.organisation_id;
        request.kind = domain::ChangeKind::Create;
        request.state = domain::ChangeState::Pending;
        request.proposed = proposed;
        request.author_id = visit.principal.user.id;
        request.author_email = visit.principal.user.email;
        request.note = note.substr(0, 2000);
        id = tx.change_requests().add(request);
        tx.audit().record(
            audit_entry(visit, "change_submitted", proposed.id,
                        "request " + std::to_string(id) + ": new service " + proposed.name));
    });
    return id;
}

void publish_edit(Visit& visit,
                  const domain::Checked<domain::Service>& checked,
                  bool is_new,
                  const std::string& note,
                  const std::function<void(storage::Store&)>& in_transaction) {
    const auto& service = *checked;
    visit.ctx.store.transaction([&](storage::Store& tx) {
        if (in_transaction) in_transaction(tx);
        storage::publish(tx, checked, {visit.principal.user.id, visit.principal.user.email},
                         domain::VersionSource::Admin, note.substr(0, 2000));
        tx.audit().record(audit_entry(visit, is_new ? "service_created" : "service_updated",
                                      service.id, service.name));
        // The editor's own draft of this service is now published or superseded.
        storage::ChangeFilter filter;
        filter.service_id = service.id;
        filter.author_id = visit.principal.user.id;
        filter.states = {domain::ChangeState::Draft, domain::ChangeState::Pending};
        for (auto request : tx.change_requests().list(filter)) {
            request.state = domain::ChangeState::Approved;
            request.decided_by = visit.principal.user.email;
            request.decided_at = domain::now_rfc3339();
            request.proposed = service;
            tx.change_requests().update(request);
        }
    });
}

}  // namespace lo::web::admin::moderation
