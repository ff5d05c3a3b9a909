// What every web handler may use: the store, the templates and the council's settings.
// Built once by app/ (the composition root) and passed to handlers by routes.cpp.
#pragma once

#include <string>
#include <vector>

#include "auth/model.hpp"
#include "storage/database_file.hpp"
#include "storage/store.hpp"
#include "web/privacy_settings.hpp"
#include "web/sso_settings.hpp"

namespace lo::views {
class Views;
}
namespace lo::search {
class SearchService;
}
namespace lo::mail {
class Mailer;
}
namespace lo::http {
class ConcurrencyLimit;
}

namespace lo::web {
namespace admin {
class OidcClient;
}

class RecentSubmissions;
class OpsStatus;
class InsightsCache;
class GenerationMemo;
class RenderedPages;

// The council's branding and contact details, from configuration (docs/configuration.md).
struct Site {
    std::string council_name = "Demo Council";
    std::string service_name = "SEND Local Offer";
    std::string area_name = "Oxfordshire and London";  // "Covers all of ..." wording
    std::string contact_email = "localoffer@example.org.uk";
    std::string contact_phone;
    std::string base_url = "http://localhost:8080";  // absolute links (JSON-LD, APIs)
    std::string phase = "beta";
    int review_months = 12;
    // The public "Local Offer in numbers" page (/local-offer-in-numbers): counts only, small
    // numbers about people suppressed (docs/insights.md). Off until the council turns it on.
    bool public_numbers = false;
    // The header colour (#rrggbb). The stylesheet is built with kDefaultBrandColour; any other
    // colour is applied by the small generated stylesheet at /branding.css.
    std::string brand_colour = "#00594f";
    std::string logo_file;  // a PNG, JPEG or SVG file on the server, shown in the header
    // The optional map (web/public/map.hpp): a tile address template with {z}, {x} and {y}, or
    // "" for no map, so no page asks a third party for anything unless the council chooses it.
    std::string map_tiles_url;
    std::string map_attribution = "© OpenStreetMap contributors";
    // Roles whose accounts must set up two-factor sign-in before using the admin
    // (require_two_factor; web/admin/two_factor_required.cpp).
    std::vector<auth::Role> require_two_factor;
    // What the privacy notice says is kept and for how long, from the retention settings.
    PrivacySettings privacy;
    // Signing in through the council's identity provider (web/admin/single_sign_on.cpp).
    SingleSignOnSettings sso;

    // base_url without trailing slashes, ready for a path ("/admin/set-password?...").
    std::string base() const {
        auto b = base_url;
        while (!b.empty() && b.back() == '/') b.pop_back();
        return b;
    }
};

inline constexpr const char* kDefaultBrandColour = "#00594f";

struct Context {
    storage::Store& store;
    const views::Views& views;
    const Site& site;
    std::string static_dir;                   // the folder served at /static/
    search::SearchService* search = nullptr;  // null when search is not running (some tests)
    mail::Mailer* mailer = nullptr;  // queues e-mail and wakes the sender; null: outbox only
    // Caps the full (ndjson) exports running at once; null: no cap.
    http::ConcurrencyLimit* export_slots = nullptr;
    // What each client has just posted on the public forms, to store a repeat once; null: off.
    RecentSubmissions* recent_submissions = nullptr;
    const OpsStatus* ops = nullptr;  // the server's backups (web/ops_status.hpp); null in tests
    // The database file the server opened, for /healthz; null in tests without one.
    const storage::DatabaseFileWatch* database_file = nullptr;
    // The insights pages' facts, read once per store generation (web/insights_facts.hpp);
    // null: read for each request.
    InsightsCache* insights_cache = nullptr;
    // Values kept until the store's generation moves (web/generation_memo.hpp); null: worked
    // out for each request.
    GenerationMemo* memo = nullptr;
    // Pages a handler keeps once it has run (web/rendered_pages.hpp: search); null: none kept.
    RenderedPages* rendered_pages = nullptr;
    // Talks to the council's identity provider when site.sso is on; null: single sign-on off.
    admin::OidcClient* sso = nullptr;
};

}  // namespace lo::web
