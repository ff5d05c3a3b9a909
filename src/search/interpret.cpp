// A search from the parameters to the answer: what the words say (an age, a postcode or a
// place, corrections, the vocabulary's phrases), the index query, and what the page tells the
// family (corrections, "nothing matched well" with broader options). docs/search.md.
#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "domain/model.hpp"
#include "domain/validation.hpp"
#include "search/engine.hpp"
#include "search/gazetteer.hpp"
#include "search/query_words.hpp"

namespace lo::search {
namespace {

using nlohmann::json;

const std::regex kAgePhrase(
    R"((?:\b(?:aged?|age of)\s+(\d{1,2})\b)|(?:\b(\d{1,2})\s*-?\s*(?:years?|yrs?|yo|y\.o\.)(?:\s*-?\s*old)?\b)|(?:\b(\d{1,2})\s*(?:month|months)\s*old\b))",
    std::regex::icase);
const std::regex kPostcode(R"(\b([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*([0-9][A-Za-z]{2})\b)");
const std::regex kOutcodeToken(R"(^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?$)");

const char* const kFacetGroups[] = {"category", "need", "access", "free", "mode", "day"};

// Below this share of the words' importance matched by the best service, nothing matched the
// search well (docs/search.md, "When nothing matches well").
constexpr double kWellMatched = 0.5;

// Words before a place name that say it is one: "swimming in Clifton".
bool place_preposition(const std::string& lower) {
    return lower == "in" || lower == "near" || lower == "around" || lower == "at" ||
           lower == "nr" || lower == "by";
}

std::string joined(const std::vector<Token>& tokens, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) out += (out.empty() ? "" : " ") + tokens[i].text;
    return out;
}

// "for my 4 year old", "aged 4", "4yo": the age filter, taken out of the words.
void take_age(std::string& text, std::optional<int>& age, json& interpreted) {
    if (age) return;
    std::smatch m;
    if (!std::regex_search(text, m, kAgePhrase)) return;
    int years = 0;
    if (m[1].matched) years = std::stoi(m[1]);
    if (m[2].matched) years = std::stoi(m[2]);
    if (m[3].matched) years = 0;
    if (years > domain::kMaxAge) return;
    age = years;
    interpreted["age"] = years;
    text = m.prefix().str() + " " + m.suffix().str();
}

json location_json(const ResolvedLocation& where) {
    json loc{{"query", where.query}, {"kind", where.kind}, {"label", where.label}};
    switch (where.status) {
        case ResolvedLocation::Status::Found:
            loc["status"] = "found";
            break;
        case ResolvedLocation::Status::Ambiguous:
            loc["status"] = "ambiguous";
            break;
        case ResolvedLocation::Status::NotFound:
            loc["status"] = "not_found";
            break;
        default:
            loc["status"] = "none";
    }
    if (!where.message.empty()) loc["message"] = where.message;
    if (where.status == ResolvedLocation::Status::Found ||
        where.status == ResolvedLocation::Status::Ambiguous) {
        loc["latitude"] = where.point.latitude;
        loc["longitude"] = where.point.longitude;
    }
    json choices = json::array();
    for (const auto& c : where.choices) {
        const auto label = c.name + (c.county.empty() ? "" : ", " + c.county);
        choices.push_back({{"label", label}, {"value", label}});
    }
    loc["choices"] = choices;
    return loc;
}

// The parameters as the answer repeats them.
json query_json(const SearchParams& params) {
    return {{"q", params.q},
            {"location", params.location},
            {"radius", params.radius ? json(*params.radius) : json(nullptr)},
            {"age", params.age ? json(*params.age) : json(nullptr)},
            {"category", params.categories},
            {"need", params.needs},
            {"access", params.access},
            {"free", params.free_only},
            {"mode", params.modes},
            {"day", params.days},
            {"page", params.page},
            {"per_page", params.per_page}};
}

// The index query's filters and page from the parameters (and an age found in the words).
void set_filters(IndexQuery& query, const SearchParams& params, std::optional<int> age) {
    query.filters["category"] = params.categories;
    query.filters["need"] = params.needs;
    query.filters["access"] = params.access;
    query.filters["mode"] = params.modes;
    query.filters["day"] = params.days;
    if (params.free_only) query.filters["free"] = {"yes"};
    if (age) query.filters["age"] = {std::to_string(*age)};
    query.offset = (params.page - 1) * params.per_page;
    query.limit = params.per_page;
    query.facet_groups.assign(std::begin(kFacetGroups), std::end(kFacetGroups));
}

}  // namespace

