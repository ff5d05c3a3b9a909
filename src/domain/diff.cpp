// Field-level diff and three-way merge of services (diff.hpp). One table lists every field the
// people editing a service can change, how to say it in words, and how to copy it.
#include "domain/diff.hpp"

#include <algorithm>
#include <cstdio>

namespace lo::domain {
namespace {

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& p : parts) {
        if (p.empty()) continue;
        if (!out.empty()) out += separator;
        out += p;
    }
    return out;
}

std::string name_or_id(const std::function<std::string(const std::string&)>& lookup,
                       const std::string& id) {
    if (lookup) {
        auto n = lookup(id);
        if (!n.empty()) return n;
    }
    return id;
}

std::string money(double pounds) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "£%.2f", pounds);
    return buffer;
}

std::string age(const std::optional<int>& v) {
    return v ? std::to_string(*v) : std::string();
}

std::string contact_text(const Contact& c) {
    std::vector<std::string> parts{c.name, c.title};
    for (const auto& p : c.phones)
        parts.push_back(p.description.empty() ? p.number : p.number + " (" + p.description + ")");
    for (const auto& e : c.emails) parts.push_back(e);
    return join(parts, ", ");
}

std::string schedule_text(const RegularSchedule& r) {
    std::vector<std::string> days;
    for (auto d : r.days) days.emplace_back(label(d));
    std::string times;
    if (!r.opens_at.empty() || !r.closes_at.empty()) times = r.opens_at + " to " + r.closes_at;
    return join({join(days, ", "), times, r.description}, " – ");
}

std::string cost_text(const CostOption& c) {
    return join({c.option, c.amount ? money(*c.amount) : std::string(), c.amount_description},
                " – ");
}

// One field of the form: its items as text (one for a plain field, one per entry for a list
// compared item by item) and how to copy it from one record to another.
struct Field {
    const char* key;
    const char* label;
    const char* item_label;  // "Contact" for lists compared item by item; nullptr otherwise
    std::vector<std::string> (*items)(const Service&, const DiffNames&);
    void (*copy)(Service& to, const Service& from);
};

#define LO_ONE(...)                                                        \
    [](const Service& s, const DiffNames& n) -> std::vector<std::string> { \
        (void)n;                                                           \
        return {__VA_ARGS__};                                              \
    }
#define LO_COPY(member) [](Service& to, const Service& from) { to.member = from.member; }

const Field kFields[] = {
    {"name", "Service name", nullptr, LO_ONE(s.name), LO_COPY(name)},
    {"organisation_id", "Organisation", nullptr,
     LO_ONE(name_or_id(n.organisation, s.organisation_id)), LO_COPY(organisation_id)},
    {"summary", "Summary", nullptr, LO_ONE(s.summary), LO_COPY(summary)},
    {"description", "Description", nullptr, LO_ONE(s.description), LO_COPY(description)},
    {"status", "Status", nullptr, LO_ONE(std::string(label(s.status))), LO_COPY(status)},
    {"url", "Website", nullptr, LO_ONE(s.url), LO_COPY(url)},
    {"email", "E-mail address", nullptr, LO_ONE(s.email), LO_COPY(email)},
    {"min_age", "Minimum age", nullptr, LO_ONE(age(s.min_age)), LO_COPY(min_age)},
    {"max_age", "Maximum age", nullptr, LO_ONE(age(s.max_age)), LO_COPY(max_age)},
    {"eligibility", "Who the service is for", nullptr, LO_ONE(s.eligibility), LO_COPY(eligibility)},
    {"urgent_help", "Urgent help", nullptr, LO_ONE(s.urgent_help), LO_COPY(urgent_help)},
    {"start_date", "Start date", nullptr, LO_ONE(s.start_date), LO_COPY(start_date)},
    {"end_date", "End date", nullptr, LO_ONE(s.end_date), LO_COPY(end_date)},
    {"closed_reason", "Why it is closed", nullptr, LO_ONE(s.closed_reason), LO_COPY(closed_reason)},
    {"reopening_date", "Reopening date", nullptr, LO_ONE(s.reopening_date),
     LO_COPY(reopening_date)},
    {"referral_routes", "How a family can be referred", nullptr,
     [](const Service& s, const DiffNames&) -> std::vector<std::string> {
         // A set: the order the form lists them in is not a change.
         auto routes = s.referral_routes;
         std::sort(routes.begin(), routes.end());
         std::vector<std::string> labels;
         for (auto r : routes) labels.emplace_back(short_label(r));
         return {join(labels, "; ")};
     },
     LO_COPY(referral_routes)},
    {"referral_url", "Referral form web address", nullptr, LO_ONE(s.referral_url),
     LO_COPY(referral_url)},
    {"how_to_access", "Steps to get the service", "Step",
     [](const Service& s, const DiffNames&) { return s.how_to_access; }, LO_COPY(how_to_access)},
    {"free", "Free", nullptr, LO_ONE(std::string(s.free ? "Yes" : "No")), LO_COPY(free)},
    {"costs", "Costs", "Cost",
     [](const Service& s, const DiffNames&) {
         std::vector<std::string> out;
         for (const auto& c : s.costs) out.push_back(cost_text(c));
         return out;
     },
     LO_COPY(costs)},
    {"languages", "Languages", nullptr,
     [](const Service& s, const DiffNames&) -> std::vector<std::string> {
         std::vector<std::string> names;
         for (const auto& l : s.languages) names.push_back(l.name);
         return {join(names, "; ")};
     },
     LO_COPY(languages)},
    {"delivery_modes", "How the service is delivered", nullptr,
     [](const Service& s, const DiffNames&) -> std::vector<std::string> {
         auto modes = s.delivery_modes;
         std::sort(modes.begin(), modes.end());
         std::vector<std::string> labels;
         for (auto m : modes) labels.emplace_back(label(m));
         return {join(labels, "; ")};
     },
     LO_COPY(delivery_modes)},
    {"waiting_time", "Waiting time", nullptr, LO_ONE(s.waiting_time), LO_COPY(waiting_time)},
    {"location_ids", "Locations", nullptr,
     [](const Service& s, const DiffNames& n) -> std::vector<std::string> {
         std::vector<std::string> names;
         for (const auto& id : s.location_ids) names.push_back(name_or_id(n.location, id));
         return {join(names, "; ")};
     },
     LO_COPY(location_ids)},
    {"contacts", "Contacts", "Contact",
     [](const Service& s, const DiffNames&) {
         std::vector<std::string> out;
         for (const auto& c : s.contacts) out.push_back(contact_text(c));
         return out;
     },
     LO_COPY(contacts)},
    {"schedules", "Opening times", "Opening times",
     [](const Service& s, const DiffNames&) {
         std::vector<std::string> out;
         for (const auto& r : s.schedules) out.push_back(schedule_text(r));
         return out;
     },
     LO_COPY(schedules)},
    {"closures", "Closed on", "Closure",
     [](const Service& s, const DiffNames&) {
         std::vector<std::string> out;
         for (const auto& c : s.closures) out.push_back(join({c.date, c.description}, " – "));
         return out;
     },
     LO_COPY(closures)},
    {"service_areas", "Areas served", nullptr,
     [](const Service& s, const DiffNames&) -> std::vector<std::string> {
         std::vector<std::string> names;
         for (const auto& a : s.service_areas) names.push_back(a.name);
         return {join(names, "; ")};
     },
     LO_COPY(service_areas)},
    {"term_ids", "Categories and needs", nullptr,
     [](const Service& s, const DiffNames& n) -> std::vector<std::string> {
         std::vector<std::string> names;
         for (const auto& id : s.term_ids) names.push_back(name_or_id(n.term, id));
         std::sort(names.begin(), names.end());
         return {join(names, "; ")};
     },
     LO_COPY(term_ids)},
    {"last_checked", "Last checked", nullptr, LO_ONE(s.last_checked), LO_COPY(last_checked)},
    {"review_due", "Review due", nullptr, LO_ONE(s.review_due), LO_COPY(review_due)},
};

