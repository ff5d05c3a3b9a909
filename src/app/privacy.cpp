// Retention purge, export and erasure of personal data (app/privacy.hpp).
#include "app/privacy.hpp"

#include "auth/account_lifecycle.hpp"
#include "domain/dates.hpp"
#include "domain/validation.hpp"

namespace lo::app {
namespace {

constexpr std::int64_t kDay = 24 * 60 * 60;

}  // namespace

storage::PurgeCutoffs retention_cutoffs(const web::PrivacySettings& s,
                                        const auth::Policy& policy,
                                        std::int64_t now) {
    storage::PurgeCutoffs c;
    c.feedback_before = now - s.feedback_days * kDay;
    c.outbox_before = now - s.outbox_days * kDay;
    c.tokens_before = now - s.link_days * kDay;
    c.audit_addresses_before = now - s.audit_address_days * kDay;
    c.sessions_idle_before = now - policy.idle_timeout;
    c.sessions_created_before = now - policy.absolute_timeout;
    return c;
}

storage::PurgeCounts purge_personal_data(storage::Store& store,
                                         const web::PrivacySettings& settings,
                                         std::int64_t now) {
    return store.privacy().purge(retention_cutoffs(settings, auth::Policy{}, now));
}

std::string describe(const storage::PurgeCounts& n) {
    return "Privacy purge: " + std::to_string(n.feedback_comments) + " feedback comments, " +
           std::to_string(n.outbox_messages) + " e-mail messages, " + std::to_string(n.tokens) +
           " one-time links, " + std::to_string(n.audit_addresses) + " audit log addresses and " +
           std::to_string(n.sessions) + " sessions past their retention period removed.";
}

nlohmann::json export_personal_data(storage::Store& store, const std::string& email_in) {
    const auto email = auth::normalise_email(email_in);
    auto held = nlohmann::json::object();
    for (const auto& r : store.privacy().export_address(email)) {
        auto row = nlohmann::json::object();
        for (const auto& [k, v] : r.fields) row[k] = v;
        held[r.table].push_back(std::move(row));
    }
    auto directory = nlohmann::json::array();
    for (const auto& r : store.privacy().directory_records(email)) {
        auto row = nlohmann::json{{"table", r.table}};
        for (const auto& [k, v] : r.fields) row[k] = v;
        directory.push_back(std::move(row));
    }
    return {{"email", email},
            {"exported_at", domain::now_rfc3339()},
            {"held", held},
            {"published_directory_records", directory}};
}

ErasureReport erase_personal_data(storage::Store& store,
                                  const std::string& email_in,
                                  const auth::Actor& actor,
                                  std::int64_t now,
                                  bool sign_in_without_password) {
    const auto email = auth::normalise_email(email_in);
    if (email.empty() || email.size() > 254 || !domain::is_valid_email(email))
        throw auth::InvalidInput("email", "Give an e-mail address, like name@example.org.");
    ErasureReport report;
    store.transaction([&](storage::Store& tx) {
        auth::AccountLifecycle lifecycle(tx, sign_in_without_password);
        if (const auto user = tx.users().find_by_email(email))
            report.pseudonym = lifecycle.remove(user->id, actor, now);
        report.rows_changed = tx.privacy().erase_address(email, "(erased)");
        auth::AuditEntry e{0,
                           {},
                           actor.id,
                           actor.email,
                           "personal_data_erased",
                           report.pseudonym.empty() ? "(erased)" : report.pseudonym,
                           {},
                           actor.remote_address};
        tx.audit().record(e);
    });
    report.directory_records = store.privacy().directory_records(email);
    return report;
}

}  // namespace lo::app
