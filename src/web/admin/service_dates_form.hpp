// The service form's dates (issue 18, item 6): start date, end date, and for a temporarily
// closed service the reason and the reopening date, each date in GOV.UK's date input.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/dates.hpp"
#include "domain/model.hpp"
#include "domain/validation.hpp"
#include "http/request.hpp"

namespace lo::web::admin {

// Reads the four fields onto s. A post without them (a page from before they were added)
// keeps what is stored. The reason and reopening date are kept only for a temporarily closed
// service; a new reopening date must be after today (UK time). "End on or after start" is the
// record's rule (domain/validation.cpp), so it holds for imports too.
void read_service_dates(const http::FormFields& form,
                        domain::Service& s,
                        const domain::Date& today,
                        domain::ValidationErrors& errors);

// The boxes' values as the form shows them: start_date_day, ..., closed_reason.
void add_service_dates(nlohmann::json& service_model, const domain::Service& s);

}  // namespace lo::web::admin
