// History of a service: every published version (who, when, which fields, why), one version in
// full, two versions compared field by field, and restoring an earlier version (editors), which
// publishes it again as a new version.
#include <charconv>

#include "domain/diff.hpp"
#include "http/error.hpp"
#include "http/url.hpp"
#include "storage/publishing.hpp"
#include "web/admin/admin.hpp"
#include "web/admin/moderation.hpp"
#include "web/format.hpp"
#include "web/page.hpp"

namespace lo::web::admin::history {
namespace {

std::optional<int> parse_number(const std::string& text) {
    int n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || n < 1) return std::nullopt;
    return n;
}

domain::ServiceVersion find_version(Visit& visit,
                                    const std::string& service_id,
                                    const std::string& number_text) {
    const auto number = parse_number(number_text);
    auto version =
        number ? visit.ctx.store.service_versions().find(service_id, *number) : std::nullopt;
    if (!version)
        throw http::HttpError(404,
                              "This service has no version with that number. Go back to the "
                              "service's history to see its versions.");
    return *version;
}

std::string who(const domain::ServiceVersion& v) {
    if (!v.user_email.empty()) return v.user_email;
    return v.source == domain::VersionSource::Initial ? "Loaded before the admin" : "";
}

std::string fields_text(const domain::ServiceVersion& v) {
    std::vector<std::string> labels;
    for (const auto& key : v.changed_fields) labels.push_back(domain::field_label(key));
    return join_and(labels);
}

std::string base_href(const std::string& service_id) {
    return "/admin/services/" + service_id;
}

nlohmann::json index_model(Visit& visit, const domain::Service& service) {
    auto model = admin_page_model(visit, "History of " + service.name, "services");
    add_breadcrumb(model, "Services", "/admin/services");
    add_breadcrumb(model, service.name, base_href(service.id) + "/edit");
    const auto versions = visit.ctx.store.service_versions().list(service.id);
    const int latest = versions.empty() ? 0 : versions.front().number;
    const bool editor = visit.principal.is_editor();
    auto rows = nlohmann::json::array();
    auto numbers = nlohmann::json::array();
    for (const auto& v : versions) {
        rows.push_back({
            {"number", v.number},
            {"when", moderation::when_text(v.at)},
            {"who", who(v)},
            {"source", domain::label(v.source)},
            {"fields", fields_text(v)},
            {"reason", v.reason},
            {"href", base_href(service.id) + "/versions/" + std::to_string(v.number)},
            {"has_previous", v.number > 1},
            {"compare_href", base_href(service.id) + "/compare?from=" +
                                 std::to_string(v.number - 1) + "&to=" + std::to_string(v.number)},
            {"is_live", v.number == latest},
            {"can_restore", editor && v.number != latest},
            {"restore_action",
             base_href(service.id) + "/versions/" + std::to_string(v.number) + "/restore"},
        });
    }
    for (const auto& v : versions) {
        numbers.push_back({{"number", v.number},
                           {"from_selected", v.number == latest - 1},
                           {"to_selected", v.number == latest}});
    }
    model["service"] = {{"id", service.id}, {"name", service.name}};
    model["versions"] = rows;
    model["numbers"] = numbers;
    model["has_versions"] = !rows.empty();
    model["can_compare"] = rows.size() > 1;
    model["compare_action"] = base_href(service.id) + "/compare";
    model["public_href"] = "/services/" + service.id;
    const auto restored = visit.request.query_value("restored").value_or("");
    model["restored"] = restored;
    model["restored_same"] = visit.request.query_value("unchanged").has_value();
    return model;
}

}  // namespace

http::Response index(Visit& visit) {
    const auto service = moderation::visible_service(visit, visit.request.param("id"));
    return render_page(visit.ctx, "admin/history/index", index_model(visit, service));
}

