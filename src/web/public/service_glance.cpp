// The "At a glance" block of the service page (issue 14). Every line is derived from the fields
// editors already keep, so no service needs re-entering to get one.
#include "web/public/service_glance.hpp"

#include <algorithm>

#include "web/format.hpp"

namespace lo::web::public_ {
namespace {

using domain::ReferralRoute;

bool has(const std::vector<ReferralRoute>& routes, ReferralRoute r) {
    return std::find(routes.begin(), routes.end(), r) != routes.end();
}

// "GP, health visitor, nursery or school": the people a family already sees, in the order they
// are usually asked. A school route names the nursery too, since that is where a young child is.
std::string referrers(const std::vector<ReferralRoute>& routes) {
    std::vector<std::string> who;
    if (has(routes, ReferralRoute::Gp)) who.push_back("GP");
    if (has(routes, ReferralRoute::HealthProfessional)) who.push_back("health visitor");
    if (has(routes, ReferralRoute::School)) {
        who.push_back("nursery");
        who.push_back("school");
    }
    if (has(routes, ReferralRoute::SocialWorker)) who.push_back("social worker");
    std::string out;
    for (std::size_t i = 0; i < who.size(); ++i)
        out += (i == 0 ? "" : i + 1 == who.size() ? " or " : ", ") + who[i];
    return out;
}

std::string cost_text(const domain::CostOption& c) {
    std::string text = c.option;
    if (c.amount) text += (text.empty() ? "" : ": ") + money(*c.amount);
    if (!c.amount_description.empty())
        text += (text.empty() ? "" : (c.amount ? " " : ": ")) + c.amount_description;
    return text;
}

nlohmann::json row(const char* glance, const char* key, const std::string& text) {
    return {{"glance", glance}, {"key", key}, {"text", text}, {"links", nlohmann::json::array()}};
}

// The first phone number and e-mail address a family can use, as tap links.
nlohmann::json contact_links(const domain::Service& s) {
    auto links = nlohmann::json::array();
    for (const auto& c : s.contacts)
        if (!c.phones.empty()) {
            const auto& number = c.phones.front().number;
            links.push_back({{"href", tel_href(number)}, {"text", "Call " + number}});
            break;
        }
    std::string email = s.email;
    for (const auto& c : s.contacts)
        if (email.empty() && !c.emails.empty()) email = c.emails.front();
    if (!email.empty()) links.push_back({{"href", "mailto:" + email}, {"text", email}});
    return links;
}

}  // namespace

std::string how_to_get_it(const std::vector<ReferralRoute>& routes) {
    const auto who = referrers(routes);
    std::string line;
    if (has(routes, ReferralRoute::Self))
        line = who.empty() ? "You can refer yourself"
                           : "You can refer yourself, or ask your " + who + " to refer your child";
    else if (!who.empty())
        line = "Ask your " + who + " to refer your child";
    if (has(routes, ReferralRoute::EhcPlan))
        line = line.empty()
                   ? "For children and young people with an education, health and care (EHC) plan"
                   : line + ". Your child needs an education, health and care (EHC) plan";
    return line.empty() ? "Contact the service to ask how to get it" : line;
}

std::string cost_line(const domain::Service& s) {
    if (s.free) return s.costs.empty() ? "Free" : "Free, but some things cost money";
    if (s.costs.empty()) return "There is a cost. Contact the service to ask how much";
    auto text = cost_text(s.costs.front());
    if (s.costs.size() > 1) text += ", and other costs";
    return text;
}

std::string where_line(const domain::Service& s, const std::vector<domain::Location>& locations) {
    if (!locations.empty()) {
        const auto& l = locations.front();
        std::string text = l.name;
        const auto town = l.city.empty() ? postcode_district(l.postcode) : l.city;
        if (!town.empty() && town != l.name) text += (text.empty() ? "" : ", ") + town;
        if (locations.size() > 1)
            text += (text.empty() ? "" : ", and ") +
                    count_text(static_cast<std::int64_t>(locations.size() - 1), "other place",
                               "other places");
        if (!text.empty()) return text;
    }
    if (!s.service_areas.empty()) {
        std::vector<std::string> names;
        for (const auto& a : s.service_areas) names.push_back(a.name);
        return "Covers " + join_and(names);
    }
    const bool remote =
        !s.delivery_modes.empty() &&
        std::all_of(s.delivery_modes.begin(), s.delivery_modes.end(), [](domain::DeliveryMode m) {
            return m == domain::DeliveryMode::Online || m == domain::DeliveryMode::Phone;
        });
    return remote ? "Online or by phone" : std::string{};
}

nlohmann::json glance_model(const domain::Service& s,
                            const std::vector<domain::Location>& locations,
                            const std::vector<std::string>& need_names) {
    auto rows = nlohmann::json::array();
    // The order is the order of the questions: is it for our child's age, how do we get it, what
    // does it cost; then the needs, where, when and who to call.
    if (const auto ages = age_range(s.min_age, s.max_age); !ages.empty())
        rows.push_back(row("age", "Age", ages));
    rows.push_back(row("how", "How to get it", how_to_get_it(s.referral_routes)));
    rows.push_back(row("cost", "Cost", cost_line(s)));
    if (!need_names.empty()) rows.push_back(row("needs", "Needs", join_and(need_names)));
    if (const auto where = where_line(s, locations); !where.empty())
        rows.push_back(row("where", "Where", where));
    if (!s.schedules.empty()) {
        auto when = schedule_text(s.schedules.front());
        if (s.schedules.size() > 1) when += ", and other times";
        rows.push_back(row("when", "When", when));
    }
    if (auto links = contact_links(s); !links.empty()) {
        auto r = row("contact", "Contact", "");
        r["links"] = std::move(links);
        rows.push_back(std::move(r));
    }
    return {{"rows", rows}, {"last_checked", long_date_text(s.last_checked)}};
}

}  // namespace lo::web::public_
