// GOV.UK's date input in the admin's forms: three boxes, NAME-day, NAME-month and NAME-year.
#pragma once

#include <string>

#include "domain/validation.hpp"
#include "http/request.hpp"

namespace lo::web::admin {

// Whether any of the three boxes holds something.
bool date_input_given(const http::FormFields& form, const std::string& name);

// The date typed as "YYYY-MM-DD"; "" when all three boxes are empty. A date that does not
// exist or misses a part gives "" and an error on NAME: "<label> must be a real date with a
// day, month and year, for example 31 3 2026".
std::string read_date_input(const http::FormFields& form,
                            const std::string& name,
                            const std::string& label,
                            domain::ValidationErrors& errors);

}  // namespace lo::web::admin
