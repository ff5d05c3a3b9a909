// The search service: index maintenance from the store, query interpretation (age and postcode
// phrases, SEND vocabulary, spelling), and the response shared by /search and /api/search.
#include "search/engine.hpp"

#include "domain/echo.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>

#include "domain/dates.hpp"
#include "domain/service_dates.hpp"
#include "domain/summary.hpp"
#include "domain/validation.hpp"
#include "search/gazetteer.hpp"

namespace lo::search {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string age_text(std::optional<int> lo, std::optional<int> hi) {
    if (lo && hi)
        return *lo == *hi ? "Age " + std::to_string(*lo)
                          : "Ages " + std::to_string(*lo) + " to " + std::to_string(*hi);
    if (hi) return "Up to " + std::to_string(*hi);
    if (lo) return "From " + std::to_string(*lo);
    return {};
}

std::string join_and(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += i + 1 == items.size() ? " and " : ", ";
        out += items[i];
    }
    return out;
}

std::string miles_text(double miles) {
    if (miles < 0.1) return "Less than 0.1 miles away";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", miles);
    return std::string(buf) + (std::string(buf) == "1.0" ? " mile away" : " miles away");
}

// A tag's weight as searchable words, by how specific the service's list of that kind is: a
// provider who ticked every audience or need ("0-5, 5-11, ... all needs") does not make the
// service match every search (docs/search.md, "Keywords").
int tag_weight(std::size_t tags_of_that_kind) {
    if (tags_of_that_kind <= 3) return 3;
    if (tags_of_that_kind <= 6) return 2;
    if (tags_of_that_kind <= 10) return 1;
    return 0;
}

}  // namespace

SearchService::SearchService(storage::Store& store, SearchOptions options)
    : store_(store),
      options_(std::move(options)),
      owned_tables_(store_.open_search_tables()),
      tables_(*owned_tables_),
      index_((fs::path(options_.data_dir) / "search").string(), SearchIndex::Mode::Write),
      vocabulary_(store_) {
    load_search_word_seeds(store_, options_.vocabulary_file, options_.everyday_file);
    vocabulary_.refresh();
    if (!options_.gazetteer_seed_dir.empty())
        load_gazetteer_seed(tables_, options_.gazetteer_seed_dir);
    load_terms();
    // For measuring without it (bench/README.md); answers are the same either way.
    if (const char* v = std::getenv("LOCALOFFER_SEARCH_RANKING_CACHE");
        v && std::string(v) == "off")
        index_.set_ranking_cache(false);
    if (const char* v = std::getenv("LOCALOFFER_SEARCH_ANSWER_CACHE"); v && std::string(v) == "off")
        answer_cache_on_ = false;
    // The ranked match's keep line, for measuring others on the judged queries
    // (bench/relevance/README.md); the default is IndexQuery's.
    if (const char* v = std::getenv("LOCALOFFER_SEARCH_KEEP_SHARE")) {
        const double share = std::atof(v);
        if (share > 0 && share <= 1) keep_share_ = share;
    }
    if (const char* v = std::getenv("LOCALOFFER_SEARCH_FEEDBACK")) {
        const double weight = std::atof(v);
        if (weight >= 0 && weight <= 1) feedback_ = weight;
    }
}

SearchService::~SearchService() {
    stop();
    try {
        flush_counts();
    } catch (const std::exception&) {
        // Losing a few counts is better than failing to stop.
    }
}

void SearchService::load_terms() {
    std::lock_guard lock(terms_mutex_);
    terms_.clear();
    code_to_id_[0].clear();
    code_to_id_[1].clear();
    facet_terms_[0].clear();
    facet_terms_[1].clear();
    auto& repo = store_.taxonomies();
    for (const auto& t : repo.taxonomies()) {
        const int which = t.code == domain::kCategoriesTaxonomy ? 0
                          : t.code == domain::kNeedsTaxonomy    ? 1
                                                                : -1;
        for (const auto& term : repo.terms(t.id)) {
            // Other taxonomies' terms (an imported feed's audiences or service types) are
            // searchable words, not filters.
            terms_[term.id] = {term.id, term.code, term.name, term.parent_id,
                               which == 0   ? "category"
                               : which == 1 ? "need"
                                            : "other:" + t.code};
            if (which < 0) continue;
            code_to_id_[which][term.code] = term.id;
            facet_terms_[which].push_back(term);
        }
    }
}

