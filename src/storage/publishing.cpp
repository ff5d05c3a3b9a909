// publish(): save the live service and append its version (publishing.hpp).
#include "storage/publishing.hpp"

#include "domain/dates.hpp"
#include "domain/diff.hpp"

namespace lo::storage {

std::optional<domain::ServiceVersion> publish(Store& tx,
                                              const domain::Service& service,
                                              const Publisher& by,
                                              domain::VersionSource source,
                                              const std::string& reason) {
    return publish(tx, checked(domain::check(service)), by, source, reason);
}

std::optional<domain::ServiceVersion> publish(Store& tx,
                                              const domain::Checked<domain::Service>& checked,
                                              const Publisher& by,
                                              domain::VersionSource source,
                                              const std::string& reason) {
    const auto& service = *checked;
    const auto before = tx.services().find(service.id);
    int latest = tx.service_versions().latest_number(service.id);
    if (before && latest == 0) {
        domain::ServiceVersion initial;
        initial.service_id = service.id;
        initial.number = 1;
        initial.snapshot = *before;
        initial.at = before->last_modified;
        initial.source = domain::VersionSource::Initial;
        tx.service_versions().append(initial);
        latest = 1;
    }
    tx.services().save(checked);
    const auto after = tx.services().find(service.id);
    if (!after) throw Conflict("The service could not be read back after saving. Try again.");
    const auto changed = domain::changed_fields(before.value_or(domain::Service{}), *after);
    if (before && changed.empty()) return std::nullopt;

    domain::ServiceVersion version;
    version.service_id = service.id;
    version.number = latest + 1;
    version.snapshot = *after;
    version.user_id = by.user_id;
    version.user_email = by.user_email;
    version.at = domain::now_rfc3339();
    version.changed_fields = changed;
    version.reason = reason;
    version.source = source;
    tx.service_versions().append(version);
    return version;
}

}  // namespace lo::storage
