// Personal data handled as the privacy notice says (docs/privacy.md): the retention purge the
// server runs daily and `localoffer privacy purge` runs at once, `privacy export EMAIL` (all
// that is held about an address, as JSON) and `privacy erase EMAIL`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/accounts.hpp"
#include "storage/store.hpp"
#include "web/privacy_settings.hpp"

namespace lo::app {

inline constexpr const char* kPrivacyPurgeJob = "privacy_purge";

// What is older than its retention period at `now`. Sessions follow the sign-in policy's idle
// and absolute timeouts.
storage::PurgeCutoffs retention_cutoffs(const web::PrivacySettings& settings,
                                        const auth::Policy& policy,
                                        std::int64_t now);
storage::PurgeCounts purge_personal_data(storage::Store& store,
                                         const web::PrivacySettings& settings,
                                         std::int64_t now);
// One line for the CLI and the server log (counts only).
std::string describe(const storage::PurgeCounts& counts);

// Everything held about the address: {"email", "exported_at", "held": {table: [rows]},
// "published_directory_records": [...]}.
nlohmann::json export_personal_data(storage::Store& store, const std::string& email);

struct ErasureReport {
    std::string pseudonym;          // the deleted account's, when there was one
    std::int64_t rows_changed = 0;  // outside the account itself
    // Published records that still list the address: an editor changes them in the admin,
    // because the directory is published on purpose.
    std::vector<storage::PersonalRecord> directory_records;
};
// Deletes the address's account (as AccountLifecycle::remove: refused for the last
// administrator) and removes the address everywhere else the store holds it. All in one
// transaction. Throws auth::InvalidInput for an address that is not an e-mail address.
// sign_in_without_password: single sign-on is on (see AccountLifecycle).
ErasureReport erase_personal_data(storage::Store& store,
                                  const std::string& email,
                                  const auth::Actor& actor,
                                  std::int64_t now,
                                  bool sign_in_without_password = false);

}  // namespace lo::app
