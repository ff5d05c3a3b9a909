// The organisation page: who they are, how to reach them and the services they run.
#include "web/public/listing.hpp"
#include "web/public/pages.hpp"

#include "domain/ids.hpp"
#include "http/ascii.hpp"
#include "http/error.hpp"
#include "web/format.hpp"
#include "web/page.hpp"

namespace lo::web::public_ {

http::Response organisation_show(Context& ctx, const http::Request& req) {
    constexpr const char kNotFound[] =
        "We could not find that organisation. The web address may be wrong.";
    const auto id = http::to_lower(req.param("id"));
    if (!domain::is_uuid(id)) throw http::HttpError(404, kNotFound);
    const auto org = ctx.store.organisations().find(id);
    if (!org) throw http::HttpError(404, kNotFound);

    storage::ServiceFilter filter;
    filter.organisation_id = org->id;
    auto& services = ctx.store.services();
    const auto pages = paginate(req, services.count(filter));
    const auto list = services.list(filter, {pages.per_page, pages.offset()});

    auto model = page_model(ctx, org->name + page_of_text(pages), Section::None);
    add_breadcrumb(model, "Home", "/");
    model["heading"] = org->name;
    model["description"] = paragraphs(org->description);
    set_meta_description(model, org->description);
    model["website"] = org->url.empty() ? nlohmann::json(nullptr)
                                        : nlohmann::json{{"href", org->url}, {"text", org->url}};
    model["email"] = org->email.empty() ? nlohmann::json(nullptr)
                                        : nlohmann::json{{"address", org->email},
                                                         {"href", "mailto:" + org->email}};
    model["phone"] = org->phone.empty()
                         ? nlohmann::json(nullptr)
                         : nlohmann::json{{"number", org->phone}, {"href", tel_href(org->phone)}};
    model["has_contact"] = !org->url.empty() || !org->email.empty() || !org->phone.empty();
    model["services"] = service_cards(ctx.store, list);
    model["has_services"] = !list.empty();
    model["count_text"] = count_text(pages.total, "service", "services");
    model["pagination"] = pagination_model(pages, organisation_path(org->id));
    return render_page(ctx, "public/organisations/show", model);
}

}  // namespace lo::web::public_