domain::Date SearchService::listing_today() const {
    return options_.today ? options_.today() : domain::today_uk();
}

// Listed today: open or temporarily closed, and within its start and end dates.
bool SearchService::indexable(const domain::Service& s) const {
    return domain::listed_on(s, listing_today());
}

bool SearchService::apply_date_turnover() {
    const auto day = listing_today();
    if (day == listing_day_) return false;
    listing_day_ = day;
    // Every service is read once a day; only those with dates are put again. A query-time date
    // filter would need the dates beside each document in the index and its bitmaps; this
    // keeps the index the one answer to "what is listed" (docs/search.md, "Dates").
    for (const auto& id : store_.services().all_ids()) {
        const auto s = store_.services().find(id);
        if (s && (!s->start_date.empty() || !s->end_date.empty() || !s->reopening_date.empty()))
            apply({0, "service", id});
    }
    return true;
}

IndexDocument SearchService::service_document(const domain::Service& s) {
    IndexDocument d;
    d.kind = "service";
    d.id = s.id;
    d.sort_name = ascii_lower(s.name);
    d.texts.push_back({s.name, 6});
    d.texts.push_back({s.summary, 3});
    d.texts.push_back({s.description, 1});
    d.texts.push_back({s.eligibility, 1});
    std::string organisation;
    if (const auto o = store_.organisations().find(s.organisation_id)) {
        organisation = o->name;
        d.texts.push_back({o->name, 2});
    }
    std::vector<std::string> need_names;  // the needs the service lists, for its result card
    {
        std::lock_guard lock(terms_mutex_);
        std::set<std::pair<std::string, std::string>> facets;
        std::map<std::string, std::vector<std::string>> tags;  // taxonomy -> the terms' names
        for (const auto& id : s.term_ids) {
            int depth = 0;
            for (auto it = terms_.find(id); it != terms_.end() && depth < 10; ++depth) {
                const auto& term = it->second;
                if (term.taxonomy == "category" || term.taxonomy == "need")
                    facets.insert({term.taxonomy, term.code});
                if (depth == 0) tags[term.taxonomy].push_back(term.name);
                if (depth == 0 && term.taxonomy == "need") need_names.push_back(term.name);
                it = terms_.find(term.parent_id);
            }
        }
        for (const auto& [taxonomy, names] : tags)
            if (const int weight = tag_weight(names.size()); weight > 0)
                for (const auto& name : names) d.texts.push_back({name, weight});
        d.facets.assign(facets.begin(), facets.end());
    }
    for (auto r : s.referral_routes)
        d.facets.push_back({"access", std::string(domain::to_code(r))});
    if (s.free) d.facets.push_back({"free", "yes"});
    bool online_only = !s.delivery_modes.empty();
    for (auto m : s.delivery_modes) {
        d.facets.push_back({"mode", std::string(domain::to_code(m))});
        if (m != domain::DeliveryMode::Online && m != domain::DeliveryMode::Phone)
            online_only = false;
        if (m != domain::DeliveryMode::InPerson) d.remote = true;
    }
    std::set<std::string> days;
    for (const auto& sc : s.schedules)
        for (auto day : sc.days) days.insert(std::string(domain::to_code(day)));
    for (const auto& day : days) d.facets.push_back({"day", day});
    const int lo = s.min_age.value_or(domain::kMinAge);
    const int hi = s.max_age.value_or(domain::kMaxAge);
    for (int a = lo; a <= hi; ++a) d.facets.push_back({"age", std::to_string(a)});
    std::vector<std::string> towns;
    for (const auto& l : store_.locations().find_many(s.location_ids)) {
        if (l.latitude && l.longitude) d.venues.push_back({*l.latitude, *l.longitude});
        d.texts.push_back({l.name + " " + l.city, 1});
        if (!l.city.empty()) towns.push_back(l.city);
    }
    for (const auto& a : s.service_areas) {
        d.areas.push_back(a.name);
        d.texts.push_back({a.name, 1});
    }
    json facts = json::array();
    if (auto ages = age_text(s.min_age, s.max_age); !ages.empty()) facts.push_back(ages);
    facts.push_back(s.free ? "Free" : "There is a cost");
    if (!s.referral_routes.empty()) {
        std::vector<std::string> routes;
        for (auto r : s.referral_routes) routes.emplace_back(domain::short_label(r));
        facts.push_back(join_and(routes));
    }
    if (auto who = domain::who_for_text(need_names); !who.empty()) facts.push_back(who);
    if (const auto checked = domain::parse_date(s.last_checked))
        facts.push_back("Last checked: " + domain::long_date(*checked));
    json modes = json::array();
    for (auto m : s.delivery_modes) modes.push_back(domain::to_code(m));
    const auto listing = domain::service_listing(s, listing_today());
    d.data =
        json{{"kind", "service"},
             {"id", s.id},
             {"name", s.name},
             {"summary", s.summary.empty() ? domain::derived_summary(s.description) : s.summary},
             {"summary_derived", s.summary.empty() && !s.description.empty()},
             {"href", "/services/" + s.id},
             {"organisation", organisation},
             {"facts", facts},
             {"status_label", listing.status == domain::ServiceStatus::Active
                                  ? std::string{}
                                  : std::string(domain::label(listing.status))},
             {"status_notice", listing.notice},
             {"min_age", s.min_age ? json(*s.min_age) : json(nullptr)},
             {"max_age", s.max_age ? json(*s.max_age) : json(nullptr)},
             {"free", s.free},
             {"modes", modes},
             {"online_only", online_only},
             {"areas", d.areas}}
            .dump();
    return d;
}

