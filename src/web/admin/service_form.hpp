// The parts of the service form that repeat: contacts, opening times, closure dates, costs and
// places, plus the lists (how-to-get-it steps, languages, service areas) and the grouped category
// and SEND-need checkboxes. services.cpp calls these from read_form and
// form_model; this file owns how the rows are named, read, checked and shown.
//
// Repeating groups work without JavaScript. Each row's fields are named "GROUP-N-FIELD"
// ("contacts-2-email"), which is also the input's id, so the error summary links straight to it.
// The form shows the saved rows plus one blank row; "Add another …" buttons post to
// /admin/services/{id}/rows, which shows the form again with what was typed and one more blank
// row, saving nothing. Rows left blank are ignored and rows with "Remove" ticked are dropped.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/model.hpp"
#include "domain/validation.hpp"
#include "http/request.hpp"
#include "storage/store.hpp"

namespace lo::web {
struct Context;
}

namespace lo::web::admin::service_form {

// At most this many rows per group are read; more is refused with a message.
inline constexpr int kMaxRows = 50;

// What was typed, kept as text so a wrong value ("twelve pounds") can be shown again.
struct ContactRow {
    std::string id, name, role, phone, email;
};
struct ScheduleRow {
    std::string id;
    std::vector<std::string> days;  // "MO".."SU"
    std::string opens, closes, notes;
};
struct CostRow {
    std::string id, option, amount, description;
};
struct ClosureRow {
    std::string id, date, description;
};
struct NewLocationRow {
    std::string name, address_1, address_2, town, postcode, latitude, longitude;
};

struct Rows {
    std::vector<ContactRow> contacts;
    std::vector<ScheduleRow> schedules;
    std::vector<CostRow> costs;
    std::vector<ClosureRow> closures;
    std::vector<NewLocationRow> new_locations;
    // Blank rows posted per group, so "Add another" can show one more than there were.
    int blank_contacts = 0, blank_schedules = 0, blank_costs = 0, blank_closures = 0,
        blank_locations = 0;
    std::string add;        // the group ("contacts") whose "Add another" button was pressed, or ""
    bool too_many = false;  // a group had more than kMaxRows rows
};

// The rows as posted: blank rows and rows marked "Remove" are left out, in the order shown.
Rows parse_rows(const http::FormFields& form);
// The rows of a stored service, for the first showing of the edit form.
Rows rows_of(const domain::Service& service);

// Puts the rows onto the service: its contacts, schedules, closures and costs, and the chosen
// places (form field "location_ids") plus new places (as ids from new_location_id). Ids of rows
// that the service already had are kept, so the Open Referral API's ids stay the same across saves;
// ids the service did not have (a new row, or a tampered hidden field) are replaced with new ones.
// Returns what stops the rows being saved, keyed by the field's id ("costs-0-amount").
domain::ValidationErrors apply(const Rows& rows,
                               const http::FormFields& form,
                               domain::Service& service);

// Puts the lists onto the service: the how-to-get-it steps and the languages (textareas, one per
// line, blank lines ignored) and the service areas (checkboxes "service_areas"). A language or
// area the service already had keeps its id, so the Open Referral API's ids stay the same.
void apply_lists(const http::FormFields& form, domain::Service& service);
// A list as its textarea shows it: one per line.
std::string lines_text(const std::vector<std::string>& lines);
// The service-area checkboxes: every area the gazetteer knows (known), then any area the service
// names that the gazetteer does not, each ticked when the service covers it.
nlohmann::json area_options(const std::vector<std::string>& known,
                            const std::vector<domain::ServiceArea>& chosen);

// The whole service's validation, with child-record fields renamed to the form's field ids
// ("contacts[2].emails[0]" -> "contacts-2-email").
domain::ValidationErrors validate_for_form(const domain::Service& service);
// Problems the domain rules found, with their fields renamed the same way.
domain::ValidationErrors on_form(domain::ValidationErrors errors);

// The id a new place typed into the form gets: derived from the service and what was typed, so
// reading the same form twice gives the same id.
std::string new_location_id(const std::string& service_id, const NewLocationRow& row);
// The new places typed into the form, as locations (latitude and longitude as typed, if any).
std::vector<domain::Location> new_locations(const Rows& rows, const std::string& service_id);

// Saves the new places typed into the posted form, in the caller's transaction, before the
// service that links them is saved. Where latitude and longitude were left blank they are looked
// up from the postcode in the search gazetteer, when search is running.
void save_new_locations(const Context& ctx,
                        const http::FormFields& form,
                        const domain::Service& service,
                        storage::Store& tx);

// The template model of the repeating groups ("contacts", "schedules", "costs",
// "new_locations", each rows with per-field "error_*" messages) plus "places": the places the
// service is linked to and the other places the organisation's services use, to choose from.
nlohmann::json rows_model(const Rows& rows,
                          const domain::ValidationErrors& errors,
                          const std::vector<domain::Location>& places,
                          const std::vector<std::string>& chosen_location_ids);

// The checkboxes of one taxonomy grouped under its top-level terms: [{name, id, terms: [{id,
// name, checked}]}], each group's own term first.
nlohmann::json term_groups(const std::vector<domain::TaxonomyTerm>& terms,
                           const std::vector<std::string>& checked_ids);

// Places to offer for a service: those it is linked to, then the others its organisation's
// services use, by name.
std::vector<domain::Location> places_for(storage::Store& store, const domain::Service& service);

}  // namespace lo::web::admin::service_form
