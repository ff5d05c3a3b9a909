// Our records as Open Referral UK 3.0 JSON: the one mapping used by the /openreferral API, the
// exporters and the harvester's tests, so every way out of the system says the same thing.
// SEND fields go out as HSDS extras (eligibility_description, referral_routes, ...) and as
// attributes linking the service to category and need terms; ORUK schemas allow both.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/store.hpp"

namespace lo::interchange {

using Json = nlohmann::ordered_json;

// How much of a service to write. Minimal: id and last_modified. Summary: the one-to-one fields
// and the organisation (the /services list). Full: everything nested (/services/{id}).
enum class Detail { Minimal, Summary, Full };

inline constexpr const char* kOrukVersion = "HSDS-UK-3.0";
inline constexpr const char* kOrukProfile =
    "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md";
inline constexpr const char* kOrukOpenApi =
    "https://openreferraluk.org/specifications/3.0/openapi.json";

// Writes records read from one store. Keeps small caches of organisations, locations and terms,
// so use one writer per request or per export, not for the life of the server.
class OrukWriter {
public:
    explicit OrukWriter(storage::Store& store) : store_(store) {}

    Json service(const domain::Service& service, Detail detail);
    Json organization(const domain::Organisation& organisation);
    // The organisation with its services (full_service: fully nested; otherwise summaries).
    Json organization_with_services(const domain::Organisation& organisation, Detail detail);
    Json location(const domain::Location& location);
    Json taxonomy(const domain::Taxonomy& taxonomy, bool with_terms);
    Json taxonomy_term(const domain::TaxonomyTerm& term);
    // A service_at_location. Full nests the whole location; Summary adds the service summary.
    Json service_at_location(const storage::ServiceAtLocationRow& row, Detail detail);
    Json attribute(const domain::Service& service, const std::string& term_id);

    const domain::Organisation* find_organisation(const std::string& id);
    const domain::Location* find_location(const std::string& id);
    const domain::TaxonomyTerm* find_term(const std::string& id);
    const domain::Taxonomy* find_taxonomy(const std::string& id);
    const domain::Service* find_service(const std::string& id);
    // Reads the services of a page at once (storage's find_many), so find_service answers them
    // from memory: an API page costs a fixed number of queries, not a dozen a service.
    void load_services(const std::vector<std::string>& ids);
    // Drops the cached services, organisations and locations (not the taxonomies), so a writer
    // used page by page for a whole export holds one page of them, not the whole directory.
    void forget_records();

private:
    void load_taxonomies();

    storage::Store& store_;
    std::map<std::string, std::optional<domain::Organisation>> organisations_;
    std::map<std::string, std::optional<domain::Location>> locations_;
    std::map<std::string, std::optional<domain::Service>> services_;
    std::map<std::string, domain::TaxonomyTerm> terms_;
    std::map<std::string, domain::Taxonomy> taxonomies_;
    bool taxonomies_loaded_ = false;
};

// {"version":"HSDS-UK-3.0","profile":...,"openapi_url":...}
Json api_details();

}  // namespace lo::interchange
