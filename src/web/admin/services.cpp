// Admin services: the list with filters, and the create and edit forms. Editors see and change
// every service and publish or keep drafts; providers see only their organisations' services,
// and their saves become change requests for an editor to approve (web/admin/changes.cpp).
#include <algorithm>
#include <charconv>
#include <set>

#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "domain/service_dates.hpp"
#include "domain/validation.hpp"
#include "http/error.hpp"
#include "http/url.hpp"
#include "search/engine.hpp"
#include "web/admin/admin.hpp"
#include "web/admin/date_input.hpp"
#include "web/admin/moderation.hpp"
#include "web/admin/ownership.hpp"
#include "web/admin/service_dates_form.hpp"
#include "web/admin/service_form.hpp"
#include "web/format.hpp"
#include "web/page.hpp"

namespace lo::web::admin::services {
namespace {

using Form = http::FormFields;
using http::form_value;
using http::form_values;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

storage::ServiceFilter filter_of(std::optional<domain::ServiceStatus> status,
                                 std::string org,
                                 std::string term) {
    storage::ServiceFilter f;
    f.status = status;
    f.organisation_id = std::move(org);
    f.term_id = std::move(term);
    f.only_published = false;
    return f;
}

// The service, if it exists and this person may see it. A provider asking for another
// organisation's service is told plainly that they cannot edit it (403), as issue 15 asks; the
// ids are random UUIDs, so saying it exists gives nothing away worth guessing for.
domain::Service find_visible(Visit& visit, const std::string& id) {
    auto service = visit.ctx.store.services().find(id);
    if (!service)
        throw http::HttpError(
            404, "We could not find a service with that id. Go back to the list of services.");
    if (!visit.principal.is_editor() && !visit.principal.belongs_to(service->organisation_id))
        throw http::HttpError(403,
                              "You cannot edit this service: it belongs to an organisation your "
                              "account is not part of. Go back to the list of your services, or "
                              "ask the Local Offer team.");
    return *service;
}

std::vector<domain::Organisation> organisations_for(Visit& visit) {
    std::vector<domain::Organisation> out;
    if (visit.principal.is_editor()) return visit.ctx.store.organisations().list({10000, 0});
    for (const auto& id : visit.principal.user.organisation_ids)
        if (auto o = visit.ctx.store.organisations().find(id)) out.push_back(*o);
    return out;
}

std::vector<domain::TaxonomyTerm> terms_of(Visit& visit, std::string_view code) {
    const auto taxonomy = visit.ctx.store.taxonomies().find_taxonomy_by_code(std::string(code));
    if (!taxonomy) return {};
    return visit.ctx.store.taxonomies().terms(taxonomy->id);
}

std::optional<int> parse_age(const std::string& text,
                             const char* field,
                             const char* what,
                             domain::ValidationErrors& errors) {
    const auto t = trim(text);
    if (t.empty()) return std::nullopt;
    int n = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (ec != std::errc{} || end != t.data() + t.size()) {
        errors.push_back({field, std::string(what) + " must be a whole number of years, like 5"});
        return std::nullopt;
    }
    return n;
}

// "Last checked" as GOV.UK's date input: day, month and year boxes (issue 18). A single
// last_checked value (YYYY-MM-DD) is still read when the boxes are absent, for scripts and
// pages from before. All three empty: no date.
std::string read_last_checked(const Form& form, domain::ValidationErrors& errors) {
    if (!date_input_given(form, "last_checked")) return trim(form_value(form, "last_checked"));
    return read_date_input(form, "last_checked", "Last checked", errors);
}

// Reads the form onto the service: its own fields, and (service_form.hpp) its contacts, opening
// times, costs and places. Returns every problem, with child-record fields named by the form's
// field ids. A post without the repeating groups (a page from before they were added) keeps the
// service's child records as they are. Closures, languages, areas and how-to-access steps are
// not on the form and are kept as they are.
domain::ValidationErrors read_form(const Form& form, domain::Service& s) {
    domain::ValidationErrors errors;
    s.name = trim(form_value(form, "name"));
    s.organisation_id = form_value(form, "organisation_id");
    s.summary = trim(form_value(form, "summary"));
    s.description = trim(form_value(form, "description"));
    if (auto status = domain::service_status_from_code(form_value(form, "status")))
        s.status = *status;
    else
        errors.push_back(
            {"status", "Choose whether the service is open, temporarily closed, or closed"});
    s.url = trim(form_value(form, "url"));
    s.email = trim(form_value(form, "email"));
    s.min_age = parse_age(form_value(form, "min_age"), "min_age", "Minimum age", errors);
    s.max_age = parse_age(form_value(form, "max_age"), "max_age", "Maximum age", errors);
    s.eligibility = trim(form_value(form, "eligibility"));
    s.urgent_help = trim(form_value(form, "urgent_help"));
    s.referral_routes.clear();
    for (const auto& code : form_values(form, "referral_routes"))
        if (auto r = domain::referral_route_from_code(code)) s.referral_routes.push_back(*r);
    s.referral_url = trim(form_value(form, "referral_url"));
    s.free = form_value(form, "free") != "no";
    s.delivery_modes.clear();
    for (const auto& code : form_values(form, "delivery_modes"))
        if (auto m = domain::delivery_mode_from_code(code)) s.delivery_modes.push_back(*m);
    s.waiting_time = trim(form_value(form, "waiting_time"));
    const auto previous_checked = s.last_checked;
    s.last_checked = read_last_checked(form, errors);
    // A new "last checked" date starts a new review period: review_months from that date
    // (domain::complete fills it in when the form is saved).
    if (s.last_checked != previous_checked) s.review_due.clear();
    read_service_dates(form, s, domain::today_uk(), errors);
    s.term_ids = form_values(form, "term_ids");
    s.term_ids.erase(std::remove(s.term_ids.begin(), s.term_ids.end(), std::string()),
                     s.term_ids.end());
    if (form_value(form, "form_parts") == "all") {
        service_form::apply_lists(form, s);
        for (auto& e : service_form::apply(service_form::parse_rows(form), form, s))
            errors.push_back(std::move(e));
    }
    return errors;
}

nlohmann::json form_model(Visit& visit, const domain::Service& s, bool is_new) {
    const auto checked = domain::parse_date(s.last_checked);
    const auto title = !is_new                       ? "Edit " + s.name
                       : visit.principal.is_editor() ? std::string("Add a service")
                                                     : std::string("Propose a new service");
    auto model = admin_page_model(visit, title, "services");
    add_breadcrumb(model, "Services", "/admin/services");
    model["is_new"] = is_new;
    model["action"] = is_new ? std::string("/admin/services") : "/admin/services/" + s.id;
    model["service"] = {
        {"id", s.id},
        {"name", s.name},
        {"summary", s.summary},
        {"description", s.description},
        {"url", s.url},
        {"email", s.email},
        {"min_age", s.min_age ? std::to_string(*s.min_age) : ""},
        {"max_age", s.max_age ? std::to_string(*s.max_age) : ""},
        {"eligibility", s.eligibility},
        {"urgent_help", s.urgent_help},
        {"referral_url", s.referral_url},
        {"free", s.free},
        {"waiting_time", s.waiting_time},
        {"last_checked", s.last_checked},
        {"last_checked_day", checked ? std::to_string(checked->day) : ""},
        {"last_checked_month", checked ? std::to_string(checked->month) : ""},
        {"last_checked_year", checked ? std::to_string(checked->year) : ""},
        {"how_to_access", service_form::lines_text(s.how_to_access)},
    };
    add_service_dates(model["service"], s);
    std::vector<std::string> languages;
    for (const auto& l : s.languages) languages.push_back(l.name);
    model["service"]["languages"] = service_form::lines_text(languages);
    std::vector<std::string> known_areas;
    if (visit.ctx.search)
        for (const auto& a : visit.ctx.search->tables().areas()) known_areas.push_back(a.name);
    model["service_areas"] = service_form::area_options(known_areas, s.service_areas);
    model["has_service_areas"] = !model["service_areas"].empty();
    auto orgs = nlohmann::json::array();
    const auto choices = organisations_for(visit);
    // A provider of one organisation proposing a new service has nothing to choose.
    const bool only =
        is_new && !visit.principal.is_editor() && choices.size() == 1 && s.organisation_id.empty();
    for (const auto& o : choices)
        orgs.push_back(
            {{"id", o.id}, {"name", o.name}, {"selected", only || o.id == s.organisation_id}});
    model["organisations"] = orgs;
    auto statuses = nlohmann::json::array();
    // A closure whose reopening date has come shows as Open: saving the form then clears it.
    const auto shown_status = domain::service_listing(s, domain::today_uk()).status;
    for (auto st : {domain::ServiceStatus::Active, domain::ServiceStatus::TemporarilyClosed,
                    domain::ServiceStatus::Inactive, domain::ServiceStatus::Defunct})
        statuses.push_back({{"code", domain::to_code(st)},
                            {"label", domain::label(st)},
                            {"selected", st == shown_status}});
    model["statuses"] = statuses;
    auto routes = nlohmann::json::array();
    for (auto r : domain::kAllReferralRoutes)
        routes.push_back(
            {{"code", domain::to_code(r)},
             {"label", domain::label(r)},
             {"checked", std::count(s.referral_routes.begin(), s.referral_routes.end(), r) > 0}});
    model["referral_routes"] = routes;
    auto modes = nlohmann::json::array();
    for (auto m : domain::kAllDeliveryModes)
        modes.push_back(
            {{"code", domain::to_code(m)},
             {"label", domain::label(m)},
             {"checked", std::count(s.delivery_modes.begin(), s.delivery_modes.end(), m) > 0}});
    model["delivery_modes"] = modes;
    for (const auto& [key, code] : {std::pair{"category_groups", domain::kCategoriesTaxonomy},
                                    std::pair{"need_groups", domain::kNeedsTaxonomy}})
        model[key] = service_form::term_groups(terms_of(visit, code), s.term_ids);
    // The repeating groups: as typed when the form comes back (an error, "Add another"),
    // otherwise as stored.
    service_form::Rows rows;
    domain::ValidationErrors row_errors;
    const auto posted = visit.request.method == http::Method::Post ? visit.request.form() : Form{};
    if (form_value(posted, "form_parts") == "all") {
        rows = service_form::parse_rows(posted);
        auto copy = s;
        row_errors = service_form::apply(rows, posted, copy);
        for (auto& e : service_form::validate_for_form(copy)) row_errors.push_back(std::move(e));
    } else {
        rows = service_form::rows_of(s);
    }
    model["parts"] = service_form::rows_model(
        rows, row_errors, service_form::places_for(visit.ctx.store, s), s.location_ids);
    model["rows_action"] =
        (is_new ? std::string("/admin/services/new") : "/admin/services/" + s.id) + "/rows";
    model["can_save"] = visit.principal.is_editor();
    return model;
}

// The submission area under the form: which buttons show, and the person's open change request
// for this service, whose proposed record the form then shows.
void add_submission(Visit& visit, nlohmann::json& model, bool is_new, const std::string& note) {
    const bool editor = visit.principal.is_editor();
    model["can_publish"] = editor;
    model["can_draft"] = editor && !is_new;
    model["can_submit"] = !editor;
    model["note"] = note;
    // Providers say why they changed it, or what the team should know about a new service.
    model["show_note"] = !is_new || !editor;
    model["note_label"] = is_new ? "Is there anything the Local Offer team should know? (optional)"
                                 : "What did you change, and why? (optional)";
    if (is_new) return;
    if (auto open = moderation::open_request_of(visit, model["service"]["id"].get<std::string>())) {
        model["open_request"] = {
            {"href", "/admin/changes/" + std::to_string(open->id)},
            {"is_draft", open->state == domain::ChangeState::Draft},
            {"date", long_date_text(open->updated_at)},
        };
        if (note.empty()) model["note"] = open->note;
    }
}

http::Response save(Visit& visit, domain::Service service, bool is_new) {
    const auto form = visit.request.form();
    const auto stored = service;
    auto errors = read_form(form, service);
    // Posted place and term ids this person may not use are refused, never shown or linked.
    for (auto& e : ownership::drop_unusable_ids(visit, stored, service))
        errors.push_back(std::move(e));
    // Text areas arrive with CRLF line endings; the record keeps plain newlines.
    for (auto* text : {&service.description, &service.eligibility, &service.urgent_help})
        std::erase(*text, '\r');
    // The domain rules run once, here: their problems go on the form, and the checked record is
    // what is kept or published (the store does not check it again).
    auto result = domain::check(service, visit.ctx.site.review_months);
    for (auto& e : service_form::on_form(std::move(result.errors))) errors.push_back(std::move(e));
    const bool editor = visit.principal.is_editor();
    const auto intent = form_value(form, "intent");
    auto note = trim(form_value(form, "change_note"));
    std::erase(note, '\r');
    // A provider may not move a service to an organisation that is not theirs.
    if (!editor && !visit.principal.belongs_to(service.organisation_id))
        errors.push_back({"organisation_id",
                          "Choose one of your organisations. To move a service to another "
                          "organisation, ask the Local Offer team."});
    if (errors.empty()) {
        service = **result.record;
        // Providers' changes and editors' drafts are kept as change requests: nothing reaches
        // the live record, the search index or the API until it is published.
        // A provider's new service waits for an editor, as a request to create it.
        if (is_new && !editor) {
            const auto id = moderation::propose_new(visit, service, note, [&](storage::Store& tx) {
                service_form::save_new_locations(visit.ctx, form, service, tx);
            });
            return http::Response::redirect("/admin/changes/" + std::to_string(id) +
                                            "?kept=submitted");
        }
        if (!is_new && (!editor || intent == "draft")) {
            const auto state = editor ? domain::ChangeState::Draft : domain::ChangeState::Pending;
            // New places typed into the form are saved with the request (unlinked, so not public)
            // and linked when the change is approved.
            const auto id =
                moderation::keep_request(visit, service, state, note, [&](storage::Store& tx) {
                    service_form::save_new_locations(visit.ctx, form, service, tx);
                });
            return http::Response::redirect("/admin/changes/" + std::to_string(id) +
                                            (editor ? "?kept=draft" : "?kept=submitted"));
        }
        try {
            moderation::publish_edit(visit, *result.record, is_new, note, [&](storage::Store& tx) {
                service_form::save_new_locations(visit.ctx, form, service, tx);
            });
            return http::Response::redirect("/admin/services?saved=" +
                                            http::percent_encode(service.id));
        } catch (const storage::ValidationFailed& e) {
            errors = e.errors();
        } catch (const storage::Conflict& e) {
            errors.push_back({"organisation_id", e.what()});
        }
    }
    auto model = form_model(visit, service, is_new);
    // The date boxes show what was typed, even when it was not a real date.
    for (const auto* part : {"day", "month", "year"})
        if (const auto typed = form_value(form, std::string("last_checked-") + part);
            !typed.empty())
            model["service"][std::string("last_checked_") + part] = trim(typed).substr(0, 10);
    add_submission(visit, model, is_new, note);
    add_errors(model, errors);
    return render_page(visit.ctx, "admin/services/form", model, 422);
}

// Stages of a service's life, offered in the list's status filter beside its own status.
struct Stage {
    const char* code;
    const char* label;
};
constexpr Stage kStages[] = {
    {"published", "Published"},           {"draft", "Draft changes"},
    {"pending", "Waiting for approval"},  {"archived", "Archived"},
    {"review_overdue", "Review overdue"},
};

std::set<std::string> ids_in(Visit& visit, std::vector<domain::ChangeState> states) {
    const auto ids = visit.ctx.store.change_requests().service_ids_in(states);
    return {ids.begin(), ids.end()};
}

}  // namespace

http::Response index(Visit& visit) {
    const auto& req = visit.request;
    auto model = admin_page_model(visit, "Services", "services");
    const auto status_code = req.query_value("status").value_or("");
    // Besides the service's own status, "status" selects a stage of its life in the Local Offer.
    const auto stage = std::find_if(std::begin(kStages), std::end(kStages),
                                    [&](const Stage& st) { return status_code == st.code; });
    const bool by_stage = stage != std::end(kStages);
    auto status = domain::service_status_from_code(status_code);
    if (by_stage && std::string_view(stage->code) == "archived")
        status = domain::ServiceStatus::Defunct;
    const auto waiting = ids_in(visit, {domain::ChangeState::Pending});
    const auto drafts = ids_in(visit, {domain::ChangeState::Draft});
    const auto today = domain::to_string(domain::today_utc());
    const auto keep = [&](const domain::Service& s) {
        if (!by_stage) return true;
        const std::string_view code = stage->code;
        if (code == "published") return s.status != domain::ServiceStatus::Defunct;
        if (code == "pending") return waiting.count(s.id) > 0;
        if (code == "draft") return drafts.count(s.id) > 0;
        if (code == "review_overdue") return !s.review_due.empty() && s.review_due < today;
        return true;
    };
    const auto organisation = req.query_value("organisation").value_or("");
    const auto category = req.query_value("category").value_or("");
    const auto q = trim(req.query_value("q").value_or(""));

    std::vector<std::string> orgs;
    if (visit.principal.is_editor())
        orgs.push_back(organisation);
    else if (!organisation.empty() && visit.principal.belongs_to(organisation))
        orgs.push_back(organisation);
    else
        orgs = visit.principal.user.organisation_ids;

    // FIXME: filters by name in memory; move to SQL when lists pass a few thousand services.
    std::vector<domain::Service> found;
    for (const auto& org : orgs) {
        auto list = visit.ctx.store.services().list(filter_of(status, org, category), {100000, 0});
        for (auto& s : list)
            if ((q.empty() || lower(s.name).find(lower(q)) != std::string::npos) && keep(s))
                found.push_back(std::move(s));
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return lower(a.name) < lower(b.name) || (lower(a.name) == lower(b.name) && a.id < b.id);
    });
    const auto pagination = paginate(req, static_cast<std::int64_t>(found.size()));
    std::map<std::string, std::string> org_names;
    auto org_options = nlohmann::json::array();
    for (const auto& o : organisations_for(visit)) {
        org_names[o.id] = o.name;
        org_options.push_back({{"id", o.id}, {"name", o.name}, {"selected", o.id == organisation}});
    }
    auto rows = nlohmann::json::array();
    for (std::size_t i = static_cast<std::size_t>(pagination.offset());
         i < found.size() && rows.size() < static_cast<std::size_t>(pagination.per_page); ++i) {
        const auto& s = found[i];
        rows.push_back({{"id", s.id},
                        {"name", s.name},
                        {"organisation",
                         org_names.count(s.organisation_id) ? org_names[s.organisation_id] : ""},
                        {"status", domain::label(s.status)},
                        {"review_due", s.review_due.empty() ? "" : long_date_text(s.review_due)},
                        {"review_overdue", !s.review_due.empty() && s.review_due < today},
                        {"waiting", waiting.count(s.id) > 0},
                        {"edit_href", "/admin/services/" + s.id + "/edit"}});
    }
    auto statuses = nlohmann::json::array();
    for (auto st : {domain::ServiceStatus::Active, domain::ServiceStatus::TemporarilyClosed,
                    domain::ServiceStatus::Inactive, domain::ServiceStatus::Defunct})
        statuses.push_back({{"code", domain::to_code(st)},
                            {"label", domain::label(st)},
                            {"selected", !by_stage && status == st}});
    auto stages = nlohmann::json::array();
    for (const auto& st : kStages)
        stages.push_back({{"code", st.code},
                          {"label", st.label},
                          {"selected", by_stage && stage->code == st.code}});
    model["stages"] = stages;
    auto categories = nlohmann::json::array();
    for (const auto& t : terms_of(visit, domain::kCategoriesTaxonomy))
        categories.push_back({{"id", t.id}, {"name", t.name}, {"selected", t.id == category}});
    model["services"] = rows;
    model["has_services"] = !rows.empty();
    model["count_text"] =
        count_text(static_cast<std::int64_t>(found.size()), "service", "services");
    model["statuses"] = statuses;
    model["organisations"] = org_options;
    model["categories"] = categories;
    model["q"] = q;
    model["saved"] = req.query_value("saved").has_value();
    std::string base = "/admin/services?status=" + http::percent_encode(status_code) +
                       "&organisation=" + http::percent_encode(organisation) +
                       "&category=" + http::percent_encode(category) +
                       "&q=" + http::percent_encode(q);
    model["pagination"] = pagination_model(pagination, base);
    return render_page(visit.ctx, "admin/services/index", model);
}

