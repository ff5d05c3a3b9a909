// Moderation and history of services: a change request is a proposed service record waiting for
// (or past) an editor's decision; a service version is a snapshot of what was published. Neither
// touches the live `services` table until published (docs/admin.md, "Moderation and history").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/model.hpp"

namespace lo::domain {

enum class ChangeKind { Create, Update };

// Draft: saved by its author, not yet sent. Pending: waiting for an editor. The other three are
// final: approved (published), rejected (with a reason the author sees), withdrawn by the author.
enum class ChangeState { Draft, Pending, Approved, Rejected, Withdrawn };

struct ChangeRequest {
    std::int64_t id = 0;
    std::string service_id;
    std::string organisation_id;  // the organisation whose people may see the request
    ChangeKind kind = ChangeKind::Update;
    ChangeState state = ChangeState::Pending;
    Service proposed;
    // The live record when the request was made (nothing for a new service). Comparing it with
    // the live record now shows what changed on the site since the author started.
    std::optional<Service> base;
    std::string author_id;
    std::string author_email;
    std::string note;        // what the author changed and why, in their words
    std::string created_at;  // RFC 3339
    std::string updated_at;
    std::string decided_by;  // e-mail address of the editor who approved or rejected it
    std::string decided_at;
    std::string reason;  // why it was rejected (shown to the author)

    bool is_open() const { return state == ChangeState::Draft || state == ChangeState::Pending; }
};

// Where a published version came from.
enum class VersionSource { Initial, Admin, Approval, Restore, Import };

struct ServiceVersion {
    std::string service_id;
    int number = 0;  // 1, 2, 3... per service
    Service snapshot;
    std::string user_id;
    std::string user_email;
    std::string at;                           // RFC 3339
    std::vector<std::string> changed_fields;  // field keys from domain/diff.hpp
    std::string reason;
    VersionSource source = VersionSource::Admin;
};

std::string_view to_code(ChangeKind v);     // "create", "update"
std::string_view to_code(ChangeState v);    // "draft", "pending", ...
std::string_view to_code(VersionSource v);  // "initial", "admin", "approval", "restore", "import"
std::optional<ChangeKind> change_kind_from_code(std::string_view code);
std::optional<ChangeState> change_state_from_code(std::string_view code);
std::optional<VersionSource> version_source_from_code(std::string_view code);

std::string_view label(ChangeState v);    // "Draft", "Waiting for approval", ...
std::string_view label(VersionSource v);  // "Published in the admin", ...

}  // namespace lo::domain
