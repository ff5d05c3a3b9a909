// Admin organisations: list, create and edit (editors and administrators).
#include "domain/ids.hpp"
#include "domain/validation.hpp"
#include "http/error.hpp"
#include "web/admin/admin.hpp"
#include "web/page.hpp"

namespace lo::web::admin::organisations {
namespace {

std::string value(const std::vector<std::pair<std::string, std::string>>& form,
                  std::string_view name) {
    for (const auto& [k, v] : form)
        if (k == name) {
            const auto b = v.find_first_not_of(" \t\r\n");
            return b == std::string::npos ? std::string()
                                          : v.substr(b, v.find_last_not_of(" \t\r\n") - b + 1);
        }
    return {};
}

nlohmann::json form_model(Visit& visit, const domain::Organisation& o, bool is_new) {
    auto model =
        admin_page_model(visit, is_new ? "Add an organisation" : "Edit " + o.name, "organisations");
    add_breadcrumb(model, "Organisations", "/admin/organisations");
    model["is_new"] = is_new;
    model["action"] = is_new ? std::string("/admin/organisations") : "/admin/organisations/" + o.id;
    model["organisation"] = {{"id", o.id},   {"name", o.name},   {"description", o.description},
                             {"url", o.url}, {"email", o.email}, {"phone", o.phone}};
    return model;
}

http::Response save(Visit& visit, domain::Organisation o, bool is_new) {
    const auto form = visit.request.form();
    o.name = value(form, "name");
    o.description = value(form, "description");
    o.url = value(form, "url");
    o.email = value(form, "email");
    o.phone = value(form, "phone");
    auto errors = domain::validate(o);
    if (errors.empty()) {
        try {
            visit.ctx.store.transaction([&](storage::Store& tx) {
                tx.organisations().save(o);
                auth::AuditEntry e{0,
                                   {},
                                   visit.principal.user.id,
                                   visit.principal.user.email,
                                   is_new ? "organisation_created" : "organisation_updated",
                                   o.id,
                                   o.name.substr(0, 200),
                                   visit.request.remote_address};
                tx.audit().record(e);
            });
            return http::Response::redirect("/admin/organisations?saved=1");
        } catch (const storage::ValidationFailed& e) {
            errors = e.errors();
        }
    }
    auto model = form_model(visit, o, is_new);
    add_errors(model, errors);
    return render_page(visit.ctx, "admin/organisations/form", model, 422);
}

}  // namespace

http::Response index(Visit& visit) {
    auto model = admin_page_model(visit, "Organisations", "organisations");
    const auto total = visit.ctx.store.organisations().count();
    const auto pagination = paginate(visit.request, total);
    auto rows = nlohmann::json::array();
    for (const auto& o :
         visit.ctx.store.organisations().list({pagination.per_page, pagination.offset()}))
        rows.push_back({{"id", o.id},
                        {"name", o.name},
                        {"edit_href", "/admin/organisations/" + o.id + "/edit"}});
    model["organisations"] = rows;
    model["has_organisations"] = !rows.empty();
    model["saved"] = visit.request.query_value("saved").has_value();
    model["pagination"] = pagination_model(pagination, "/admin/organisations");
    return render_page(visit.ctx, "admin/organisations/index", model);
}

http::Response new_form(Visit& visit) {
    return render_page(visit.ctx, "admin/organisations/form", form_model(visit, {}, true));
}

http::Response create(Visit& visit) {
    domain::Organisation o;
    o.id = domain::new_uuid();
    o.source = "admin";
    return save(visit, std::move(o), true);
}

http::Response edit(Visit& visit) {
    const auto o = visit.ctx.store.organisations().find(visit.request.param("id"));
    if (!o)
        throw http::HttpError(404,
                              "We could not find an organisation with that id. Go back to the list "
                              "of organisations.");
    return render_page(visit.ctx, "admin/organisations/form", form_model(visit, *o, false));
}

http::Response update(Visit& visit) {
    auto o = visit.ctx.store.organisations().find(visit.request.param("id"));
    if (!o)
        throw http::HttpError(404,
                              "We could not find an organisation with that id. Go back to the list "
                              "of organisations.");
    return save(visit, std::move(*o), false);
}

}  // namespace lo::web::admin::organisations