// A postcode, an outcode the gazetteer knows, or a town or village the gazetteer knows, typed
// among the words: taken out of them and searched as the place. A place name that is also an
// everyday English word ("Bath", "Street") counts only after "in", "near", "around" or "at".
// The place's own words come back in place_words, to match services' text too (a feed without
// coordinates still finds "Clifton" in an address or a description).
std::string SearchService::place_in_words(std::string& text,
                                          std::vector<std::string>& place_words) {
    std::smatch m;
    if (std::regex_search(text, m, kPostcode)) {
        const auto found = m[1].str() + " " + m[2].str();
        text = m.prefix().str() + " " + m.suffix().str();
        return found;
    }
    const auto tokens = tokenize(text);
    for (const auto& t : tokens) {
        if (!std::regex_match(t.text, kOutcodeToken)) continue;
        const auto oc = domain::normalise_outcode(t.text);
        if (!oc || !tables_.find_outcode(*oc)) continue;
        std::string rest;
        for (const auto& u : tokens)
            if (&u != &t) rest += u.text + " ";
        text = rest;
        return *oc;
    }
    const auto keys = place_keys();
    for (std::size_t n = 3; n >= 1; --n) {
        for (std::size_t i = 0; i + n <= tokens.size(); ++i) {
            if (is_stopword(tokens[i].lower) || is_stopword(tokens[i + n - 1].lower)) continue;
            const auto name = joined(tokens, i, i + n);
            if (!keys->count(place_key(name))) continue;
            const bool after_preposition = i > 0 && place_preposition(tokens[i - 1].lower);
            bool everyday = true;  // every word of it is an everyday English word
            for (std::size_t k = i; k < i + n; ++k)
                everyday = everyday && speller_.is_word(tokens[k].lower);
            if (everyday && !after_preposition) continue;
            const std::size_t from = after_preposition ? i - 1 : i;
            for (std::size_t k = i; k < i + n; ++k) place_words.push_back(tokens[k].lower);
            text = joined(tokens, 0, from) + " " + joined(tokens, i + n, tokens.size());
            return name;
        }
        if (n == 1) break;
    }
    return {};
}

std::shared_ptr<const std::unordered_set<std::string>> SearchService::place_keys() {
    const auto version = tables_.gazetteer_version();
    std::lock_guard lock(places_mutex_);
    if (!place_keys_ || version != place_keys_version_) {
        const auto rows = tables_.place_keys();
        place_keys_ =
            std::make_shared<const std::unordered_set<std::string>>(rows.begin(), rows.end());
        place_keys_version_ = version;
    }
    return place_keys_;
}

WordSources SearchService::word_sources() {
    WordSources sources;
    sources.frequency = [this](const std::string& w) { return index_.word_frequency(w); };
    sources.index_suggestion = [this](const std::string& w) {
        return index_.spelling_suggestion(w);
    };
    sources.speller = speller_.available() ? &speller_ : nullptr;
    return sources;
}

SearchService::Built SearchService::run(const SearchParams& params) {
    json out;
    json messages = json::array();
    json interpreted = json::object();
    std::string text = params.q;
    std::optional<int> age = params.age;
    take_age(text, age, interpreted);

    std::string location_text = params.location;
    std::vector<std::string> place_words;
    if (location_text.empty()) {
        location_text = place_in_words(text, place_words);
        if (!location_text.empty()) interpreted["location"] = location_text;
        if (!place_words.empty()) interpreted["place_from_words"] = location_text;
    }

    IndexQuery query;
    out["location"] = nullptr;
    if (!location_text.empty()) {
        const auto where = resolve_location(tables_, location_text);
        out["location"] = location_json(where);
        if (!where.message.empty()) messages.push_back(where.message);
        if (where.status == ResolvedLocation::Status::Found ||
            where.status == ResolvedLocation::Status::Ambiguous) {
            query.point = where.point;
            query.areas = tables_.areas();
            query.radius_miles = params.radius;
        }
    }

    const auto words = read_words(text, *vocabulary(), word_sources(), !params.as_typed);
    query.units = words.units;
    query.keep_share = keep_share_;
    query.feedback = feedback_;
    // The place's words help services that name it rank higher, and never carry a match.
    if (!query.units.empty() && !place_words.empty())
        query.units.push_back({place_words, {}, false, true});
    describe_words(words, params, interpreted, out, messages);
    auto demand = demand_of(words, params, age, query.point, query.areas);

    set_filters(query, params, age);
    if (params.sort == "name")
        query.order = SortOrder::Name;
    else if (params.sort == "relevance" && !query.units.empty())
        query.order = SortOrder::Relevance;
    const auto result = index_.query(query);

    // How well the words were matched: "good", "weak" (nothing matched them well: the results
    // match only part of what was asked) or "none".
    std::string quality = "good";
    if (result.total == 0)
        quality = "none";
    else if (!query.units.empty() && result.word_share < kWellMatched)
        quality = "weak";
    out["match_quality"] = quality;
    interpreted["words_matched_share"] = std::round(result.word_share * 1000) / 1000;
    if (quality == "weak")
        messages.push_back(
            "Nothing matched your search well. The services below match only part of it.");
    out["broader"] = quality == "good" ? json::array() : broader_options(words);

    auto results = results_text(result);
    json advice = json::array();
    if (!query.units.empty()) {
        IndexQuery aq;
        aq.kind = "advice";
        aq.units = query.units;
        aq.limit = 5;
        const auto ar = index_.query(aq);
        if (ar.word_share >= kWellMatched)
            for (const auto& hit : ar.hits) advice.push_back(json::parse(*hit.data));
    }
    auto facets = facets_text(result, params);
    page_messages(params, result.total, query.point.has_value(), messages);

    out["query"] = query_json(params);
    out["interpreted"] = interpreted;
    out["total"] = result.total;
    out["page"] = params.page;
    out["per_page"] = params.per_page;
    out["total_pages"] =
        std::max<std::int64_t>(1, (result.total + params.per_page - 1) / params.per_page);
    out["sort"] = query.order == SortOrder::Name        ? "name"
                  : query.order == SortOrder::Relevance ? "relevance"
                  : query.point                         ? "distance"
                  : query.units.empty()                 ? "name"
                                                        : "relevance";
    // With a place: how many results reach or cover it; the rest are outside the area.
    out["in_area_total"] = query.point ? json(result.first_tier_total) : json(nullptr);
    out["matched_some_words"] = quality == "weak";
    out["advice"] = advice;
    out["messages"] = messages;
    return {std::move(out),
            {{"facets", std::move(facets)}, {"results", std::move(results)}},
            std::move(demand)};
}