http::Response new_form(Visit& visit) {
    domain::Service s;
    auto model = form_model(visit, s, true);
    add_submission(visit, model, true, "");
    return render_page(visit.ctx, "admin/services/form", model);
}

http::Response create(Visit& visit) {
    domain::Service s;
    s.id = domain::new_uuid();
    s.source = "admin";
    return save(visit, std::move(s), true);
}

http::Response edit(Visit& visit) {
    auto s = find_visible(visit, visit.request.param("id"));
    // The person carries on from their own draft or pending change, not from the live record.
    if (auto open = moderation::open_request_of(visit, s.id)) s = open->proposed;
    auto model = form_model(visit, s, false);
    add_submission(visit, model, false, "");
    model["history_href"] = "/admin/services/" + s.id + "/history";
    return render_page(visit.ctx, "admin/services/form", model);
}

http::Response update(Visit& visit) {
    auto s = find_visible(visit, visit.request.param("id"));
    // A provider may not move a service to an organisation that is not theirs.
    return save(visit, std::move(s), false);
}

// "Add another contact" and the like: the form again with what was typed and one more blank
// row in that group. Nothing is saved, and no errors are shown until the person saves.
http::Response add_row(Visit& visit) {
    const auto id = visit.request.param("id");
    const bool is_new = id.empty() || id == "new";
    domain::Service s;
    if (!is_new) s = find_visible(visit, id);
    const auto form = visit.request.form();
    const auto stored = s;
    read_form(form, s);
    // Another organisation's place would be shown in full on this page: it is dropped here too.
    ownership::drop_unusable_ids(visit, stored, s);
    auto model = form_model(visit, s, is_new);
    // The same buttons as before (Publish, Save as draft, Submit for approval), and the note typed.
    auto note = trim(form_value(form, "change_note"));
    std::erase(note, '\r');
    add_submission(visit, model, is_new, note);
    // The rows' own checks are for saving; while adding rows nothing is marked wrong yet.
    model["parts"] =
        service_form::rows_model(service_form::parse_rows(visit.request.form()), {},
                                 service_form::places_for(visit.ctx.store, s), s.location_ids);
    return render_page(visit.ctx, "admin/services/form", model);
}

}  // namespace lo::web::admin::services
