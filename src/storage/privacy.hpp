// Repository interface for what the store does with personal data beyond everyday use: deleting
// an account behind a pseudonym, erasing and exporting everything held about an e-mail address,
// and purging what has outlived its retention period (docs/privacy.md). None of these writes
// advances the store's generation: nothing the public site or the search index shows changes.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lo::storage {

// One stored row about a person: the table it is in and its fields as text.
struct PersonalRecord {
    std::string table;
    std::vector<std::pair<std::string, std::string>> fields;
};

// What a purge removes: rows older than these times. Unix seconds; 0 skips that kind.
struct PurgeCutoffs {
    std::int64_t feedback_before = 0;         // comments and problem reports blanked
    std::int64_t outbox_before = 0;           // bodies of sent messages blanked, unsent dropped
    std::int64_t tokens_before = 0;           // used or expired one-time links deleted
    std::int64_t audit_addresses_before = 0;  // network addresses in the audit log blanked
    std::int64_t sessions_idle_before = 0;    // sessions idle since, or created before:
    std::int64_t sessions_created_before = 0;
};

struct PurgeCounts {
    std::int64_t feedback_comments = 0;
    std::int64_t outbox_messages = 0;
    std::int64_t tokens = 0;
    std::int64_t audit_addresses = 0;
    std::int64_t sessions = 0;
};

class PrivacyRepository {
public:
    virtual ~PrivacyRepository() = default;
    // Administrators who can sign in (active, with a password), leaving out one account.
    virtual std::int64_t usable_administrators_except(const std::string& user_id) = 0;
    // Gives a deleted account its pseudonym, "Former <role_word> N", and writes it over the
    // account's id and e-mail address wherever history names them. Returns the pseudonym.
    virtual std::string pseudonymise(const std::string& user_id,
                                     const std::string& email,
                                     const std::string& role_word,
                                     std::int64_t now) = 0;
    // The pseudonym of a deleted account, or "".
    virtual std::string pseudonym_of(const std::string& user_id) = 0;
    // Removes the account and what hangs off it (sessions, links, two-factor, organisations).
    virtual void delete_user(const std::string& user_id) = 0;
    // Removes or replaces an e-mail address wherever the store holds it outside the published
    // directory: audit entries, the outbox, review links and sign-in throttling. Returns how
    // many rows changed.
    virtual std::int64_t erase_address(const std::string& email,
                                       const std::string& replacement) = 0;
    // Everything held about an e-mail address, account and history included.
    virtual std::vector<PersonalRecord> export_address(const std::string& email) = 0;
    // Published directory records (organisations, services, contacts) that list the address.
    virtual std::vector<PersonalRecord> directory_records(const std::string& email) = 0;
    virtual PurgeCounts purge(const PurgeCutoffs& cutoffs) = 0;
};

}  // namespace lo::storage