// What the words were taken to mean, for the page and for developers: corrections ("Showing
// results for"), the vocabulary's concepts, words used only for ranking or left out.
void SearchService::describe_words(const QueryWords& words,
                                   const SearchParams& params,
                                   json& interpreted,
                                   json& out,
                                   json& messages) {
    json corrections = json::array();
    for (const auto& c : words.corrections) corrections.push_back({{"from", c.from}, {"to", c.to}});
    interpreted["corrections"] = corrections;
    interpreted["concepts"] = words.concepts;
    interpreted["weak_words"] = words.weak;
    interpreted["ignored_words"] = words.ignored;
    out["suggestion"] = nullptr;
    out["showing_suggestion"] = false;
    if (!words.corrected.empty()) {
        out["suggestion"] = words.corrected;
        out["showing_suggestion"] = true;
        out["original_q"] = params.q;
        messages.push_back("Showing results for \"" + words.corrected + "\".");
    } else if (params.as_typed) {
        // Searched as typed on request: still offer the correction as a link.
        const auto corrected = read_words(params.q, *vocabulary(), word_sources(), true).corrected;
        if (!corrected.empty()) out["suggestion"] = corrected;
    }
    if (words.only_common_words)
        messages.push_back(
            "Your search only had very common words, so we are showing every service. Add a "
            "word about the support you need, like \"speech\" or \"autism\".");
}

// Where to go when nothing matched well: the needs and categories the words named, every
// category, and the Local Offer team (docs/search.md, "When nothing matches well").
json SearchService::broader_options(const QueryWords& words) {
    json out = json::array();
    std::set<std::string> seen;
    const auto add = [&](const std::string& href, const std::string& label) {
        if (seen.insert(href).second) out.push_back({{"href", href}, {"label", label}});
    };
    const auto vocabulary_in_use = vocabulary();
    {
        std::lock_guard lock(terms_mutex_);
        for (const auto& concept_term : words.concepts)
            for (const auto& e : vocabulary_in_use->entries()) {
                if (e.term != concept_term) continue;
                const bool need = e.category.rfind("need:", 0) == 0;
                const auto code = need ? e.category.substr(5) : e.category;
                const auto it = code_to_id_[need ? 1 : 0].find(code);
                if (it == code_to_id_[need ? 1 : 0].end()) continue;
                add(std::string(need ? "/needs/" : "/categories/") + code,
                    terms_.at(it->second).name);
            }
    }
    add("/feedback?page=/search", "Tell the Local Offer team what you were looking for");
    return out;
}

void SearchService::page_messages(const SearchParams& params,
                                  std::int64_t total,
                                  bool has_point,
                                  json& messages) {
    const auto total_pages =
        std::max<std::int64_t>(1, (total + params.per_page - 1) / params.per_page);
    if (params.page > total_pages)
        messages.push_back("There is no page " + std::to_string(params.page) +
                           " of these results: there " +
                           (total_pages == 1 ? std::string("is 1 page")
                                             : "are " + std::to_string(total_pages) + " pages") +
                           ". Go back to page 1.");
    if (params.q_shortened)
        messages.push_back("Your search was very long, so we used the first " +
                           std::to_string(kMaxQueryLength) + " characters.");
    if (params.radius && !has_point)
        messages.push_back("To search within a distance, also give a postcode or town.");
}

}  // namespace lo::search
