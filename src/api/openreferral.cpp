// The Open Referral UK 3.0 endpoints. Parameters are parsed strictly (a typo is a 400 that says
// what is allowed, not silently ignored), filters combine with AND, and the JSON comes from
// interchange::OrukWriter, the same mapping the exporters use.
#include "api/openreferral.hpp"

#include "domain/echo.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "domain/validation.hpp"
#include "http/concurrency_limit.hpp"
#include "interchange/oruk_writer.hpp"
#include "search/engine.hpp"

namespace lo::api::openreferral {
namespace {

using interchange::Detail;
using interchange::Json;

// A query parameter was malformed or out of range: answered with 400 naming the parameter.
struct ParameterError {
    std::string parameter;
    std::string message;
};

// An id in the path names nothing we hold.
struct NotFound {
    std::string message;
};

std::string echoed(const std::string& value) {
    // Echo at most 64 characters of what the caller sent, never half a character.
    return "\"" + domain::echo_text(value, 64) + "\"";
}

http::Response json_response(const Json& body, int status = 200) {
    auto res = http::Response::json(body.dump(), status);
    add_cors(res);
    return res;
}

http::Response error_response(int status,
                              const std::string& code,
                              const std::string& message,
                              const std::string& parameter = {}) {
    Json error;
    error["code"] = code;
    if (!parameter.empty()) error["parameter"] = parameter;
    error["message"] = message;
    auto res = json_response(Json{{"error", error}}, status);
    res.set_header("Cache-Control", "no-store");
    return res;
}

// Runs a handler body, turning parameter and lookup failures into JSON errors with CORS.
http::Response respond(const std::function<http::Response()>& body) {
    try {
        return body();
    } catch (const ParameterError& e) {
        return error_response(400, "bad_request", e.message, e.parameter);
    } catch (const NotFound& e) {
        return error_response(404, "not_found", e.message);
    }
}

class Params {
public:
    explicit Params(const http::Request& req) : req_(req) {}

    std::optional<std::string> raw(const char* name) const { return req_.query_value(name); }

