// Codes and labels of the moderation and history types.
#include "domain/moderation.hpp"

namespace lo::domain {

std::string_view to_code(ChangeKind v) {
    return v == ChangeKind::Create ? "create" : "update";
}

std::string_view to_code(ChangeState v) {
    switch (v) {
        case ChangeState::Draft:
            return "draft";
        case ChangeState::Pending:
            return "pending";
        case ChangeState::Approved:
            return "approved";
        case ChangeState::Rejected:
            return "rejected";
        case ChangeState::Withdrawn:
            return "withdrawn";
    }
    return "pending";
}

std::string_view to_code(VersionSource v) {
    switch (v) {
        case VersionSource::Initial:
            return "initial";
        case VersionSource::Admin:
            return "admin";
        case VersionSource::Approval:
            return "approval";
        case VersionSource::Restore:
            return "restore";
        case VersionSource::Import:
            return "import";
    }
    return "admin";
}

std::optional<ChangeKind> change_kind_from_code(std::string_view code) {
    if (code == "create") return ChangeKind::Create;
    if (code == "update") return ChangeKind::Update;
    return std::nullopt;
}

std::optional<ChangeState> change_state_from_code(std::string_view code) {
    for (auto s : {ChangeState::Draft, ChangeState::Pending, ChangeState::Approved,
                   ChangeState::Rejected, ChangeState::Withdrawn})
        if (to_code(s) == code) return s;
    return std::nullopt;
}

std::optional<VersionSource> version_source_from_code(std::string_view code) {
    for (auto s : {VersionSource::Initial, VersionSource::Admin, VersionSource::Approval,
                   VersionSource::Restore, VersionSource::Import})
        if (to_code(s) == code) return s;
    return std::nullopt;
}

std::string_view label(ChangeState v) {
    switch (v) {
        case ChangeState::Draft:
            return "Draft";
        case ChangeState::Pending:
            return "Waiting for approval";
        case ChangeState::Approved:
            return "Approved and published";
        case ChangeState::Rejected:
            return "Not approved";
        case ChangeState::Withdrawn:
            return "Withdrawn";
    }
    return "";
}

std::string_view label(VersionSource v) {
    switch (v) {
        case VersionSource::Initial:
            return "As it was before its first change in the admin";
        case VersionSource::Admin:
            return "Published by an editor";
        case VersionSource::Approval:
            return "Change request approved";
        case VersionSource::Restore:
            return "Earlier version restored";
        case VersionSource::Import:
            return "Imported";
    }
    return "";
}

}  // namespace lo::domain
