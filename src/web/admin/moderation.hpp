// What the services form, the change-request pages and the history pages share: who may see a
// service, names for diffs, and the two ways an edit leaves the form (published by an editor, or
// kept as a change request). Internal to src/web/admin.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/checked.hpp"
#include "domain/diff.hpp"
#include "domain/moderation.hpp"
#include "web/admin/admin.hpp"

namespace lo::web::admin::moderation {

// The live service, if it exists and this person may see it. A provider asking for another
// organisation's service gets the same 404 as for one that does not exist.
domain::Service visible_service(Visit& visit, const std::string& id);

// The change request, if it exists and this person may see it (same 404 rule).
domain::ChangeRequest visible_request(Visit& visit, const std::string& id_text);

// Organisation, location and term names from the store, for diffs.
domain::DiffNames diff_names(Visit& visit);

// [{label, before, after}] rows for the diff tables; empty values read "(nothing)".
nlohmann::json diff_rows(const std::vector<domain::FieldChange>& changes);

// This person's draft or pending request for the service, if they have one.
std::optional<domain::ChangeRequest> open_request_of(Visit& visit, const std::string& service_id);

// Keeps `proposed` as this person's change request for the live service (a draft, or pending
// approval), replacing their earlier open request for it. Returns the request id. Throws
// HttpError 404 when the service is no longer live.
// `in_transaction`, when given, runs first in the same transaction (the form's new places).
std::int64_t keep_request(Visit& visit,
                          const domain::Service& proposed,
                          domain::ChangeState state,
                          const std::string& note,
                          const std::function<void(storage::Store&)>& in_transaction = {});

// A provider's new service, kept as a request to create it, pending approval: nothing is live
// until an editor approves it, and the diff shows every field as new. Returns the request id.
// `in_transaction`, when given, runs first in the same transaction (the form's new places).
std::int64_t propose_new(Visit& visit,
                         const domain::Service& proposed,
                         const std::string& note,
                         const std::function<void(storage::Store&)>& in_transaction = {});

// An editor's save: publishes the service with a new version and an audit entry in one
// transaction, and closes the editor's own open request for it. Throws ValidationFailed and
// Conflict from the store.
// `in_transaction`, when given, runs first in the same transaction (the form's new places).
void publish_edit(Visit& visit,
                  const domain::Checked<domain::Service>& service,
                  bool is_new,
                  const std::string& note,
                  const std::function<void(storage::Store&)>& in_transaction = {});

// "23 November 2026, 10:15 UTC" for an RFC 3339 time; "" for "".
std::string when_text(const std::string& rfc3339);

// An audit entry by the signed-in person.
auth::AuditEntry audit_entry(const Visit& visit,
                             const std::string& action,
                             const std::string& subject,
                             const std::string& detail);

}  // namespace lo::web::admin::moderation
