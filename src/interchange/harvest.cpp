// Harvest another directory's Open Referral UK 3.0 feed through the importer (harvest.hpp).
#include "interchange/harvest.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "domain/ids.hpp"
#include "interchange/import.hpp"
#include "interchange/repair.hpp"

namespace lo::interchange {
namespace {

using nlohmann::json;

// The feed could not be read; nothing has been written. One message for the person.
class HarvestFailed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string counts(const ImportReport& r) {
    return std::to_string(r.services) + " services, " + std::to_string(r.organisations) +
           " organisations, " + std::to_string(r.locations) + " locations, " +
           std::to_string(r.taxonomies) + " taxonomies, " + std::to_string(r.terms) +
           " taxonomy terms";
}

// "https://Example.org:8443/openreferral/" -> "example.org:8443"
std::string host_of(const std::string& url) {
    auto rest = url.substr(url.find("://") + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    std::transform(rest.begin(), rest.end(), rest.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return rest;
}

std::string feed_base(std::string url) {
    const auto scheme_end = url.find("://");
    const auto scheme = scheme_end == std::string::npos ? std::string() : url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https")
        throw HarvestFailed("\"" + url +
                            "\" is not a feed address I can harvest: it must start with http:// "
                            "or https://, like https://example.org/openreferral.");
    if (url.find_first_of("?#") != std::string::npos)
        throw HarvestFailed(
            "Give the feed's base address without a query, like "
            "https://example.org/openreferral (the part before /services).");
    while (url.ends_with("/")) url.pop_back();
    if (url.ends_with("/services")) url.erase(url.size() - 9);
    if (url.size() <= scheme_end + 3)
        throw HarvestFailed("\"" + url +
                            "\" has no host name. Give the feed's address, like "
                            "https://example.org/openreferral.");
    return url;
}

class Feed {
public:
    Feed(std::string base, const Fetch& fetch) : base_(std::move(base)), fetch_(fetch) {}

    const std::string& base() const { return base_; }
    int requests() const { return requests_; }

    // GETs base + path and parses it. optional: a 404 (or 501) means the feed does not offer it.
    std::optional<json> get(const std::string& path, bool optional = false) {
        const auto url = base_ + path;
        Fetched f;
        try {
            ++requests_;
            f = fetch_(url);
        } catch (const std::exception& e) {
            throw HarvestFailed(e.what());
        }
        if (optional && (f.status == 404 || f.status == 501)) return std::nullopt;
        if (f.status != 200) {
            std::string hint =
                f.status == 404
                    ? " Check the address is the feed's base, the part before /services."
                : f.status >= 500
                    ? " The feed's server has a problem: try again later, or tell its publisher."
                : f.status == 401 || f.status == 403
                    ? " The feed must be public: ORUK feeds need no key or password."
                    : "";
            throw HarvestFailed("The feed answered " + std::to_string(f.status) + " for " + url +
                                "." + hint);
        }
        try {
            return json::parse(f.body);
        } catch (const json::parse_error& e) {
            throw HarvestFailed("The feed's answer for " + url + " is not valid JSON (at byte " +
                                std::to_string(e.byte) +
                                "). It may be broken, or the address may not be an Open Referral "
                                "UK feed.");
        }
    }

    // Every item of a list endpoint, page by page. Returns nullopt when the feed has no such
    // endpoint and optional is set.
    std::optional<std::vector<json>> list(const std::string& endpoint,
                                          int per_page,
                                          bool optional) {
        std::vector<json> items;
        std::set<std::string> seen;
        for (int page = 1; page <= 100000; ++page) {
            const auto path = "/" + endpoint + "?page=" + std::to_string(page) +
                              "&per_page=" + std::to_string(per_page) +
                              (endpoint == "services" ? "&full=true" : "");
            auto doc = get(path, optional && page == 1);
            if (!doc) return std::nullopt;
            if (!doc->is_object() || !doc->contains("contents") || !(*doc)["contents"].is_array())
                throw HarvestFailed("The feed's answer for " + base_ + path +
                                    " is not an Open Referral UK list page: it has no \"contents\" "
                                    "list. Check the address is the feed's base.");
            auto& contents = (*doc)["contents"];
            bool added = false;
            for (auto& item : contents) {
                // Pages can overlap when the feed changes while it is read: keep the first copy.
                if (item.is_object() && item.contains("id") && item["id"].is_string() &&
                    !seen.insert(item["id"].get<std::string>()).second)
                    continue;
                items.push_back(std::move(item));
                added = true;
            }
            if (!added) break;  // an empty page, or a feed that ignores page=
            const auto total = doc->value("total_pages", json());
            if (total.is_number_integer() && page >= total.get<int>()) break;
        }
        return items;
    }

private:
    std::string base_;
    const Fetch& fetch_;
    int requests_ = 0;
};

// A service list item that carries none of the nested lists was not sent in full.
bool is_full_service(const json& item) {
    for (const char* k : {"service_at_locations", "attributes", "contacts", "schedules",
                          "languages", "cost_options", "service_areas"})
        if (item.contains(k)) return true;
    return false;
}

}  // namespace

int run_harvest(storage::Store& store,
                const HarvestArgs& args,
                const Fetch& fetch,
                std::ostream& out,
                std::ostream& err) {
    std::string base, name;
    Batch batch;
    std::size_t feed_services = 0;
    try {
        base = feed_base(args.url);
        name = args.source_name.empty() ? host_of(base) : args.source_name;
        Feed feed(base, fetch);
        auto services = *feed.list("services", args.per_page, false);
        if (services.empty())
            throw HarvestFailed("The feed at " + base +
                                " lists no services, so nothing was harvested and nothing was "
                                "archived. Check the address, or try again later.");
        feed_services = services.size();
        for (auto& s : services)
            if (s.is_object() && !is_full_service(s) && s.contains("id") && s["id"].is_string() &&
                domain::is_uuid(s["id"].get<std::string>()))
                if (auto full = feed.get("/services/" + s["id"].get<std::string>()))
                    s = std::move(*full);
        // The taxonomies (an optional endpoint), each with its terms so every parent is known.
        auto taxonomies = feed.list("taxonomies", args.per_page, true);
        if (taxonomies)
            for (auto& t : *taxonomies)
                if (t.is_object() && !t.contains("taxonomy_terms") && t.contains("id") &&
                    t["id"].is_string() && domain::is_uuid(t["id"].get<std::string>()))
                    if (auto full = feed.get("/taxonomies/" + t["id"].get<std::string>(), true))
                        t = std::move(*full);
        int n = 0;
        if (taxonomies)
            for (const auto& t : *taxonomies)
                read_oruk_record(t, "taxonomies: record " + std::to_string(++n), "taxonomies",
                                 batch);
        n = 0;
        for (const auto& s : services)
            read_oruk_record(s, "services: record " + std::to_string(++n), "services", batch);
    } catch (const HarvestFailed& e) {
        err << "localoffer: " << e.what() << " Nothing was changed." << std::endl;
        return 1;
    }

    const auto source = std::string(kHarvestSourcePrefix) + name;
    // Records we already hold from elsewhere stay as they are: ours win.
    std::vector<std::string> kept;
    std::erase_if(batch.services, [&](const domain::Service& s) {
        const auto existing = store.services().find(s.id);
        if (!existing || existing->source == source) return false;
        kept.push_back(s.id);
        return true;
    });
    std::erase_if(batch.organisations, [&](const domain::Organisation& o) {
        const auto existing = store.organisations().find(o.id);
        return existing && existing->source != source;
    });
    std::erase_if(batch.locations, [&](const domain::Location& l) {
        const auto existing = store.locations().find(l.id);
        return existing && existing->source != source;
    });
    std::erase_if(batch.taxonomies, [&](const domain::Taxonomy& t) {
        return store.taxonomies().find_taxonomy(t.id).has_value();
    });
    std::erase_if(batch.terms, [&](const domain::TaxonomyTerm& t) {
        return store.taxonomies().find_term(t.id).has_value();
    });

    ImportOptions options;
    options.source = source;
    options.dry_run = args.dry_run;
    ImportReport report;
    try {
        report = apply(store, batch, options);
    } catch (const std::exception& e) {
        err << "localoffer: the harvest of " << base
            << " failed while writing, so nothing was written: " << e.what() << std::endl;
        return 1;
    }
    for (const auto& note : report.notes) out << "  note: " << note << "\n";
    for (const auto& warning : report.warnings) out << "  warning: " << warning << "\n";
    if (const auto n = report.problems.size()) {
        err << "localoffer: the feed at " << base << " has " << plural(n, "problem", "problems")
            << ", so nothing was written:\n";
        for (const auto& p : report.problems) err << "  " << p << "\n";
        err << "Ask the feed's publisher to fix " << (n == 1 ? "it" : "them")
            << ", then harvest again." << std::endl;
        return 1;
    }

    // Services harvested from this source before that the feed no longer lists: archived.
    std::set<std::string> listed;
    for (const auto& s : batch.services) listed.insert(s.id);
    std::vector<std::string> gone;
    for (const auto& id : store.services().ids_with_source(source))
        if (!listed.count(id))
            if (const auto s = store.services().find(id);
                s && s->status != domain::ServiceStatus::Defunct)
                gone.push_back(id);
    if (!args.dry_run && !gone.empty())
        store.transaction([&](storage::Store& tx) {
            for (const auto& id : gone) tx.services().archive(id);
        });

    if (!kept.empty())
        out << "  note: " << plural(kept.size(), "service", "services") << " in the feed "
            << (kept.size() == 1 ? "is" : "are")
            << " already in this directory from another source, so ours "
            << (kept.size() == 1 ? "was" : "were") << " kept (first: " << kept.front() << ")\n";
    const auto archived_text = gone.empty() ? std::string()
                               : args.dry_run
                                   ? "; " + plural(gone.size(), "service", "services") +
                                         " no longer in the feed would be archived"
                                   : "; " + plural(gone.size(), "service", "services") +
                                         " no longer in the feed " +
                                         (gone.size() == 1 ? "was" : "were") + " archived";
    const auto summary = change_summary(report, args.dry_run);
    if (args.dry_run) {
        out << "Dry run: " << base << " (as " << name << ") would give " << counts(report)
            << archived_text << ". Nothing was written." << std::endl;
        if (!summary.empty()) out << summary << std::endl;
        return 0;
    }
    const bool changed = report.changed || !gone.empty();
    if (changed) {
        out << "Harvested " << base << " as " << name << ": " << counts(report) << archived_text
            << "." << std::endl;
    } else {
        out << "Already up to date: " << base << " (as " << name << ") holds " << counts(report)
            << ", and nothing changed." << std::endl;
    }
    if (!summary.empty()) out << summary << std::endl;
    domain::AuditEntry entry;
    entry.actor_email = "command line";
    entry.action = "harvest";
    entry.subject = base;
    entry.detail = "as " + name + ": " + std::to_string(feed_services) + " services in the feed; " +
                   (changed ? counts(report) + archived_text : std::string("nothing changed")) +
                   (changed && !summary.empty() ? ". " + summary : std::string());
    store.audit().record(entry);
    return 0;
}

}  // namespace lo::interchange
