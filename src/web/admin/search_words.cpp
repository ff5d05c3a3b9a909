// Admin "Search words": the SEND words and acronyms and the everyday words families type, each
// with the words services use for it (docs/admin.md, docs/search.md "Search words"). Editors
// and administrators list, add, change and remove them; search uses a change from the next
// search, without a restart. Every change is audited and listed under "Recent changes".
#include <charconv>
#include <string>

#include "domain/search_word.hpp"
#include "http/error.hpp"
#include "http/url.hpp"
#include "search/vocabulary.hpp"
#include "web/admin/admin.hpp"
#include "web/format.hpp"
#include "web/page.hpp"

namespace lo::web::admin::search_words {
namespace {

constexpr const char kIndex[] = "/admin/search-words";
constexpr const char kNotFound[] =
    "We could not find that search word. It may have been removed. Go back to Search words.";

std::string href(const domain::SearchWord& w) {
    return std::string(kIndex) + "/" + std::to_string(w.id);
}

domain::SearchWord find_word(Visit& visit) {
    const auto id_text = visit.request.param("id");
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (ec != std::errc{} || end != id_text.data() + id_text.size())
        throw http::HttpError(404, kNotFound);
    auto w = visit.ctx.store.search_words().find(id);
    if (!w) throw http::HttpError(404, kNotFound);
    return *w;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : std::string(separator)) + s;
    return out;
}

// "SALT" only expands when typed like that (docs/search.md, "The capitals rule").
bool capitals_only(const domain::SearchWord& w) {
    return search::needs_capitals(w.term, w.category);
}

nlohmann::json lists_model(std::optional<domain::WordList> selected) {
    auto lists = nlohmann::json::array();
    for (auto l : {domain::WordList::Send, domain::WordList::Everyday})
        // The first radio's id is the field's, so the error summary's link reaches it.
        lists.push_back({{"code", domain::to_code(l)},
                         {"id", l == domain::WordList::Send ? "list" : "list-everyday"},
                         {"label", domain::label(l)},
                         {"selected", selected == l}});
    return lists;
}

nlohmann::json form_model(Visit& visit,
                          const domain::SearchWord& w,
                          bool is_new,
                          const std::string& typed_expansions) {
    auto model = admin_page_model(visit, is_new ? "Add a search word" : "Change \"" + w.term + "\"",
                                  "search_words");
    add_breadcrumb(model, "Search words", kIndex);
    model["is_new"] = is_new;
    model["action"] = is_new ? std::string(kIndex) : href(w);
    model["remove_href"] = href(w) + "/remove";
    model["lists"] = lists_model(w.list);
    model["word"] = {
        {"term", w.term},
        {"expansions", typed_expansions},
        {"category", w.category},
        {"capitals_only", !is_new && capitals_only(w)},
        {"updated", w.updated_at.empty() ? "" : long_date_text(w.updated_at)},
        {"updated_by", w.updated_by.empty() ? "the product's word list" : w.updated_by}};
    return model;
}

auth::AuditEntry audit(const Visit& visit, const std::string& action, const domain::SearchWord& w) {
    const auto detail =
        std::string(domain::label(w.list)) + ": " + w.term + " -> " + joined(w.expansions, " | ");
    return {0,
            {},
            visit.principal.user.id,
            visit.principal.user.email,
            action,
            std::to_string(w.id),
            detail.substr(0, 200),
            visit.request.remote_address};
}

http::Response save(Visit& visit, domain::SearchWord w, bool is_new) {
    const auto form = visit.request.form();
    const auto typed = http::form_value(form, "expansions");
    domain::ValidationErrors errors;
    if (const auto list = domain::word_list_from_code(http::form_value(form, "list")))
        w.list = *list;
    else
        errors.push_back({"list", "Choose the list the word belongs to"});
    w.term = http::form_value(form, "term");
    w.expansions = domain::split_expansions(typed);
    w.category = http::form_value(form, "category");
    w.updated_by = visit.principal.user.email;
    w.updated_at.clear();
    domain::normalise(w);
    for (auto& e : domain::validate(w)) errors.push_back(std::move(e));
    if (errors.empty()) {
        try {
            visit.ctx.store.transaction([&](storage::Store& tx) {
                if (is_new)
                    w.id = tx.search_words().add(w);
                else if (!tx.search_words().update(w))
                    throw http::HttpError(404, kNotFound);
                tx.audit().record(
                    audit(visit, is_new ? "search_word_added" : "search_word_changed", w));
            });
            return http::Response::redirect(std::string(kIndex) +
                                            "?saved=" + http::percent_encode(w.term));
        } catch (const storage::ValidationFailed& e) {
            errors = e.errors();
        } catch (const storage::Conflict& e) {
            errors.push_back({"term", e.what()});
        }
    }
    auto model = form_model(visit, w, is_new, typed);
    add_errors(model, errors);
    return render_page(visit.ctx, "admin/search_words/form", model, 422);
}

nlohmann::json recent_changes(Visit& visit) {
    static const std::pair<const char*, const char*> kActions[] = {
        {"search_word_added", "Added"},
        {"search_word_changed", "Changed"},
        {"search_word_removed", "Removed"},
    };
    auto rows = nlohmann::json::array();
    for (const auto& e : visit.ctx.store.audit().recent_actions("search_word_", 10)) {
        std::string what = e.action;
        for (const auto& [code, label] : kActions)
            if (e.action == code) what = label;
        rows.push_back({{"at", e.at.substr(0, 16)},
                        {"who", e.actor_email},
                        {"what", what},
                        {"detail", e.detail}});
    }
    return rows;
}

}  // namespace

