// The domain rules run once before a record is stored (domain/checked.hpp).
#include "domain/checked.hpp"

#include "domain/dates.hpp"

namespace lo::domain {

CheckResult<Service> check(Service service, int review_months) {
    complete(service, review_months);
    auto errors = validate(service);
    return check_result(std::move(service), std::move(errors));
}

CheckResult<Organisation> check(Organisation organisation) {
    complete(organisation);
    auto errors = validate(organisation);
    return check_result(std::move(organisation), std::move(errors));
}

CheckResult<Location> check(Location location) {
    complete(location);
    auto errors = validate(location);
    return check_result(std::move(location), std::move(errors));
}

CheckResult<Taxonomy> check(Taxonomy taxonomy) {
    auto errors = validate(taxonomy);
    return check_result(std::move(taxonomy), std::move(errors));
}

CheckResult<TaxonomyTerm> check(TaxonomyTerm term) {
    auto errors = validate(term);
    return check_result(std::move(term), std::move(errors));
}

CheckResult<AdvicePage> check(AdvicePage page) {
    auto errors = validate(page);
    return check_result(std::move(page), std::move(errors));
}

CheckResult<Feedback> check(Feedback feedback) {
    feedback.comment = remove_personal_details(feedback.comment);
    if (feedback.created_at.empty()) feedback.created_at = now_rfc3339();
    auto errors = validate(feedback);
    return check_result(std::move(feedback), std::move(errors));
}

}  // namespace lo::domain