#undef LO_ONE
#undef LO_COPY

// Browsers send text areas with CRLF line endings; a record read back from the form is not
// changed by that alone.
std::vector<std::string> comparable(std::vector<std::string> items) {
    for (auto& item : items) std::erase(item, '\r');
    return items;
}

bool same(const Field& f, const Service& a, const Service& b) {
    const DiffNames ids;
    return comparable(f.items(a, ids)) == comparable(f.items(b, ids));
}

}  // namespace

std::vector<FieldChange> diff(const Service& a, const Service& b, const DiffNames& names) {
    std::vector<FieldChange> out;
    for (const auto& f : kFields) {
        if (same(f, a, b)) continue;
        const auto before = f.items(a, names);
        const auto after = f.items(b, names);
        if (!f.item_label) {
            out.push_back({f.key, f.label, before.at(0), after.at(0)});
            continue;
        }
        const auto n = std::max(before.size(), after.size());
        for (std::size_t i = 0; i < n; ++i) {
            const auto x = i < before.size() ? before[i] : std::string();
            const auto y = i < after.size() ? after[i] : std::string();
            if (x == y && i < before.size() && i < after.size()) continue;
            out.push_back({f.key, std::string(f.item_label) + " " + std::to_string(i + 1), x, y});
        }
    }
    return out;
}

std::vector<FieldChange> describe(const Service& s, const DiffNames& names) {
    std::vector<FieldChange> out;
    for (const auto& f : kFields) {
        const auto items = f.items(s, names);
        if (!f.item_label) {
            out.push_back({f.key, f.label, "", items.at(0)});
            continue;
        }
        if (items.empty()) out.push_back({f.key, f.label, "", ""});
        for (std::size_t i = 0; i < items.size(); ++i)
            out.push_back(
                {f.key, std::string(f.item_label) + " " + std::to_string(i + 1), "", items[i]});
    }
    return out;
}

std::vector<std::string> changed_fields(const Service& a, const Service& b) {
    std::vector<std::string> out;
    for (const auto& f : kFields)
        if (!same(f, a, b)) out.emplace_back(f.key);
    return out;
}

std::string field_label(std::string_view key) {
    for (const auto& f : kFields)
        if (key == f.key) return f.label;
    return std::string(key);
}

Service merge(const Service& base, const Service& proposed, const Service& live) {
    Service out = live;
    for (const auto& f : kFields)
        if (!same(f, base, proposed)) f.copy(out, proposed);
    return out;
}

std::vector<std::string> conflicting_fields(const Service& base,
                                            const Service& proposed,
                                            const Service& live) {
    std::vector<std::string> out;
    for (const auto& f : kFields)
        if (!same(f, base, proposed) && !same(f, base, live) && !same(f, proposed, live))
            out.emplace_back(f.key);
    return out;
}

}  // namespace lo::domain
