#include "web/admin/service_dates_form.hpp"

#include "web/admin/date_input.hpp"
#include "web/admin/form_text.hpp"

namespace lo::web::admin {
namespace {

void add_boxes(nlohmann::json& model, const std::string& name, const std::string& value) {
    const auto d = domain::parse_date(value);
    model[name + "_day"] = d ? std::to_string(d->day) : "";
    model[name + "_month"] = d ? std::to_string(d->month) : "";
    model[name + "_year"] = d ? std::to_string(d->year) : "";
}

}  // namespace

void read_service_dates(const http::FormFields& form,
                        domain::Service& s,
                        const domain::Date& today,
                        domain::ValidationErrors& errors) {
    // The reason box is always on the form, even empty: its absence means an older page.
    bool present = false;
    for (const auto& [key, value] : form)
        if (key == "closed_reason") present = true;
    if (!present) return;
    s.start_date = read_date_input(form, "start_date", "The start date", errors);
    s.end_date = read_date_input(form, "end_date", "The end date", errors);
    const auto previous_reopening = s.reopening_date;
    if (s.status != domain::ServiceStatus::TemporarilyClosed) {
        s.closed_reason.clear();
        s.reopening_date.clear();
        return;
    }
    s.closed_reason = trimmed(http::form_value(form, "closed_reason"));
    s.reopening_date = read_date_input(form, "reopening_date", "The reopening date", errors);
    // Only a date typed now must be in the future: a stored one that has passed (the service
    // reopened by itself) must not stop the rest of the form being saved.
    const auto reopens = domain::parse_date(s.reopening_date);
    if (reopens && s.reopening_date != previous_reopening && !(today < *reopens))
        errors.push_back({"reopening_date",
                          "The reopening date must be in the future. If the service is open "
                          "again, change its status to Open"});
}

void add_service_dates(nlohmann::json& service_model, const domain::Service& s) {
    add_boxes(service_model, "start_date", s.start_date);
    add_boxes(service_model, "end_date", s.end_date);
    add_boxes(service_model, "reopening_date", s.reopening_date);
    service_model["closed_reason"] = s.closed_reason;
}

}  // namespace lo::web::admin