IndexDocument SearchService::advice_document(const domain::AdvicePage& p) {
    IndexDocument d;
    d.kind = "advice";
    d.id = p.id;
    d.sort_name = ascii_lower(p.title);
    d.texts = {{p.title, 6}, {p.summary, 3}, {p.body_markdown, 1}};
    d.data = json{{"kind", "advice"},
                  {"id", p.id},
                  {"title", p.title},
                  {"summary", p.summary},
                  {"href", "/advice/" + p.slug}}
                 .dump();
    return d;
}

void SearchService::apply(const Change& change) {
    if (change.kind == "service") {
        const auto s = store_.services().find(change.id);
        if (s && indexable(*s))
            index_.put(service_document(*s));
        else
            index_.remove("service", change.id);
    } else if (change.kind == "advice") {
        if (const auto p = store_.advice().find(change.id))
            index_.put(advice_document(*p));
        else
            index_.remove("advice", change.id);
    }
}

SyncReport SearchService::rebuild() {
    std::lock_guard lock(sync_mutex_);
    SyncReport report;
    report.rebuilt = true;
    // Read the generation and feed position first: anything committed while we read is
    // applied again by the next sync, which is harmless.
    report.generation = store_.generation();
    const auto seq = tables_.last_change();
    load_terms();
    index_.clear();
    listing_day_ = listing_today();
    for (const auto& id : store_.services().all_ids()) {
        const auto s = store_.services().find(id);
        if (!s || !indexable(*s)) continue;
        index_.put(service_document(*s));
        ++report.applied;
    }
    for (const auto& p : store_.advice().list()) {
        index_.put(advice_document(p));
        ++report.applied;
    }
    index_.add_spelling_words(vocabulary_.words());
    index_.commit(report.generation, seq);
    tables_.forget_changes_up_to(seq);
    return report;
}

SyncReport SearchService::sync() {
    IndexState state;
    {
        std::lock_guard lock(sync_mutex_);
        state = index_.state();
    }
    const auto generation = store_.generation();
    if (state.format != kIndexFormat || state.generation < 0 || generation < state.generation ||
        tables_.last_change() < state.change_seq)
        return rebuild();
    std::lock_guard lock(sync_mutex_);
    SyncReport report;
    report.generation = generation;
    // Words an editor added to the search words go into the spelling data (no rebuild needed).
    // The commit restates the index's own state, read again under the lock.
    vocabulary_.refresh();
    const bool spelling_added = vocabulary_.add_spelling_to(index_);
    const bool day_turned = apply_date_turnover();
    if (generation == state.generation) {
        if (spelling_added || day_turned) {
            const auto now = index_.state();
            index_.commit(now.generation, now.change_seq);
        }
        return report;
    }
    auto seq = state.change_seq;
    bool terms_changed = false;
    while (true) {
        const auto changes = tables_.changes_after(seq, 2000);
        for (const auto& c : changes) {
            if (c.kind == "all") terms_changed = true;
        }
        if (terms_changed) break;
        for (const auto& c : changes) {
            apply(c);
            seq = c.seq;
            ++report.applied;
        }
        if (changes.size() < 2000) break;
    }
    if (terms_changed) {
        sync_mutex_.unlock();
        // The guard above unlocks on the way out, so the lock is taken back even when the
        // rebuild fails (a full disk): unlocking an unlocked mutex is undefined.
        try {
            auto r = rebuild();
            sync_mutex_.lock();
            return r;
        } catch (...) {
            sync_mutex_.lock();
            throw;
        }
    }
    index_.commit(generation, seq);
    tables_.forget_changes_up_to(seq);
    return report;
}

