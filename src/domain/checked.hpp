// A record that has passed the domain rules: completed (complete() fills what it can work out
// for itself) and validated (validate() found nothing wrong). Only check() makes one, so a
// repository handed a Checked<T> knows the rules ran, and they run once however many layers the
// record passes through on its way to the store (the admin form, publishing, the backend).
#pragma once

#include <optional>
#include <utility>

#include "domain/feedback.hpp"
#include "domain/model.hpp"
#include "domain/validation.hpp"

namespace lo::domain {

template <typename T>
class Checked;

// What check() found: the record ready to store, or every problem with it (and no record).
template <typename T>
struct CheckResult {
    std::optional<Checked<T>> record;
    ValidationErrors errors;
};

template <typename T>
class Checked {
public:
    const T& operator*() const { return record_; }
    const T* operator->() const { return &record_; }

private:
    explicit Checked(T record) : record_(std::move(record)) {}
    template <typename U>
    friend CheckResult<U> check_result(U record, ValidationErrors errors);

    T record_;
};

// For the check() functions only: the record is trusted when errors is empty.
template <typename T>
CheckResult<T> check_result(T record, ValidationErrors errors) {
    if (!errors.empty()) return {std::nullopt, std::move(errors)};
    return {Checked<T>(std::move(record)), {}};
}

// review_months: how long after last_checked the review falls due (complete()).
CheckResult<Service> check(Service service, int review_months = 12);
CheckResult<Organisation> check(Organisation organisation);
CheckResult<Location> check(Location location);
CheckResult<Taxonomy> check(Taxonomy taxonomy);
CheckResult<TaxonomyTerm> check(TaxonomyTerm term);
CheckResult<AdvicePage> check(AdvicePage page);
// The comment loses any e-mail address or phone number typed into it, and a missing created_at
// becomes now, before the rules are checked.
CheckResult<Feedback> check(Feedback feedback);

}  // namespace lo::domain
