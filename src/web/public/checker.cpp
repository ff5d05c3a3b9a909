// The eligibility checker, "Check what support your child could get": GOV.UK question pages,
// one question per page, then "Check your answers", then the result. Nothing is stored: the
// answers travel in the address (?age=4&need=autism&place=OX26&ehc=no), which the access log
// never records, and each form carries the other answers in hidden fields. Works without
// JavaScript. The rules are domain/eligibility.cpp. A result page adds one to the day's
// anonymous counts (SearchService::count_checker: the age band, top-level needs and area only).
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "domain/eligibility.hpp"
#include "domain/validation.hpp"
#include "http/url.hpp"
#include "search/engine.hpp"
#include "search/gazetteer.hpp"
#include "web/format.hpp"
#include "web/page.hpp"
#include "web/public/listing.hpp"
#include "web/public/pages.hpp"

namespace lo::web::public_ {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxAgeChars = 3;
constexpr std::size_t kMaxPlaceChars = 100;
constexpr std::size_t kMaxNeeds = 30;
constexpr std::size_t kMaxEcho = 200;  // longer values are cut before they go back into a page

// The answers so far, as typed.
struct State {
    std::string age;
    std::vector<std::string> needs;
    std::string place;
    std::string ehc;
    bool change = false;  // came from "Check your answers": go back there after this question
};

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

// Cuts a value to at most n bytes without splitting a UTF-8 character.
std::string cut(std::string s, std::size_t n) {
    if (s.size() <= n) return s;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s.resize(n);
    return s;
}

State read_state(const http::Request& req) {
    State s;
    s.age = cut(trim(req.query_value("age").value_or("")), kMaxEcho);
    s.place = cut(trim(req.query_value("place").value_or("")), kMaxEcho);
    s.ehc = cut(trim(req.query_value("ehc").value_or("")), kMaxEcho);
    for (const auto& v : req.query_values("need")) {
        auto t = cut(trim(v), kMaxEcho);
        if (!t.empty() && std::find(s.needs.begin(), s.needs.end(), t) == s.needs.end() &&
            s.needs.size() <= kMaxNeeds)
            s.needs.push_back(std::move(t));
    }
    s.change = req.query_value("change").has_value();
    return s;
}

enum class Field { Age, Needs, Place, Ehc, None };

std::vector<std::pair<std::string, std::string>> state_pairs(const State& s, Field except) {
    std::vector<std::pair<std::string, std::string>> out;
    if (except != Field::Age && !s.age.empty()) out.emplace_back("age", s.age);
    if (except != Field::Needs)
        for (const auto& n : s.needs) out.emplace_back("need", n);
    if (except != Field::Place && !s.place.empty()) out.emplace_back("place", s.place);
    if (except != Field::Ehc && !s.ehc.empty()) out.emplace_back("ehc", s.ehc);
    return out;
}

std::string query_string(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string out;
    for (const auto& [k, v] : pairs)
        out += (out.empty() ? "" : "&") + k + "=" + http::percent_encode(v);
    return out;
}

std::string href(const std::string& path,
                 const State& s,
                 Field except = Field::None,
                 const std::string& extra = {}) {
    auto qs = query_string(state_pairs(s, except));
    if (!extra.empty()) qs += (qs.empty() ? "" : "&") + extra;
    return qs.empty() ? path : path + "?" + qs;
}

json hidden(const State& s, Field except) {
    json out = json::array();
    for (const auto& [k, v] : state_pairs(s, except)) out.push_back({{"name", k}, {"value", v}});
    out.push_back({{"name", "answer"}, {"value", "1"}});
    if (s.change) out.push_back({{"name", "change"}, {"value", "1"}});
    return out;
}

// The send-needs taxonomy, in tree order.
std::vector<domain::NeedTerm> need_terms(Context& ctx) {
    std::vector<domain::NeedTerm> out;
    auto& repo = ctx.store.taxonomies();
    const auto tax = repo.find_taxonomy_by_code(std::string(domain::kNeedsTaxonomy));
    if (!tax) return out;
    const auto terms = repo.terms(tax->id);
    std::map<std::string, std::string> code_of;
    for (const auto& t : terms) code_of[t.id] = t.code;
    for (const auto& t : terms)
        out.push_back({t.id, t.code, t.name, t.parent_id.empty() ? "" : code_of[t.parent_id]});
    return out;
}

// At most this many cards in each list of the result: a family reads a few dozen, and in a
// regional directory "likely" can hold thousands (a 2 MB page at 10,000 services). The rest
// are counted, and search shows them all.
constexpr std::size_t kCardsShown = 50;

// The services that can help with the chosen needs (domain::candidate_need_codes), in name
// order, or every service when the family is not sure of the needs. Reading only those keeps
// the result quick in a large directory, where reading every service took seconds.
std::vector<domain::Service> candidate_services(Context& ctx,
                                                const std::vector<std::string>& chosen,
                                                const std::vector<domain::NeedTerm>& terms) {
    const auto codes = domain::candidate_need_codes(chosen, terms);
    std::vector<domain::Service> out;
    if (codes.empty()) {
        for (int offset = 0;; offset += 500) {
            auto batch = ctx.store.services().list(storage::ServiceFilter{}, {500, offset});
            const auto n = batch.size();
            for (auto& sv : batch) out.push_back(std::move(sv));
            if (n < 500) return out;
        }
    }
    std::vector<std::string> term_ids;
    for (const auto& t : terms)
        if (std::binary_search(codes.begin(), codes.end(), t.code)) term_ids.push_back(t.id);
    const auto ids = ctx.store.services().listed_ids_with_terms(term_ids);
    for (std::size_t i = 0; i < ids.size(); i += 500) {
        const std::vector<std::string> page(
            ids.begin() + static_cast<std::ptrdiff_t>(i),
            ids.begin() + static_cast<std::ptrdiff_t>(std::min(i + 500, ids.size())));
        for (auto& sv : ctx.store.services().find_many(page)) out.push_back(std::move(sv));
    }
    return out;
}

// Where each of the services' venues is, for those with coordinates.
std::map<std::string, domain::GeoPoint> venues_of(Context& ctx,
                                                  const std::vector<domain::Service>& services) {
    std::set<std::string> ids;
    for (const auto& sv : services) ids.insert(sv.location_ids.begin(), sv.location_ids.end());
    std::map<std::string, domain::GeoPoint> out;
    for (const auto& l : ctx.store.locations().find_many({ids.begin(), ids.end()}))
        if (l.latitude && l.longitude) out[l.id] = {*l.latitude, *l.longitude};
    return out;
}

// Each check returns the error message, or "" when the answer is fine.
std::string check_age(const std::string& text, int* age = nullptr) {
    if (text.empty()) return "Enter your child's age";
    if (text.size() > kMaxAgeChars ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return "Enter your child's age in years using numbers, like 4";
    const int n = std::stoi(text);
    if (n > domain::kMaxAge)
        return "Enter an age from 0 to 25. The Local Offer is for children and young people up "
               "to 25";
    if (age) *age = n;
    return {};
}

std::string check_needs(const std::vector<std::string>& needs,
                        const std::vector<domain::NeedTerm>& terms) {
    if (needs.empty()) return "Select your child's needs, or select \u2018I'm not sure\u2019";
    if (needs.size() > kMaxNeeds) return "Select fewer needs: up to 30";
    // "I'm not sure" is the exclusive "none" option of the GOV.UK checkboxes pattern; its
    // script unticks the others, but without JavaScript both can arrive.
    if (needs.size() > 1 && std::find(needs.begin(), needs.end(), "not-sure") != needs.end())
        return "Select your child's needs, or select \u2018I'm not sure\u2019, not both";
    for (const auto& n : needs) {
        if (n == "not-sure") continue;
        const bool known = std::any_of(terms.begin(), terms.end(),
                                       [&n](const domain::NeedTerm& t) { return t.code == n; });
        if (!known) return "Select your child's needs from the list";
    }
    return {};
}

std::string check_place(Context& ctx,
                        const std::string& text,
                        search::ResolvedLocation* where = nullptr) {
    if (text.empty()) return "Enter a postcode, or the name of a town or village";
    if (text.size() > kMaxPlaceChars)
        return "Postcode or place must be 100 characters or fewer. Enter a postcode like OX26 "
               "6BL, or a town like Bicester";
    if (!ctx.search) return "We cannot look up places at the moment. Try again in a few minutes";
    auto resolved = search::resolve_location(ctx.search->tables(), text);
    if (resolved.status != search::ResolvedLocation::Status::Found &&
        resolved.status != search::ResolvedLocation::Status::Ambiguous)
        return "We could not find that place. Check the spelling, or enter a postcode like OX26 "
               "6BL";
    if (where) *where = std::move(resolved);
    return {};
}

std::string check_ehc(const std::string& text, domain::EhcPlanAnswer* answer = nullptr) {
    static const std::map<std::string, domain::EhcPlanAnswer> kAnswers = {
        {"yes", domain::EhcPlanAnswer::Yes},
        {"no", domain::EhcPlanAnswer::No},
        {"not-sure", domain::EhcPlanAnswer::NotSure}};
    const auto it = kAnswers.find(text);
    if (it == kAnswers.end())
        return "Select yes if your child has an EHC plan, no if they do not, or \u2018I'm not "
               "sure\u2019";
    if (answer) *answer = it->second;
    return {};
}

// The page's model: layout, back link, hidden fields and, when there is one, the error.
json question_model(Context& ctx,
                    const std::string& title,
                    const State& s,
                    Field field,
                    const std::string& back,
                    const std::string& error,
                    const std::string& field_id) {
    auto model = page_model(ctx, error.empty() ? title : "Error: " + title, Section::None);
    model["heading"] = title;
    model["back_href"] = s.change ? href("/check/answers", s) : back;
    model["hidden"] = hidden(s, field);
    model["has_error"] = !error.empty();
    model["error"] = error;
    model["errors"] =
        error.empty() ? json::array() : json::array({{{"text", error}, {"href", "#" + field_id}}});
    model["continue_text"] = s.change ? "Save and go back to your answers" : "Continue";
    return model;
}

http::Response respond(Context& ctx, const std::string& page, const json& model) {
    auto res = render_page(ctx, page, model, model["has_error"].get<bool>() ? 400 : 200);
    res.set_header("Cache-Control", "no-store");
    return res;
}

// Where to go after answering `field`: the next question, or back to "Check your answers".
http::Response next_page(const State& s, const std::string& next_path) {
    return http::Response::redirect(href(s.change ? "/check/answers" : next_path, s));
}

// The first question that is missing or wrong, as a redirect to it; nullopt when all are fine.
std::optional<http::Response> first_problem(Context& ctx,
                                            const State& s,
                                            const std::vector<domain::NeedTerm>& terms) {
    // A missing answer gets its question; a wrong one gets its question with the error.
    const auto go = [&s](const std::string& path, bool given) {
        return http::Response::redirect(href(path, s, Field::None, given ? "answer=1" : ""));
    };
    if (!check_age(s.age).empty()) return go("/check/age", !s.age.empty());
    if (!check_needs(s.needs, terms).empty()) return go("/check/needs", !s.needs.empty());
    if (!check_place(ctx, s.place).empty()) return go("/check/place", !s.place.empty());
    if (!check_ehc(s.ehc).empty()) return go("/check/ehc-plan", !s.ehc.empty());
    return std::nullopt;
}

std::string needs_text(const std::vector<std::string>& needs,
                       const std::vector<domain::NeedTerm>& terms) {
    std::vector<std::string> names;
    for (const auto& n : needs)
        for (const auto& t : terms)
            if (t.code == n) names.push_back(t.name);
    return names.empty() ? "Not sure" : join_and(names);
}

// The place as the family should see it in their answers: a full postcode as they typed it,
// even when only its district is in the gazetteer (the point is then the district's).
std::string place_text(const std::string& typed, const search::ResolvedLocation& where) {
    if (where.kind == "outcode")
        if (auto postcode = domain::normalise_postcode(typed)) return *postcode;
    return where.label.empty() ? typed : where.label;
}

std::string ehc_text(const std::string& ehc) {
    if (ehc == "yes") return "Yes";
    if (ehc == "no") return "No";
    return "Not sure";
}

}  // namespace

http::Response check_start(Context& ctx, const http::Request&) {
    auto model = page_model(ctx, "Check what support your child could get", Section::None);
    add_breadcrumb(model, "Home", "/");
    auto res = render_page(ctx, "public/checker/start", model);
    return res;
}

http::Response check_age_page(Context& ctx, const http::Request& req) {
    auto s = read_state(req);
    std::string error;
    if (req.query_value("answer")) {
        error = check_age(s.age);
        if (error.empty()) return next_page(s, "/check/needs");
    }
    auto model =
        question_model(ctx, "How old is your child?", s, Field::Age, "/check", error, "age");
    model["age"] = s.age;
    return respond(ctx, "public/checker/age", model);
}

http::Response check_needs_page(Context& ctx, const http::Request& req) {
    auto s = read_state(req);
    const auto terms = need_terms(ctx);
    std::string error;
    if (req.query_value("answer")) {
        error = check_needs(s.needs, terms);
        if (error.empty()) return next_page(s, "/check/place");
    }
    auto model = question_model(ctx, "What are your child's needs?", s, Field::Needs,
                                href("/check/age", s), error, "need");
    json options = json::array();
    bool first = true;
    for (const auto& t : terms) {
        const bool checked = std::find(s.needs.begin(), s.needs.end(), t.code) != s.needs.end();
        options.push_back({{"id", first ? std::string("need") : "need-" + t.code},
                           {"value", t.code},
                           {"label", t.name},
                           {"checked", checked},
                           {"child", !t.parent_code.empty()}});
        first = false;
    }
    model["options"] = options;
    model["not_sure_checked"] =
        std::find(s.needs.begin(), s.needs.end(), "not-sure") != s.needs.end();
    return respond(ctx, "public/checker/needs", model);
}

http::Response check_place_page(Context& ctx, const http::Request& req) {
    auto s = read_state(req);
    std::string error;
    if (req.query_value("answer")) {
        error = check_place(ctx, s.place);
        if (error.empty()) return next_page(s, "/check/ehc-plan");
    }
    auto model = question_model(ctx, "Where does your child live?", s, Field::Place,
                                href("/check/needs", s), error, "place");
    model["place"] = s.place;
    return respond(ctx, "public/checker/place", model);
}

http::Response check_ehc_page(Context& ctx, const http::Request& req) {
    auto s = read_state(req);
    std::string error;
    if (req.query_value("answer")) {
        error = check_ehc(s.ehc);
        if (error.empty()) return next_page(s, "/check/answers");
    }
    auto model =
        question_model(ctx, "Does your child have an education, health and care (EHC) plan?", s,
                       Field::Ehc, href("/check/place", s), error, "ehc");
    model["yes"] = s.ehc == "yes";
    model["no"] = s.ehc == "no";
    model["not_sure"] = s.ehc == "not-sure";
    return respond(ctx, "public/checker/ehc_plan", model);
}

http::Response check_answers(Context& ctx, const http::Request& req) {
    auto s = read_state(req);
    s.change = false;
    const auto terms = need_terms(ctx);
    if (auto problem = first_problem(ctx, s, terms)) return *problem;
    search::ResolvedLocation where;
    check_place(ctx, s.place, &where);
    auto model = page_model(ctx, "Check your answers", Section::None);
    model["back_href"] = href("/check/ehc-plan", s);
    const auto change = [&s](const std::string& path) {
        return href(path, s, Field::None, "change=1");
    };
    model["rows"] = json::array({
        {{"key", "Child's age"},
         {"value", s.age},
         {"href", change("/check/age")},
         {"hidden", "your child's age"}},
        {{"key", "Needs"},
         {"value", needs_text(s.needs, terms)},
         {"href", change("/check/needs")},
         {"hidden", "your child's needs"}},
        {{"key", "Postcode or place"},
         {"value", place_text(s.place, where)},
         {"href", change("/check/place")},
         {"hidden", "where your child lives"}},
        {{"key", "EHC plan"},
         {"value", ehc_text(s.ehc)},
         {"href", change("/check/ehc-plan")},
         {"hidden", "whether your child has an EHC plan"}},
    });
    model["hidden"] = json::array();
    for (const auto& [k, v] : state_pairs(s, Field::None))
        model["hidden"].push_back({{"name", k}, {"value", v}});
    auto res = render_page(ctx, "public/checker/answers", model);
    res.set_header("Cache-Control", "no-store");
    return res;
}

http::Response check_result(Context& ctx, const http::Request& req) {
    auto s = read_state(req);
    s.change = false;
    const auto terms = need_terms(ctx);
    if (auto problem = first_problem(ctx, s, terms)) return *problem;

    domain::EligibilityAnswers answers;
    check_age(s.age, &answers.age);
    for (const auto& n : s.needs)
        if (n != "not-sure") answers.needs.push_back(n);
    search::ResolvedLocation where;
    check_place(ctx, s.place, &where);
    answers.place_label = place_text(s.place, where);
    answers.place = {where.point.latitude, where.point.longitude};
    check_ehc(s.ehc, &answers.ehc_plan);

    std::vector<domain::CoverageArea> areas;
    for (const auto& a : ctx.search->tables().areas())
        areas.push_back({a.name, {a.centre.latitude, a.centre.longitude}, a.radius_miles});
    const auto services = candidate_services(ctx, answers.needs, terms);
    const auto venue_at = venues_of(ctx, services);
    std::vector<domain::ServiceForCheck> inputs;
    for (const auto& sv : services) {
        domain::ServiceForCheck in{&sv, {}};
        for (const auto& id : sv.location_ids)
            if (auto it = venue_at.find(id); it != venue_at.end()) in.venues.push_back(it->second);
        inputs.push_back(std::move(in));
    }
    const auto result = domain::check_eligibility(answers, inputs, areas, terms);
    // Counted here, once per result page with every answer given (the checker runs no search
    // through SearchService::answer(), so nothing here is also counted as a family's search).
    // Only the age band, the top-level needs, the area and whether anything was likely.
    ctx.search->count_checker({answers.age,
                               answers.needs,
                               {where.point.latitude, where.point.longitude},
                               result.likely.empty()});

    const auto needs = need_names(ctx.store);
    const auto items = [&needs](const std::vector<domain::Assessment>& list) {
        json out = json::array();
        for (const auto& a : list) {
            if (out.size() >= kCardsShown) break;
            auto card = service_card(*a.service, needs);
            card["id"] = a.service->id;
            card["reasons"] = a.reasons;
            card["why_not"] = a.why_not;
            card["next_step"] = a.next_step;
            out.push_back(card);
        }
        return out;
    };
    auto model = page_model(ctx, "Support your child could get", Section::None);
    add_breadcrumb(model, "Home", "/");
    add_breadcrumb(model, "Check what support your child could get", "/check");
    model["likely"] = items(result.likely);
    model["close"] = items(result.close);
    model["has_likely"] = !result.likely.empty();
    model["has_close"] = !result.close.empty();
    model["likely_count"] =
        count_text(static_cast<std::int64_t>(result.likely.size()), "service", "services");
    model["close_count"] =
        count_text(static_cast<std::int64_t>(result.close.size()), "service", "services");
    // Beyond the cards shown, the same answers as a search that lists them all.
    model["likely_more"] = result.likely.size() > kCardsShown;
    model["close_more"] = result.close.size() > kCardsShown;
    search::SearchParams all;
    all.age = answers.age;
    all.location = s.place;
    all.needs = answers.needs;
    model["search_href"] = "/search?" + search::to_query_string(all, 0);
    model["left_out"] = result.left_out > 0
                            ? count_text(result.left_out, "other service", "other services")
                            : std::string{};
    model["summary"] = {{"age", s.age},
                        {"needs", needs_text(s.needs, terms)},
                        {"place", answers.place_label},
                        {"ehc", ehc_text(s.ehc)}};
    model["answers_href"] = href("/check/answers", s);
    model["not_sure_ehc"] = s.ehc != "yes";
    auto res = render_page(ctx, "public/checker/result", model);
    res.set_header("Cache-Control", "no-store");
    return res;
}

}  // namespace lo::web::public_