void SearchService::start(std::chrono::milliseconds interval) {
    std::lock_guard lock(thread_mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    retry_.started_catching_up();
    thread_ = std::thread([this, interval] {
        auto last_flush = std::chrono::steady_clock::now();
        std::unique_lock wait_lock(thread_mutex_);
        while (!stopping_) {
            wait_lock.unlock();
            const auto wait = sync_once(interval);
            try {
                if (std::chrono::steady_clock::now() - last_flush > std::chrono::seconds(60)) {
                    flush_counts();
                    last_flush = std::chrono::steady_clock::now();
                }
            } catch (const std::exception& e) {
                // The counts stay in memory for the next flush.
                std::fprintf(stderr, "localoffer: search counts not saved yet: %s\n", e.what());
            }
            wait_lock.lock();
            wake_.wait_for(wait_lock, wait, [this] { return stopping_; });
        }
    });
}

// One round of the indexer: nothing it meets may end the thread (an uncaught error here would
// take the whole server down), and a failure waits longer each time.
std::chrono::milliseconds SearchService::sync_once(std::chrono::milliseconds interval) {
    try {
        const auto report = sync();
        if (report.rebuilt)
            std::fprintf(stdout, "Rebuilt the search index (%lld documents).\n",
                         static_cast<long long>(report.applied));
        std::fflush(stdout);
        retry_.succeeded();
        return interval;
    } catch (const IndexWriteError& e) {
        return std::max(interval, retry_.failed(e.reason(), e.what()));
    } catch (const std::exception& e) {
        return std::max(interval, retry_.failed("could not read the changes", e.what()));
    } catch (...) {
        return std::max(interval, retry_.failed("unexpected error", "an unknown error"));
    }
}

void SearchService::stop() {
    {
        std::lock_guard lock(thread_mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SearchService::check_codes(const SearchParams& params) {
    std::lock_guard lock(terms_mutex_);
    for (const auto& [values, which, name] :
         {std::tuple{&params.categories, 0, "category"}, std::tuple{&params.needs, 1, "need"}}) {
        for (const auto& code : *values)
            if (!code_to_id_[which].count(code))
                throw BadParameter(name, std::string("We do not know the ") + name + " \"" +
                                             domain::echo_text(code, 40) +
                                             "\". Choose one from the list of filters.");
    }
}

std::shared_ptr<const SearchAnswer> SearchService::answer(const SearchParams& params) {
    check_codes(params);
    // The state is read before searching: an answer worked out while a commit lands is kept
    // under the older state, which the next question's newer state empties from the cache.
    const bool cached = answer_cache_on_.load();
    // An editor's change to the search words is used by the very next search.
    const auto vocabulary_version = vocabulary_.refresh();
    AnswerState state;
    std::string key;
    std::shared_ptr<const SearchAnswer> found;
    if (cached) {
        state = {index_.revision(), tables_.gazetteer_version(), vocabulary_version};
        key = cache_key(params);
        found = answers_.find(state, key);
    }
    if (!found) {
        auto built = run(params);
        auto made = std::make_shared<SearchAnswer>();
        // The members in nlohmann's order (sorted by key), the ready-made texts spliced in.
        auto& body = made->body;
        std::size_t size = 4096;
        for (const auto& [name, text] : built.texts) size += text.size() + name.size() + 4;
        body.reserve(size);
        body += '{';
        const auto member = [&](const std::string& name, const std::string& text) {
            if (body.size() > 1) body += ',';
            body += '"';
            body += name;
            body += "\":";
            body += text;
        };
        auto spliced = built.texts.begin();
        for (auto it = built.out.begin(); it != built.out.end(); ++it) {
            for (; spliced != built.texts.end() && spliced->first < it.key(); ++spliced)
                member(spliced->first, spliced->second);
            member(it.key(), it.value().dump());
        }
        for (; spliced != built.texts.end(); ++spliced) member(spliced->first, spliced->second);
        body += '}';
        const auto& r = built.out;
        // A search nothing matched well counts as one that found nothing.
        made->zero_results = r["match_quality"] != "good";
        made->weak_match = r["match_quality"] == "weak";
        made->location_not_found =
            r["location"].is_object() && r["location"]["status"] == "not_found";
        made->suggestion_offered = !r["suggestion"].is_null();
        made->demand = std::move(built.demand);
        found = made;
        if (cached) answers_.put(state, key, found);
    }
    count(params, *found);
    return found;
}

namespace {

// s as a JSON string, escaped exactly as nlohmann::json::dump() escapes it (so spliced text and
// dumped text are the same bytes).
void append_json_string(std::string& out, std::string_view s) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

// One facet option: {"children":[...],"count":N,"label":"...","selected":b,"value":"..."}
// (children only where the group has them), its members in key order.
void append_option(std::string& out,
                   std::string_view value,
                   std::string_view label,
                   std::int64_t count,
                   bool selected,
                   const std::string* children) {
    if (out.back() != '[') out += ',';
    out += '{';
    if (children) {
        out += "\"children\":[";
        out += *children;
        out += "],";
    }
    out += "\"count\":";
    out += std::to_string(count);
    out += ",\"label\":";
    append_json_string(out, label);
    out += ",\"selected\":";
    out += selected ? "true" : "false";
    out += ",\"value\":";
    append_json_string(out, value);
    out += '}';
}

bool contains(const std::vector<std::string>& values, std::string_view v) {
    return std::find(values.begin(), values.end(), v) != values.end();
}

}  // namespace

// The facets member: every group's options with their counts, in the taxonomy's order for
// categories and needs (a top-level term with its children), written as text.
std::string SearchService::facets_text(const IndexResult& result, const SearchParams& params) {
    const auto count_of = [&](const char* group, const std::string& value) -> std::int64_t {
        const auto g = result.facets.find(group);
        if (g == result.facets.end()) return 0;
        const auto v = g->second.find(value);
        return v == g->second.end() ? 0 : v->second;
    };
    std::map<std::string, std::string> groups;
    {
        std::lock_guard lock(terms_mutex_);
        for (const auto& [group, which] : {std::pair{"category", 0}, std::pair{"need", 1}}) {
            const auto& selected = which == 0 ? params.categories : params.needs;
            // The terms as load_terms() read them (kept fresh by sync(): a term change rebuilds
            // the index and reloads them). Children of a top-level term are nested in it;
            // deeper terms are not listed.
            std::vector<const domain::TaxonomyTerm*> top;
            std::vector<std::string> children;
            std::unordered_map<std::string, std::size_t> position;
            for (const auto& t : facet_terms_[which]) {
                if (t.parent_id.empty()) {
                    position[t.id] = top.size();
                    top.push_back(&t);
                    children.emplace_back("[");
                } else if (const auto p = position.find(t.parent_id); p != position.end()) {
                    static const std::string none;
                    append_option(children[p->second], t.code, t.name, count_of(group, t.code),
                                  contains(selected, t.code), &none);
                }
            }
            std::string out = "[";
            for (std::size_t i = 0; i < top.size(); ++i) {
                const auto inner = children[i].substr(1);
                append_option(out, top[i]->code, top[i]->name, count_of(group, top[i]->code),
                              contains(selected, top[i]->code), &inner);
            }
            out += ']';
            groups[group] = std::move(out);
        }
    }
    const auto simple = [&](const char* group,
                            const std::vector<std::pair<std::string, std::string>>& options,
                            const std::vector<std::string>& selected) {
        std::string out = "[";
        for (const auto& [value, label] : options)
            append_option(out, value, label, count_of(group, value), contains(selected, value),
                          nullptr);
        out += ']';
        groups[group] = std::move(out);
    };
    std::vector<std::pair<std::string, std::string>> routes, modes, days;
    for (auto r : domain::kAllReferralRoutes)
        routes.emplace_back(domain::to_code(r), domain::short_label(r));
    for (auto m : domain::kAllDeliveryModes)
        modes.emplace_back(domain::to_code(m), domain::label(m));
    for (auto d : {domain::Weekday::Monday, domain::Weekday::Tuesday, domain::Weekday::Wednesday,
                   domain::Weekday::Thursday, domain::Weekday::Friday, domain::Weekday::Saturday,
                   domain::Weekday::Sunday})
        days.emplace_back(domain::to_code(d), domain::label(d));
    simple("access", routes, params.access);
    simple("mode", modes, params.modes);
    simple("day", days, params.days);
    simple("free", {{"yes", "Free services only"}},
           params.free_only ? std::vector<std::string>{"yes"} : std::vector<std::string>{});
    std::string out = "{";
    for (const auto& [group, text] : groups) {
        if (out.size() > 1) out += ',';
        append_json_string(out, group);
        out += ':';
        out += text;
    }
    out += '}';
    return out;
}

struct SearchService::Card {
    std::vector<std::pair<std::string, std::string>> members;  // key, value as JSON text; sorted
    bool online_only = false;
    std::vector<std::string> areas;
};

std::shared_ptr<const SearchService::Card> SearchService::card(std::uint64_t revision,
                                                               const Hit& hit) {
    {
        std::lock_guard lock(cards_mutex_);
        if (revision > cards_revision_) {
            cards_.clear();
            cards_revision_ = revision;
        }
        if (revision == cards_revision_)
            if (const auto it = cards_.find(hit.docid); it != cards_.end()) return it->second;
    }
    auto made = std::make_shared<Card>();
    const auto data = json::parse(*hit.data);
    for (auto it = data.begin(); it != data.end(); ++it)
        made->members.emplace_back(it.key(), it.value().dump());
    made->online_only = data.value("online_only", false);
    if (const auto a = data.find("areas"); a != data.end() && a->is_array())
        for (const auto& name : *a)
            if (name.is_string()) made->areas.push_back(name.get<std::string>());
    std::lock_guard lock(cards_mutex_);
    if (revision == cards_revision_) {
        if (cards_.size() >= 50000) cards_.clear();  // a bound: the frequent ones come back
        cards_.emplace(hit.docid, made);
    }
    return made;
}

// The results array: each card's members with the search's own (relevance, distance, place
// label) merged in, in key order, exactly as nlohmann would write the merged object.
std::string SearchService::results_text(const IndexResult& result) {
    std::string out = "[";
    std::vector<std::pair<std::string, std::string>> extra;
    for (const auto& hit : result.hits) {
        const auto c = card(result.revision, hit);
        extra.clear();
        extra.emplace_back("relevance", json(std::round(hit.relevance * 1000) / 1000).dump());
        extra.emplace_back("distance_miles", "null");
        std::string place_label;
        if (hit.placement) {
            const auto& pl = *hit.placement;
            if (pl.venue_miles) {
                extra.back().second = json(std::round(*pl.venue_miles * 10) / 10).dump();
                extra.emplace_back("distance_text", json(miles_text(*pl.venue_miles)).dump());
            }
            if (pl.reaches_you && c->online_only)
                place_label = "Online or by phone";
            else if (!pl.covering_area.empty())
                place_label = "Covers all of " + pl.covering_area;
            else if (!pl.venue_miles && !c->areas.empty())
                place_label = "Covers " + join_and(c->areas) + " (not where you searched)";
            extra.emplace_back("reaches_you", pl.reaches_you ? "true" : "false");
            extra.emplace_back("in_area", pl.first_tier ? "true" : "false");
        }
        extra.emplace_back("place_label", json(place_label).dump());
        std::sort(extra.begin(), extra.end());
        if (out.size() > 1) out += ',';
        out += '{';
        bool first = true;
        const auto member = [&](const std::pair<std::string, std::string>& m) {
            if (!first) out += ',';
            first = false;
            out += '"';
            out += m.first;  // keys are plain ASCII names
            out += "\":";
            out += m.second;
        };
        auto e = extra.begin();
        for (const auto& m : c->members) {
            for (; e != extra.end() && e->first < m.first; ++e) member(*e);
            if (e != extra.end() && e->first == m.first) continue;  // the search's own wins
            member(m);
        }
        for (; e != extra.end(); ++e) member(*e);
        out += '}';
    }
    out += ']';
    return out;
}

}  // namespace lo::search
