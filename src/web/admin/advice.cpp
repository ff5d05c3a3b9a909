// Admin advice pages: the list, forms to write and change a page in Markdown with a preview
// rendered exactly as the public site renders it (web/markdown.hpp), and deleting a page, which
// leaves its address leading to a page the editor chooses. Editors and administrators.
#include <cctype>
#include <charconv>

#include "domain/ids.hpp"
#include "domain/validation.hpp"
#include "http/error.hpp"
#include "http/url.hpp"
#include "web/admin/admin.hpp"
#include "web/format.hpp"
#include "web/markdown.hpp"
#include "web/page.hpp"

namespace lo::web::admin::advice {
namespace {

constexpr const char kNotFound[] =
    "We could not find that advice page. Go back to the list of advice pages.";

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

domain::AdvicePage find_page(Visit& visit, const std::string& id) {
    auto page = visit.ctx.store.advice().find(id);
    if (!page) throw http::HttpError(404, kNotFound);
    return *page;
}

// Reads the form onto the page. The slug is made from the title when left blank.
domain::ValidationErrors read_form(const http::FormFields& form, domain::AdvicePage& p) {
    domain::ValidationErrors errors;
    p.title = trim(http::form_value(form, "title"));
    p.slug = trim(http::form_value(form, "slug"));
    if (p.slug.empty()) p.slug = domain::slugify(p.title);
    p.summary = trim(http::form_value(form, "summary"));
    // The body keeps its own leading spaces (Markdown code blocks), only trailing ones go.
    p.body_markdown = http::form_value(form, "body_markdown");
    while (!p.body_markdown.empty() &&
           std::isspace(static_cast<unsigned char>(p.body_markdown.back())))
        p.body_markdown.pop_back();
    const auto position = trim(http::form_value(form, "position"));
    if (position.empty()) {
        p.position = 0;
    } else {
        int n = 0;
        const auto [end, ec] =
            std::from_chars(position.data(), position.data() + position.size(), n);
        if (ec != std::errc{} || end != position.data() + position.size() || n < 0 || n > 10000)
            errors.push_back(
                {"position", "Enter the position as a whole number from 0 to 10000, like 3"});
        else
            p.position = n;
    }
    for (auto& e : domain::validate(p)) {
        if (e.field == "id") continue;
        if (e.field == "slug")
            e.message =
                "Enter the end of the web address using only lowercase letters, numbers and "
                "single hyphens, like help-with-school-transport";
        errors.push_back(std::move(e));
    }
    return errors;
}

nlohmann::json form_model(Visit& visit,
                          const domain::AdvicePage& p,
                          const std::string& id,
                          bool is_new,
                          const std::string& typed_position) {
    auto model =
        admin_page_model(visit, is_new ? "Add an advice page" : "Edit " + p.title, "advice");
    add_breadcrumb(model, "Advice pages", "/admin/advice");
    model["is_new"] = is_new;
    model["action"] = is_new ? std::string("/admin/advice") : "/admin/advice/" + id;
    model["id"] = id;
    model["page"] = {{"title", p.title},
                     {"slug", p.slug},
                     {"summary", p.summary},
                     {"body_markdown", p.body_markdown},
                     {"position", typed_position}};
    if (!is_new) {
        // The address the page has now, which is where it stays until it is saved.
        if (auto stored = visit.ctx.store.advice().find(id))
            model["public_href"] = "/advice/" + stored->slug;
        model["delete_href"] = "/admin/advice/" + id + "/delete";
    }
    return model;
}

std::string advice_path(const std::string& slug) {
    return slug.empty() ? std::string("/advice") : "/advice/" + slug;
}

// The "Are you sure" page, with where the page's address should lead once it is gone.
nlohmann::json delete_model(Visit& visit, const domain::AdvicePage& p, const std::string& chosen) {
    auto model = admin_page_model(visit, "Delete " + p.title, "advice");
    add_breadcrumb(model, "Advice pages", "/admin/advice");
    model["page"] = {{"title", p.title}, {"public_href", advice_path(p.slug)}};
    model["action"] = "/admin/advice/" + p.id + "/delete";
    model["edit_href"] = "/admin/advice/" + p.id + "/edit";
    auto targets = nlohmann::json::array();
    targets.push_back(
        {{"id", ""}, {"name", "The list of advice pages (/advice)"}, {"selected", chosen.empty()}});
    for (const auto& other : visit.ctx.store.advice().list())
        if (other.id != p.id)
            targets.push_back({{"id", other.id},
                               {"name", other.title + " (" + advice_path(other.slug) + ")"},
                               {"selected", other.id == chosen}});
    model["targets"] = targets;
    auto old = nlohmann::json::array();
    for (const auto& slug : visit.ctx.store.advice().redirects_to(p.id))
        old.push_back(advice_path(slug));
    if (!old.empty())
        model["old_addresses"] = {
            {"text", count_text(static_cast<std::int64_t>(old.size()), "older address leads",
                                "older addresses lead") +
                         " to this page now. They will lead to the page you choose too:"},
            {"list", old}};
    return model;
}

std::string position_text(const domain::AdvicePage& p) {
    return std::to_string(p.position);
}

http::Response save(Visit& visit, domain::AdvicePage page, bool is_new) {
    const auto form = visit.request.form();
    auto errors = read_form(form, page);
    if (errors.empty()) {
        try {
            visit.ctx.store.transaction([&](storage::Store& tx) {
                tx.advice().save(page);
                auth::AuditEntry e{0,
                                   {},
                                   visit.principal.user.id,
                                   visit.principal.user.email,
                                   is_new ? "advice_created" : "advice_updated",
                                   page.id,
                                   page.title.substr(0, 200),
                                   visit.request.remote_address};
                tx.audit().record(e);
            });
            return http::Response::redirect("/admin/advice?saved=1");
        } catch (const storage::ValidationFailed& e) {
            errors = e.errors();
        } catch (const storage::Conflict& e) {
            errors.push_back({"slug", e.what()});  // the only conflict is a slug in use
        }
    }
    auto model = form_model(visit, page, page.id, is_new, trim(http::form_value(form, "position")));
    add_errors(model, errors);
    return render_page(visit.ctx, "admin/advice/form", model, 422);
}

}  // namespace

http::Response index(Visit& visit) {
    auto model = admin_page_model(visit, "Advice pages", "advice");
    auto rows = nlohmann::json::array();
    for (const auto& p : visit.ctx.store.advice().list())
        rows.push_back({{"title", p.title},
                        {"slug", p.slug},
                        {"position", p.position},
                        {"edit_href", "/admin/advice/" + p.id + "/edit"},
                        {"public_href", "/advice/" + p.slug}});
    model["pages"] = rows;
    model["has_pages"] = !rows.empty();
    if (visit.request.query_value("saved"))
        model["notice"] = "The advice page has been saved and published.";
    if (const auto title = visit.request.query_value("deleted"); title && !title->empty())
        model["notice"] = "\"" + title->substr(0, 200) + "\" has been deleted. Its address " +
                          advice_path(visit.request.query_value("from").value_or("")) +
                          " now leads to " +
                          advice_path(visit.request.query_value("to").value_or("")) + ".";
    return render_page(visit.ctx, "admin/advice/index", model);
}

http::Response new_form(Visit& visit) {
    domain::AdvicePage p;
    p.position = static_cast<int>(visit.ctx.store.advice().list().size()) + 1;
    return render_page(visit.ctx, "admin/advice/form",
                       form_model(visit, p, "", true, position_text(p)));
}

http::Response create(Visit& visit) {
    domain::AdvicePage p;
    p.id = domain::new_uuid();
    p.source = "admin";
    return save(visit, std::move(p), true);
}

http::Response edit(Visit& visit) {
    const auto p = find_page(visit, visit.request.param("id"));
    return render_page(visit.ctx, "admin/advice/form",
                       form_model(visit, p, p.id, false, position_text(p)));
}

http::Response update(Visit& visit) {
    auto p = find_page(visit, visit.request.param("id"));
    return save(visit, std::move(p), false);
}

// The form again, with the page shown below it as families would see it. Nothing is saved.
http::Response preview(Visit& visit) {
    const auto form = visit.request.form();
    const auto id = http::form_value(form, "id");
    domain::AdvicePage p;
    const bool is_new = id.empty();
    if (!is_new) p = find_page(visit, id);
    read_form(form, p);  // problems are shown when saving; a preview shows what there is
    auto model = form_model(visit, p, id, is_new, trim(http::form_value(form, "position")));
    auto body = render_markdown(p.body_markdown);
    // The headings' ids get a prefix so they cannot clash with the form's field ids.
    for (std::size_t at = 0; (at = body.html.find(" id=\"", at)) != std::string::npos; at += 12)
        body.html.replace(at, 5, " id=\"preview-");
    model["preview"] = {{"heading", p.title.empty() ? std::string("(No title yet)") : p.title},
                        {"summary", p.summary},
                        {"body_html", body.html}};
    model["has_preview"] = true;
    return render_page(visit.ctx, "admin/advice/form", model);
}

http::Response confirm_delete(Visit& visit) {
    const auto p = find_page(visit, visit.request.param("id"));
    return render_page(visit.ctx, "admin/advice/delete", delete_model(visit, p, ""));
}

// Deletes the page and records where its address leads now (storage: AdviceRepository::remove).
http::Response remove(Visit& visit) {
    const auto p = find_page(visit, visit.request.param("id"));
    const auto target_id = http::form_value(visit.request.form(), "redirect_to");
    std::string target_slug;
    domain::ValidationErrors errors;
    try {
        visit.ctx.store.transaction([&](storage::Store& tx) {
            if (!target_id.empty()) {
                const auto target = tx.advice().find(target_id);
                if (!target || target->id == p.id)
                    throw storage::Conflict(
                        "Choose another advice page, or the list of advice pages, for its old "
                        "address to lead to");
                target_slug = target->slug;
            }
            if (!tx.advice().remove(p.id, target_id)) throw http::HttpError(404, kNotFound);
            tx.audit().record({0,
                               {},
                               visit.principal.user.id,
                               visit.principal.user.email,
                               "advice_deleted",
                               p.id,
                               (p.title + "; " + advice_path(p.slug) + " now leads to " +
                                advice_path(target_slug))
                                   .substr(0, 200),
                               visit.request.remote_address});
        });
        return http::Response::redirect("/admin/advice?deleted=" + http::percent_encode(p.title) +
                                        "&from=" + http::percent_encode(p.slug) +
                                        "&to=" + http::percent_encode(target_slug));
    } catch (const storage::Conflict& e) {
        errors.push_back({"redirect_to", e.what()});
    }
    auto model = delete_model(visit, p, "");
    add_errors(model, errors);
    return render_page(visit.ctx, "admin/advice/delete", model, 422);
}

}  // namespace lo::web::admin::advice
