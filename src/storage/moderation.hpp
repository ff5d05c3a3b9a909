// Repository interfaces for moderation (change requests) and history (service versions),
// docs/admin.md "Moderation and history". Neither writes to the live `services` table: publishing
// is storage/publishing.hpp, which saves the service and appends the version together.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/moderation.hpp"

namespace lo::storage {

struct ChangeFilter {
    std::vector<domain::ChangeState> states;    // empty: every state
    std::vector<std::string> organisation_ids;  // empty: every organisation
    std::string service_id;
    std::string author_id;
    int limit = 200;
};

class ChangeRequestRepository {
public:
    virtual ~ChangeRequestRepository() = default;
    // Stores a new request and returns its id (the request's id is ignored).
    virtual std::int64_t add(const domain::ChangeRequest& request) = 0;
    // Replaces the stored request with this id. False when there is none.
    virtual bool update(const domain::ChangeRequest& request) = 0;
    virtual std::optional<domain::ChangeRequest> find(std::int64_t id) = 0;
    // Most recently updated first.
    virtual std::vector<domain::ChangeRequest> list(const ChangeFilter& filter) = 0;
    // Ids of services with a request in one of these states (for the admin's status filter).
    virtual std::vector<std::string> service_ids_in(
        const std::vector<domain::ChangeState>& states) = 0;
};

class ServiceVersionRepository {
public:
    virtual ~ServiceVersionRepository() = default;
    // Appends a version. Throws Conflict when the service already has that number.
    virtual void append(const domain::ServiceVersion& version) = 0;
    // Newest first.
    virtual std::vector<domain::ServiceVersion> list(const std::string& service_id) = 0;
    virtual std::optional<domain::ServiceVersion> find(const std::string& service_id,
                                                       int number) = 0;
    // The highest version number of the service, 0 when it has none.
    virtual int latest_number(const std::string& service_id) = 0;
};

}  // namespace lo::storage