http::Response index(Visit& visit) {
    const auto& req = visit.request;
    storage::SearchWordFilter filter;
    filter.list = domain::word_list_from_code(req.query_value("list").value_or(""));
    filter.term = req.query_value("q").value_or("").substr(0, 100);
    auto& repo = visit.ctx.store.search_words();
    const auto total = repo.count(filter);
    const auto pagination = paginate(req, total, 50);
    auto model = admin_page_model(visit, "Search words" + page_of_text(pagination), "search_words");
    auto rows = nlohmann::json::array();
    for (const auto& w : repo.list(filter, {pagination.per_page, pagination.offset()}))
        rows.push_back({{"term", w.term},
                        {"edit_href", href(w) + "/edit"},
                        {"expansions", joined(w.expansions, ", ")},
                        {"list", domain::label(w.list)},
                        {"category", w.category},
                        {"capitals_only", capitals_only(w)}});
    model["words"] = rows;
    model["has_words"] = !rows.empty();
    model["count_text"] = count_text(total, "word", "words");
    model["lists"] = lists_model(filter.list);
    model["q"] = filter.term;
    const auto saved = req.query_value("saved").value_or("").substr(0, 100);
    model["saved"] = saved;
    model["saved_search_href"] = "/search?q=" + http::percent_encode(saved);
    model["removed"] = req.query_value("removed").value_or("").substr(0, 100);
    model["new_href"] = std::string(kIndex) + "/new" +
                        (filter.list ? "?list=" + std::string(domain::to_code(*filter.list)) : "");
    model["changes"] = recent_changes(visit);
    model["has_changes"] = !model["changes"].empty();
    const auto base = std::string(kIndex) +
                      "?list=" + (filter.list ? std::string(domain::to_code(*filter.list)) : "") +
                      "&q=" + http::percent_encode(filter.term);
    model["pagination"] = pagination_model(pagination, base);
    return render_page(visit.ctx, "admin/search_words/index", model);
}

http::Response new_form(Visit& visit) {
    domain::SearchWord w;
    w.list = domain::word_list_from_code(visit.request.query_value("list").value_or(""))
                 .value_or(domain::WordList::Everyday);
    return render_page(visit.ctx, "admin/search_words/form", form_model(visit, w, true, ""));
}

http::Response create(Visit& visit) {
    return save(visit, domain::SearchWord{}, true);
}

http::Response edit(Visit& visit) {
    const auto w = find_word(visit);
    return render_page(visit.ctx, "admin/search_words/form",
                       form_model(visit, w, false, joined(w.expansions, "\n")));
}

http::Response update(Visit& visit) {
    return save(visit, find_word(visit), false);
}

http::Response confirm_remove(Visit& visit) {
    const auto w = find_word(visit);
    auto model = admin_page_model(visit, "Remove \"" + w.term + "\"", "search_words");
    add_breadcrumb(model, "Search words", kIndex);
    model["word"] = {{"term", w.term},
                     {"expansions", joined(w.expansions, ", ")},
                     {"list", domain::label(w.list)},
                     {"action", href(w) + "/remove"},
                     {"edit_href", href(w) + "/edit"}};
    return render_page(visit.ctx, "admin/search_words/remove", model);
}

http::Response remove(Visit& visit) {
    const auto w = find_word(visit);
    visit.ctx.store.transaction([&](storage::Store& tx) {
        if (!tx.search_words().remove(w.id)) throw http::HttpError(404, kNotFound);
        tx.audit().record(audit(visit, "search_word_removed", w));
    });
    return http::Response::redirect(std::string(kIndex) +
                                    "?removed=" + http::percent_encode(w.term));
}

}  // namespace lo::web::admin::search_words