http::Response show(Visit& visit) {
    const auto service = moderation::visible_service(visit, visit.request.param("id"));
    const auto v = find_version(visit, service.id, visit.request.param("n"));
    auto model = admin_page_model(
        visit, "Version " + std::to_string(v.number) + " of " + service.name, "services");
    add_breadcrumb(model, "Services", "/admin/services");
    add_breadcrumb(model, "History of " + service.name, base_href(service.id) + "/history");
    auto fields = nlohmann::json::array();
    for (const auto& f : domain::describe(v.snapshot, moderation::diff_names(visit)))
        fields.push_back({{"label", f.label}, {"value", f.after.empty() ? "(nothing)" : f.after}});
    model["version"] = {{"number", v.number},
                        {"when", moderation::when_text(v.at)},
                        {"who", who(v)},
                        {"source", domain::label(v.source)},
                        {"fields", fields_text(v)},
                        {"reason", v.reason}};
    model["fields"] = fields;
    model["history_href"] = base_href(service.id) + "/history";
    const int latest = visit.ctx.store.service_versions().latest_number(service.id);
    model["can_restore"] = visit.principal.is_editor() && v.number != latest;
    model["restore_action"] =
        base_href(service.id) + "/versions/" + std::to_string(v.number) + "/restore";
    return render_page(visit.ctx, "admin/history/show", model);
}

http::Response compare(Visit& visit) {
    const auto service = moderation::visible_service(visit, visit.request.param("id"));
    const auto from_text = visit.request.query_value("from").value_or("");
    const auto to_text = visit.request.query_value("to").value_or("");
    if (!parse_number(from_text) || !parse_number(to_text))
        throw http::HttpError(400,
                              "Choose two versions to compare, by their numbers: for example "
                              "?from=1&to=2. The service's history lists them.");
    const auto from = find_version(visit, service.id, from_text);
    const auto to = find_version(visit, service.id, to_text);
    auto model = admin_page_model(visit,
                                  "Version " + std::to_string(from.number) + " compared with " +
                                      std::to_string(to.number) + " of " + service.name,
                                  "services");
    add_breadcrumb(model, "Services", "/admin/services");
    add_breadcrumb(model, "History of " + service.name, base_href(service.id) + "/history");
    const auto changes = domain::diff(from.snapshot, to.snapshot, moderation::diff_names(visit));
    model["from"] = {{"number", from.number}, {"when", moderation::when_text(from.at)}};
    model["to"] = {{"number", to.number}, {"when", moderation::when_text(to.at)}};
    model["changes"] = moderation::diff_rows(changes);
    model["has_changes"] = !changes.empty();
    model["history_href"] = base_href(service.id) + "/history";
    return render_page(visit.ctx, "admin/history/compare", model);
}

http::Response restore(Visit& visit) {
    const auto service = moderation::visible_service(visit, visit.request.param("id"));
    const auto v = find_version(visit, service.id, visit.request.param("n"));
    auto record = v.snapshot;
    record.id = service.id;
    domain::ValidationErrors errors;
    bool changed = false;
    try {
        visit.ctx.store.transaction([&](storage::Store& tx) {
            changed =
                storage::publish(tx, record, {visit.principal.user.id, visit.principal.user.email},
                                 domain::VersionSource::Restore,
                                 "Restored version " + std::to_string(v.number))
                    .has_value();
            if (changed)
                tx.audit().record(moderation::audit_entry(
                    visit, "service_restored", service.id,
                    "version " + std::to_string(v.number) + " of " + service.name));
        });
    } catch (const storage::ValidationFailed& e) {
        for (const auto& error : e.errors())
            errors.push_back(
                {"versions", "Version " + std::to_string(v.number) + " cannot be restored. " +
                                 domain::field_label(error.field) + ": " + error.message});
    } catch (const storage::Conflict& e) {
        errors.push_back({"versions", "Version " + std::to_string(v.number) +
                                          " cannot be restored: " + e.what()});
    }
    if (errors.empty())
        return http::Response::redirect(base_href(service.id) + "/history?restored=" +
                                        std::to_string(v.number) + (changed ? "" : "&unchanged=1"));
    auto model = index_model(visit, service);
    add_errors(model, errors);
    return render_page(visit.ctx, "admin/history/index", model, 422);
}

}  // namespace lo::web::admin::history