    int integer(
        const char* name, int fallback, int min, int max, const std::string& allowed) const {
        const auto v = raw(name);
        if (!v) return fallback;
        long long n = 0;
        bool ok = !v->empty() && v->size() <= 9;
        for (char c : *v)
            if (c < '0' || c > '9') ok = false;
        if (ok) n = std::stoll(*v);
        if (!ok || n < min || n > max)
            throw ParameterError{name, std::string("The ") + name + " parameter must be " +
                                           allowed + ". You sent " + echoed(*v) + "."};
        return static_cast<int>(n);
    }
    std::optional<int> optional_integer(const char* name,
                                        int min,
                                        int max,
                                        const std::string& allowed) const {
        if (!raw(name)) return std::nullopt;
        return integer(name, 0, min, max, allowed);
    }
    bool boolean(const char* name) const {
        const auto v = raw(name);
        if (!v) return false;
        if (*v == "true" || *v == "1") return true;
        if (*v == "false" || *v == "0") return false;
        throw ParameterError{name, std::string("The ") + name +
                                       " parameter must be true or false. You sent " + echoed(*v) +
                                       "."};
    }
    std::string uuid(const char* name) const {
        const auto v = raw(name);
        if (!v) return {};
        if (!domain::is_uuid(*v))
            throw ParameterError{name, std::string("The ") + name +
                                           " parameter must be a UUID, like "
                                           "3f2504e0-4f89-41d3-9a0c-0305e82c3301. You sent " +
                                           echoed(*v) + "."};
        return *v;
    }
    std::string date_time(const char* name) const {
        auto v = raw(name);
        if (!v) return {};
        std::string s = *v;
        // An unescaped "+01:00" arrives as " 01:00" because "+" means space in a query string.
        if (s.size() == 25 && s[19] == ' ') s[19] = '+';
        if (s.size() == 10 && domain::parse_date(s)) s += "T00:00:00Z";
        if (!domain::is_rfc3339(s))
            throw ParameterError{name, std::string("The ") + name +
                                           " parameter must be an RFC 3339 date-time, like "
                                           "2025-01-31T09:30:00Z (or a date, like 2025-01-31). "
                                           "You sent " +
                                           echoed(*v) + "."};
        return s;
    }
    std::string text(const char* name) const { return raw(name).value_or(""); }
    // The search words, from search or from text, the name ORUK 1.0 clients still send (without
    // this, ?text=autism would silently list every service).
    std::string search() const {
        const auto search = raw("search"), text = raw("text");
        if (search && text && *search != *text)
            throw ParameterError{"text",
                                 "Send the search words as search or as text (its older name), "
                                 "not both. You sent search=" +
                                     echoed(*search) + " and text=" + echoed(*text) + "."};
        return search ? *search : text.value_or("");
    }
    // Parameters of older ORUK versions that this feed cannot honour. Ignoring one would answer
    // with every service as if it had been applied, so it is refused with a reason instead.
    void refuse_unsupported() const {
        for (const char* name : {"day", "start_time", "end_time", "coverage", "vocabulary",
                                 "taxonomy_type", "taxonomy_name"})
            if (raw(name))
                throw ParameterError{name, std::string("The ") + name +
                                               " parameter, from an older Open Referral UK "
                                               "version, is not supported by this feed, so it "
                                               "cannot filter the results. Remove it; /developers "
                                               "lists the parameters this feed understands."};
    }

private:
    const http::Request& req_;
};

struct Paging {
    int page = 1;
    int per_page = kDefaultPerPage;
    bool ndjson = false;
};

Paging paging(const Params& p) {
    Paging out;
    out.page = p.integer("page", 1, 1, 1000000000, "a whole number of 1 or more, like page=1");
    out.per_page = p.integer("per_page", kDefaultPerPage, 1, kMaxPerPage,
                             "a whole number from 1 to " + std::to_string(kMaxPerPage));
    const auto format = p.raw("format");
    if (format && *format != "json" && *format != "ndjson")
        throw ParameterError{"format", "The format parameter must be json or ndjson. You sent " +
                                           echoed(*format) + "."};
    out.ndjson = format && *format == "ndjson";
    return out;
}

storage::Page page_of(const Paging& p) {
    return {.limit = p.per_page, .offset = (p.page - 1) * p.per_page};
}

// The ORUK page envelope. Numbers are consistent: size is the length of contents, total_pages is
// ceil(total_items / per_page), and a page past the end is empty rather than an error.
Json envelope(std::int64_t total, const Paging& p, Json contents) {
    const std::int64_t pages = (total + p.per_page - 1) / p.per_page;
    Json j;
    j["total_items"] = total;
    j["total_pages"] = pages;
    j["page_number"] = p.page;
    j["size"] = contents.size();
    j["first_page"] = p.page == 1;
    j["last_page"] = p.page >= pages;
    j["empty"] = total == 0;
    j["contents"] = std::move(contents);
    return j;
}

// Items listed for one page; copies of it outlive the handler (a streamed export calls it page
// by page), so it must own or share everything it uses.
using Lister = std::function<std::vector<Json>(storage::Page)>;

// How many records a streamed export reads and writes at a time: big enough that paging costs
// little, small enough that 16 exports at once hold a few MB.
constexpr int kExportPage = 100;
constexpr int kExportRetryAfterSeconds = 30;

// format=ndjson: every item, one JSON document a line, streamed page by page so memory stays
// bounded however large the directory is. Only so many run at once (the export_limit setting);
// the rest are told to come back. Records changed during a long export appear as they are when
// their page is read.
http::Response ndjson_response(web::Context& ctx, Lister list) {
    auto slot = ctx.export_slots ? ctx.export_slots->try_acquire() : std::make_shared<int>(0);
    if (!slot) {
        auto res = error_response(503, "busy",
                                  "Too many full exports are running at once. Try again in " +
                                      std::to_string(kExportRetryAfterSeconds) +
                                      " seconds, or ask for pages (format=json) instead.");
        res.set_header("Retry-After", std::to_string(kExportRetryAfterSeconds));
        return res;
    }
    auto offset = std::make_shared<int>(0);
    auto res = http::Response::streamed(
        "application/x-ndjson", [list = std::move(list), slot, offset](std::string& piece) {
            const auto items = list({.limit = kExportPage, .offset = *offset});
            if (items.empty()) return false;
            *offset += static_cast<int>(items.size());
            for (const auto& item : items) {
                piece += item.dump();
                piece += '\n';
            }
            return true;
        });
    add_cors(res);
    return res;
}

// Either the page envelope, or every item as ndjson (streamed).
http::Response list_response(web::Context& ctx, const Paging& p, std::int64_t total, Lister list) {
    if (p.ndjson) return ndjson_response(ctx, std::move(list));
    Json contents = Json::array();
    for (auto& item : list(page_of(p))) contents.push_back(std::move(item));
    return json_response(envelope(total, p, std::move(contents)));
}

// In-memory paging for the small collections (taxonomies, terms, organisations).
template <typename T>
std::vector<T> slice(const std::vector<T>& all, storage::Page page) {
    std::vector<T> out;
    for (std::size_t i = static_cast<std::size_t>(page.offset);
         i < all.size() && out.size() < static_cast<std::size_t>(page.limit); ++i)
        out.push_back(all[i]);
    return out;
}

std::string lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// Every whitespace-separated word of the search appears in one of the texts (ASCII case-folded).
bool matches_search(const std::string& search, std::initializer_list<const std::string*> texts) {
    std::string haystack;
    for (const auto* t : texts) haystack += lower(*t) + " ";
    std::size_t i = 0;
    const std::string needle = lower(search);
    while (i < needle.size()) {
        while (i < needle.size() && std::isspace(static_cast<unsigned char>(needle[i]))) ++i;
        std::size_t j = i;
        while (j < needle.size() && !std::isspace(static_cast<unsigned char>(needle[j]))) ++j;
        if (j > i && haystack.find(needle.substr(i, j - i)) == std::string::npos) return false;
        i = j;
    }
    return true;
}

double distance_metres(double lat1, double lon1, double lat2, double lon2) {
    constexpr double kRadius = 6371000.0, kPi = 3.14159265358979323846;
    const auto rad = [](double d) { return d * kPi / 180.0; };
    const double dlat = rad(lat2 - lat1), dlon = rad(lon2 - lon1);
    const double a =
        std::sin(dlat / 2) * std::sin(dlat / 2) +
        std::cos(rad(lat1)) * std::cos(rad(lat2)) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * kRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

// postcode (+ proximity): the locations that count as covering it. Without proximity, the places
// in the same postcode district; with it, the places within that many metres of the postcode's
// centre: the gazetteer's point for the postcode (or its district), or, for a postcode the
// gazetteer does not hold, the mean of our own places in that postcode (or district).
void apply_postcode(web::Context& ctx, const Params& p, storage::ServiceQuery& q) {
    const auto postcode = p.raw("postcode");
    const auto proximity = p.optional_integer(
        "proximity", 1, kMaxProximityMetres,
        "a whole number of metres from 1 to " + std::to_string(kMaxProximityMetres));
    if (!postcode) {
        if (proximity)
            throw ParameterError{"proximity",
                                 "The proximity parameter needs a postcode as well, like "
                                 "postcode=OX1 1AA&proximity=5000."};
        return;
    }
    const auto full = domain::normalise_postcode(*postcode);
    const auto outcode = full ? domain::normalise_outcode(full->substr(0, full->find(' ')))
                              : domain::normalise_outcode(*postcode);
    if (!outcode)
        throw ParameterError{"postcode",
                             "The postcode parameter must be a UK postcode or postcode district, "
                             "like OX1 1AA or OX1. You sent " +
                                 echoed(*postcode) + "."};
    // Stored postcodes are normalised ("OX3 9DU"), so the district is what comes before the space.
    const auto locations = ctx.store.locations().points();
    const auto district_of = [](const std::string& pc) {
        return std::string_view(pc).substr(0, pc.find(' '));
    };
    q.restrict_to_locations = true;
    if (!proximity) {
        for (const auto& l : locations)
            if (!l.postcode.empty() && district_of(l.postcode) == *outcode)
                q.location_ids.push_back(l.id);
        return;
    }
    double lat = 0, lon = 0;
    int n = 0;
    if (ctx.search) {
        auto& gazetteer = ctx.search->tables();
        auto point = full ? gazetteer.find_postcode(*full) : std::nullopt;
        if (!point) point = gazetteer.find_outcode(*outcode);
        if (point) lat = point->latitude, lon = point->longitude, n = 1;
    }
    for (int pass = 0; pass < 2 && n == 0; ++pass)
        for (const auto& l : locations) {
            if (!l.latitude || !l.longitude || l.postcode.empty()) continue;
            const bool same =
                pass == 0 ? (full && l.postcode == *full) : district_of(l.postcode) == *outcode;
            if (same) lat += *l.latitude, lon += *l.longitude, ++n;
        }
    if (n == 0) return;  // we do not know where it is: nothing is near it
    lat /= n, lon /= n;
    for (const auto& l : locations)
        if (l.latitude && l.longitude &&
            distance_metres(lat, lon, *l.latitude, *l.longitude) <= *proximity)
            q.location_ids.push_back(l.id);
}

storage::ServiceQuery service_query(web::Context& ctx, const Params& p, bool postcode_allowed) {
    storage::ServiceQuery q;
    p.refuse_unsupported();
    q.search = p.search();
    q.term_id = p.uuid("taxonomy_term_id");
    q.taxonomy_id = p.uuid("taxonomy_id");
    q.organisation_id = p.uuid("organization_id");
    q.modified_after = p.date_time("modified_after");
    const std::string ages = "a whole number of years from 0 to 120";
    q.minimum_age = p.optional_integer("minimum_age", 0, 120, ages);
    q.maximum_age = p.optional_integer("maximum_age", 0, 120, ages);
    q.age = p.optional_integer("age", 0, 120, ages);
    if (postcode_allowed) apply_postcode(ctx, p, q);
    return q;
}

std::string path_id(const http::Request& req, const char* what, const char* list_path) {
    const auto id = req.param("id");
    if (!domain::is_uuid(id))
        throw NotFound{std::string("There is no ") + what + " with the id " + echoed(id) +
                       ": ids are UUIDs, like 3f2504e0-4f89-41d3-9a0c-0305e82c3301. See " +
                       list_path + " for the list."};
    return id;
}

NotFound not_found(const char* what, const std::string& id, const char* list_path) {
    return NotFound{std::string("There is no ") + what + " with the id " + id +
                    ". It may have been removed. See " + list_path + " for the list."};
}

}  // namespace

void add_cors(http::Response& response) {
    response.set_header("Access-Control-Allow-Origin", "*");
}

http::Response index(web::Context& ctx, const http::Request&) {
    auto details = interchange::api_details();
    // Where a person reads how to use the feed (public/developers.cpp).
    details["documentation_url"] = ctx.site.base() + "/developers";
    return json_response(details);
}

http::Response preflight(web::Context&, const http::Request&) {
    http::Response res;
    res.status = 204;
    add_cors(res);
    res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
    res.set_header("Access-Control-Allow-Headers", "Accept, Content-Type");
    res.set_header("Access-Control-Max-Age", "86400");
    return res;
}

http::Response services_index(web::Context& ctx, const http::Request& req) {
    return respond([&] {
        const Params p(req);
        const auto paging_ = paging(p);
        const auto q = service_query(ctx, p, true);
        const bool minimal = p.boolean("minimal"), full = p.boolean("full");
        const Detail detail = minimal ? Detail::Minimal : full ? Detail::Full : Detail::Summary;
        auto writer = std::make_shared<interchange::OrukWriter>(ctx.store);
        const auto total = paging_.ndjson ? 0 : ctx.store.services().query_count(q);
        return list_response(ctx, paging_, total, [&ctx, writer, q, detail](storage::Page page) {
            writer->forget_records();
            std::vector<Json> items;
            const auto ids = ctx.store.services().query_ids(q, page);
            writer->load_services(ids);
            for (const auto& id : ids)
                if (const auto* s = writer->find_service(id))
                    items.push_back(writer->service(*s, detail));
            return items;
        });
    });
}

http::Response services_show(web::Context& ctx, const http::Request& req) {
    return respond([&] {
        const auto id = path_id(req, "service", "/openreferral/services");
        interchange::OrukWriter writer(ctx.store);
        const auto* s = writer.find_service(id);
        if (!s) throw not_found("service", id, "/openreferral/services");
        return json_response(writer.service(*s, Detail::Full));
    });
}

http::Response taxonomies_index(web::Context& ctx, const http::Request& req) {
    return respond([&] {
        const Params p(req);
        const auto paging_ = paging(p);
        const auto search = p.search();
        std::vector<domain::Taxonomy> all;
        for (auto& t : ctx.store.taxonomies().taxonomies())
            if (matches_search(search, {&t.name, &t.description})) all.push_back(std::move(t));
        auto writer = std::make_shared<interchange::OrukWriter>(ctx.store);
        const auto total = static_cast<std::int64_t>(all.size());
        return list_response(ctx, paging_, total,
                             [writer, all = std::move(all)](storage::Page page) {
                                 std::vector<Json> items;
                                 for (const auto& t : slice(all, page))
                                     items.push_back(writer->taxonomy(t, false));
                                 return items;
                             });
    });
}

http::Response taxonomies_show(web::Context& ctx, const http::Request& req) {
    return respond([&] {
        const auto id = path_id(req, "taxonomy", "/openreferral/taxonomies");
        const auto t = ctx.store.taxonomies().find_taxonomy(id);
        if (!t) throw not_found("taxonomy", id, "/openreferral/taxonomies");
        interchange::OrukWriter writer(ctx.store);
        return json_response(writer.taxonomy(*t, true));
    });
}

http::Response taxonomy_terms_index(web::Context& ctx, const http::Request& req) {
    return respond([&] {
        const Params p(req);
        const auto paging_ = paging(p);
        const auto search = p.search();
        const auto taxonomy_id = p.uuid("taxonomy_id");
        const auto parent_id = p.uuid("parent_id");
        const bool top_only = p.boolean("top_only");
        std::vector<domain::TaxonomyTerm> all;
        for (const auto& t : ctx.store.taxonomies().taxonomies()) {
            if (!taxonomy_id.empty() && t.id != taxonomy_id) continue;
            for (auto& term : ctx.store.taxonomies().terms(t.id)) {
                if (top_only && !term.parent_id.empty()) continue;
                if (!parent_id.empty() && term.parent_id != parent_id) continue;
                if (!matches_search(search, {&term.name, &term.description})) continue;
                all.push_back(std::move(term));
            }
        }
        auto writer = std::make_shared<interchange::OrukWriter>(ctx.store);
        const auto total = static_cast<std::int64_t>(all.size());
        return list_response(ctx, paging_, total,
                             [writer, all = std::move(all)](storage::Page page) {
                                 std::vector<Json> items;
                                 for (const auto& t : slice(all, page))
                                     items.push_back(writer->taxonomy_term(t));
                                 return items;
                             });
    });
}

http::Response taxonomy_terms_show(web::Context& ctx, const http::Request& req) {
    return respond([&] {
        const auto id = path_id(req, "taxonomy term", "/openreferral/taxonomy_terms");
        const auto term = ctx.store.taxonomies().find_term(id);
        if (!term) throw not_found("taxonomy term", id, "/openreferral/taxonomy_terms");
        interchange::OrukWriter writer(ctx.store);
        return json_response(writer.taxonomy_term(*term));
    });
}

http::Response organizations_index(web::Context& ctx, const http::Request& req) {
    return respond([&] {
        const Params p(req);
        const auto paging_ = paging(p);
        const auto search = p.search();
        const bool full_service = p.boolean("full_service"), full = p.boolean("full");
        std::vector<domain::Organisation> all;
        for (auto& o : ctx.store.organisations().list({.limit = 1000000000, .offset = 0}))
            if (matches_search(search, {&o.name, &o.description})) all.push_back(std::move(o));
        auto writer = std::make_shared<interchange::OrukWriter>(ctx.store);
        const auto total = static_cast<std::int64_t>(all.size());
        return list_response(
            ctx, paging_, total,
            [writer, all = std::move(all), full_service, full](storage::Page page) {
                writer->forget_records();
                std::vector<Json> items;
                for (const auto& o : slice(all, page)) {
                    if (full_service)
                        items.push_back(writer->organization_with_services(o, Detail::Full));
                    else if (full)
                        items.push_back(writer->organization_with_services(o, Detail::Summary));
                    else
                        items.push_back(writer->organization(o));
                }
                return items;
            });
    });
}

http::Response organizations_show(web::Context& ctx, const http::Request& req) {
    return respond([&] {
        const Params p(req);
        const bool full_service = p.boolean("full_service");
        const auto id = path_id(req, "organization", "/openreferral/organizations");
        const auto o = ctx.store.organisations().find(id);
        if (!o) throw not_found("organization", id, "/openreferral/organizations");
        interchange::OrukWriter writer(ctx.store);
        return json_response(
            writer.organization_with_services(*o, full_service ? Detail::Full : Detail::Summary));
    });
}

http::Response service_at_locations_index(web::Context& ctx, const http::Request& req) {
    return respond([&] {
        const Params p(req);
        const auto paging_ = paging(p);
        const auto q = service_query(ctx, p, true);
        const bool full = p.boolean("full");
        auto writer = std::make_shared<interchange::OrukWriter>(ctx.store);
        const auto total =
            paging_.ndjson ? 0 : ctx.store.services().query_service_at_locations_count(q);
        return list_response(ctx, paging_, total, [&ctx, writer, q, full](storage::Page page) {
            writer->forget_records();
            std::vector<Json> items;
            const auto rows = ctx.store.services().query_service_at_locations(q, page);
            std::vector<std::string> ids;
            for (const auto& row : rows) ids.push_back(row.service_id);
            writer->load_services(ids);
            for (const auto& row : rows)
                items.push_back(
                    writer->service_at_location(row, full ? Detail::Full : Detail::Summary));
            return items;
        });
    });
}

http::Response service_at_locations_show(web::Context& ctx, const http::Request& req) {
    return respond([&] {
        const auto id = path_id(req, "service at location", "/openreferral/service_at_locations");
        const auto row = ctx.store.services().find_service_at_location(id);
        if (!row) throw not_found("service at location", id, "/openreferral/service_at_locations");
        interchange::OrukWriter writer(ctx.store);
        return json_response(writer.service_at_location(*row, Detail::Full));
    });
}

}  // namespace lo::api::openreferral
