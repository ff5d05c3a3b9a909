// Browsing in families' words. The labels are the words parents type and say, mapped onto the
// send-needs taxonomy's codes, so editors keep one taxonomy and the four formal areas of need
// (SEND Code of Practice 6.28) stay as the second way in.
#include "web/public/needs_browse.hpp"

#include <map>

#include "http/url.hpp"
#include "web/format.hpp"
#include "web/term_counts.hpp"

namespace lo::web::public_ {
namespace {

struct FamilyWord {
    const char* name;  // as a parent would say it
    const char* code;  // the send-needs term
};

constexpr FamilyWord kFamilyWords[] = {
    {"Autism", "autism"},
    {"ADHD", "adhd"},
    {"Speech and talking", "speech-language-communication"},
    {"Hearing", "hearing"},
    {"Sight", "vision"},
    {"Physical disability", "physical"},
    {"Learning disability", "learning-disability"},
    {"Mental health", "mental-health"},
    {"Medical needs", "medical-conditions"},
};

// Ages are whole years from 0 to 25; anything else is passed on for search to explain.
constexpr std::size_t kMaxFilterChars = 100;

std::string cut(std::string s) {
    if (s.size() > kMaxFilterChars) s.resize(kMaxFilterChars);
    while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
    return s;
}

}  // namespace

std::string_view family_word(std::string_view code) {
    for (const auto& w : kFamilyWords)
        if (w.code == code) return w.name;
    return {};
}

nlohmann::json family_needs(Context& ctx) {
    auto out = nlohmann::json::array();
    auto& repo = ctx.store.taxonomies();
    const auto taxonomy = repo.find_taxonomy_by_code(std::string(domain::kNeedsTaxonomy));
    if (!taxonomy) return out;
    const auto counts = term_counts(ctx, taxonomy->id);
    std::map<std::string, std::string> id_of;
    for (const auto& t : repo.terms(taxonomy->id)) id_of[t.code] = t.id;
    for (const auto& w : kFamilyWords) {
        const auto it = id_of.find(w.code);
        if (it == id_of.end()) continue;
        const auto n = count_of(*counts, it->second);
        out.push_back({{"name", w.name},
                       {"href", std::string("/needs/") + w.code},
                       {"count_text", count_text(n, "service", "services")}});
    }
    return out;
}

std::optional<http::Response> filtered_search_redirect(const http::Request& req,
                                                       std::string_view search_group,
                                                       const std::string& code) {
    const auto location = cut(req.query_value("location").value_or(""));
    const auto age = cut(req.query_value("age").value_or(""));
    if (location.empty() && age.empty()) return std::nullopt;
    std::string target = "/search?" + std::string(search_group) + "=" + http::percent_encode(code);
    if (!location.empty()) target += "&location=" + http::percent_encode(location);
    if (!age.empty()) target += "&age=" + http::percent_encode(age);
    return http::Response::redirect(target);
}

nlohmann::json browse_filter_form(const http::Request& req,
                                  std::string_view search_group,
                                  const std::string& code) {
    return {{"group", search_group},
            {"code", code},
            {"location", cut(req.query_value("location").value_or(""))},
            {"age", cut(req.query_value("age").value_or(""))}};
}

nlohmann::json empty_need_help(storage::Store& store, const domain::TaxonomyTerm& term) {
    nlohmann::json out = {{"parent_name", nullptr}, {"parent_href", nullptr}};
    if (term.parent_id.empty()) return out;
    if (const auto parent = store.taxonomies().find_term(term.parent_id)) {
        out["parent_name"] = parent->name;
        out["parent_href"] = "/needs/" + parent->code;
    }
    return out;
}

}  // namespace lo::web::public_
