// The SQLite repositories of the directory itself, one file each: places.cpp (organisations and
// locations), services.cpp, taxonomies.cpp, advice.cpp and feedback_answers.cpp. The store
// (sqlite_store.cpp) makes one of each over itself as their ConnectionSource.
#pragma once

#include <memory>

#include "storage/insights.hpp"
#include "storage/sqlite/connection_source.hpp"
#include "storage/store.hpp"

namespace lo::storage::sqlite {

std::unique_ptr<OrganisationRepository> make_organisation_repository(ConnectionSource& source);
std::unique_ptr<LocationRepository> make_location_repository(ConnectionSource& source);
std::unique_ptr<ServiceRepository> make_service_repository(ConnectionSource& source);
std::unique_ptr<TaxonomyRepository> make_taxonomy_repository(ConnectionSource& source);
std::unique_ptr<AdviceRepository> make_advice_repository(ConnectionSource& source);
std::unique_ptr<FeedbackRepository> make_feedback_repository(ConnectionSource& source);
// insights.cpp: the facts the insights pages count (storage/insights.hpp).
std::unique_ptr<InsightsRepository> make_insights_repository(ConnectionSource& source);

}  // namespace lo::storage::sqlite
