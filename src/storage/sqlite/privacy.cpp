// Deleting accounts behind a pseudonym, erasing, exporting and purging personal data in SQLite
// (storage/privacy.hpp). Every statement is a named constant; e-mail addresses compare without
// regard to case, as the users table does.
#include "storage/sqlite/privacy.hpp"

#include "domain/dates.hpp"
#include "storage/sqlite/connection.hpp"

namespace lo::storage::sqlite {
namespace {

constexpr const char kUsableAdministrators[] =
    "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1 AND password_hash <> '' "
    "AND id <> ?1";

constexpr const char kInsertFormer[] =
    "INSERT INTO former_accounts (user_id, pseudonym, deleted_at) VALUES (?1, '', ?2) "
    "ON CONFLICT (user_id) DO NOTHING";
constexpr const char kNameFormer[] =
    "UPDATE former_accounts SET pseudonym = ?2 || ' ' || number WHERE user_id = ?1 "
    "AND pseudonym = ''";
constexpr const char kSelectPseudonym[] =
    "SELECT pseudonym FROM former_accounts WHERE user_id = ?1";

// Who did it, wherever history records a person by id or by address.
constexpr const char kAuditActor[] =
    "UPDATE audit_log SET actor_email = ?3 WHERE (?1 <> '' AND actor_id = ?1) OR actor_email = ?2 "
    "COLLATE NOCASE";
constexpr const char kAuditSubject[] =
    "UPDATE audit_log SET subject = ?2 WHERE subject = ?1 COLLATE NOCASE";
constexpr const char kVersionsAuthor[] =
    "UPDATE service_versions SET user_email = ?3 "
    "WHERE (?1 <> '' AND user_id = ?1) OR user_email = ?2 COLLATE NOCASE";
constexpr const char kChangeAuthor[] =
    "UPDATE change_requests SET author_email = ?3 "
    "WHERE (?1 <> '' AND author_id = ?1) OR author_email = ?2 COLLATE NOCASE";
constexpr const char kChangeDecider[] =
    "UPDATE change_requests SET decided_by = ?2 WHERE decided_by = ?1 COLLATE NOCASE";
constexpr const char kFeedbackResponder[] =
    "UPDATE feedback_responses SET updated_by = ?2 WHERE updated_by = ?1 COLLATE NOCASE";

constexpr const char kDeleteUser[] = "DELETE FROM users WHERE id = ?1";
// The outbox holds the text of every message, one-time links included.
constexpr const char kDeleteOutboxTo[] = "DELETE FROM outbox WHERE to_address = ?1 COLLATE NOCASE";
constexpr const char kBlankReviewRecipient[] =
    "UPDATE review_tokens SET recipient = '' WHERE recipient = ?1 COLLATE NOCASE";
constexpr const char kDeleteFailures[] = "DELETE FROM sign_in_failures WHERE key = ?1";

constexpr const char kExportUser[] =
    "SELECT id, email, role, active, created_at, password_hash <> '' FROM users "
    "WHERE email = ?1 COLLATE NOCASE";
constexpr const char kExportUserOrganisations[] =
    "SELECT o.id, o.name FROM user_organisations u JOIN organisations o ON o.id = "
    "u.organisation_id WHERE u.user_id = ?1";
constexpr const char kExportSessions[] =
    "SELECT created_at, last_seen FROM sessions WHERE user_id = ?1";
constexpr const char kExportTwoFactor[] =
    "SELECT COALESCE(enabled_at, '') FROM two_factor WHERE user_id = ?1";
constexpr const char kExportTokens[] =
    "SELECT purpose, created_at, expires_at, COALESCE(used_at, '') FROM account_tokens "
    "WHERE user_id = ?1";
constexpr const char kExportAudit[] =
    "SELECT at, actor_email, action, subject, detail, remote_address FROM audit_log "
    "WHERE (?1 <> '' AND actor_id = ?1) OR actor_email = ?2 COLLATE NOCASE OR subject = ?2 COLLATE "
    "NOCASE "
    "ORDER BY id";
constexpr const char kExportVersions[] =
    "SELECT service_id, number, at, source, changed_fields FROM service_versions "
    "WHERE (?1 <> '' AND user_id = ?1) OR user_email = ?2 COLLATE NOCASE ORDER BY at";
constexpr const char kExportChanges[] =
    "SELECT id, service_id, state, note, created_at, author_email, decided_by FROM "
    "change_requests WHERE (?1 <> '' AND author_id = ?1) OR author_email = ?2 COLLATE NOCASE "
    "OR decided_by = ?2 COLLATE NOCASE ORDER BY id";
constexpr const char kExportFeedbackResponses[] =
    "SELECT feedback_id, state, updated_at FROM feedback_responses "
    "WHERE updated_by = ?1 COLLATE NOCASE";
constexpr const char kExportOutbox[] =
    "SELECT created_at, subject, body, COALESCE(sent_at, '') FROM outbox "
    "WHERE to_address = ?1 COLLATE NOCASE ORDER BY id";
constexpr const char kExportReviewTokens[] =
    "SELECT service_id, review_due, created_at FROM review_tokens "
    "WHERE recipient = ?1 COLLATE NOCASE";

constexpr const char kDirectoryOrganisations[] =
    "SELECT id, name FROM organisations WHERE email = ?1 COLLATE NOCASE";
constexpr const char kDirectoryServices[] =
    "SELECT id, name FROM services WHERE email = ?1 COLLATE NOCASE";
constexpr const char kDirectoryContacts[] =
    "SELECT s.id, s.name, c.name FROM contact_emails e JOIN contacts c ON c.id = e.contact_id "
    "JOIN services s ON s.id = c.service_id WHERE e.email = ?1 COLLATE NOCASE";

// Feedback keeps its yes/no answer (for the page's usefulness figures) and any published
// "You said, we did" text, which was edited to identify no one; the original words go.
constexpr const char kPurgeFeedback[] =
    "UPDATE feedback SET comment = '' WHERE created_at < ?1 AND comment <> ''";
constexpr const char kPurgeOutboxSent[] =
    "UPDATE outbox SET body = '' WHERE sent_at IS NOT NULL AND created_at < ?1 AND body <> ''";
constexpr const char kPurgeOutboxUnsent[] =
    "DELETE FROM outbox WHERE sent_at IS NULL AND created_at < ?1";
constexpr const char kPurgeAccountTokens[] =
    "DELETE FROM account_tokens WHERE expires_at < ?1 OR used_at < ?1";
constexpr const char kPurgeReviewTokens[] =
    "DELETE FROM review_tokens WHERE expires_at < ?1 OR used_at < ?1";
constexpr const char kPurgeAuditAddresses[] =
    "UPDATE audit_log SET remote_address = '' WHERE at < ?1 AND remote_address <> ''";
constexpr const char kPurgeSessions[] =
    "DELETE FROM sessions WHERE last_seen < ?1 OR created_at < ?2";
constexpr const char kPurgeFailures[] =
    "DELETE FROM sign_in_failures WHERE first_failure < ?1 AND locked_until < ?1";

// Runs a query bound with ?1 = a and ?2 = b and adds each row as a record of `table`, its
// fields named by `names` in column order.
void collect(Connection& c,
             const char* sql,
             const std::string& table,
             std::vector<const char*> names,
             const std::string& a,
             const std::string& b,
             std::vector<PersonalRecord>& out) {
    auto& st = c.prepare(sql);
    st.bind(1, a);
    if (std::string_view(sql).find("?2") != std::string_view::npos) st.bind(2, b);
    while (st.step()) {
        PersonalRecord r{table, {}};
        for (std::size_t i = 0; i < names.size(); ++i)
            r.fields.emplace_back(names[i], st.text(static_cast<int>(i)));
        out.push_back(std::move(r));
    }
}

std::int64_t run(Connection& c,
                 const char* sql,
                 const std::string& a,
                 const std::string& b = {},
                 const std::string& d = {}) {
    auto& st = c.prepare(sql);
    const std::string_view text(sql);
    st.bind(1, a);
    if (text.find("?2") != std::string_view::npos) st.bind(2, b);
    if (text.find("?3") != std::string_view::npos) st.bind(3, d);
    st.run();
    return c.changes();
}

std::int64_t run_at(Connection& c, const char* sql, std::int64_t a, std::int64_t b = 0) {
    auto& st = c.prepare(sql);
    st.bind(1, a);
    if (std::string_view(sql).find("?2") != std::string_view::npos) st.bind(2, b);
    st.run();
    return c.changes();
}

class Privacy final : public PrivacyRepository {
public:
    explicit Privacy(ConnectionSource& s) : source_(s) {}

    std::int64_t usable_administrators_except(const std::string& user_id) override {
        std::int64_t n = 0;
        source_.with_read([&](Connection& c) {
            n = c.prepare(kUsableAdministrators).bind(1, user_id).single_integer();
        });
        return n;
    }

    std::string pseudonymise(const std::string& user_id,
                             const std::string& email,
                             const std::string& role_word,
                             std::int64_t now) override {
        std::string pseudonym;
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kInsertFormer).bind(1, user_id).bind(2, now).run();
            c.prepare(kNameFormer).bind(1, user_id).bind(2, "Former " + role_word).run();
            auto& st = c.prepare(kSelectPseudonym);
            st.bind(1, user_id);
            if (st.step()) pseudonym = st.text(0);
            st.reset();
            run(c, kAuditActor, user_id, email, pseudonym);
            run(c, kAuditSubject, email, pseudonym);
            run(c, kVersionsAuthor, user_id, email, pseudonym);
            run(c, kChangeAuthor, user_id, email, pseudonym);
            run(c, kChangeDecider, email, pseudonym);
            run(c, kFeedbackResponder, email, pseudonym);
        });
        return pseudonym;
    }

    std::string pseudonym_of(const std::string& user_id) override {
        std::string out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kSelectPseudonym);
            st.bind(1, user_id);
            if (st.step()) out = st.text(0);
            st.reset();
        });
        return out;
    }

    void delete_user(const std::string& user_id) override {
        source_.with_quiet_write([&](Connection& c) { run(c, kDeleteUser, user_id); });
    }

    std::int64_t erase_address(const std::string& email, const std::string& replacement) override {
        std::int64_t n = 0;
        source_.with_quiet_write([&](Connection& c) {
            n += run(c, kAuditActor, std::string(), email, replacement);
            n += run(c, kAuditSubject, email, replacement);
            n += run(c, kDeleteOutboxTo, email);
            n += run(c, kBlankReviewRecipient, email);
            n += run(c, kDeleteFailures, "email:" + email);
        });
        return n;
    }

    std::vector<PersonalRecord> export_address(const std::string& email) override {
        std::vector<PersonalRecord> out;
        source_.with_read([&](Connection& c) {
            collect(c, kExportUser, "account",
                    {"id", "email", "role", "active", "created_at", "password_set"}, email, {},
                    out);
            const std::string user_id = out.empty() ? std::string() : out.front().fields[0].second;
            if (!user_id.empty()) {
                collect(c, kExportUserOrganisations, "account_organisations", {"id", "name"},
                        user_id, {}, out);
                collect(c, kExportSessions, "sessions", {"created_at", "last_seen"}, user_id, {},
                        out);
                collect(c, kExportTwoFactor, "two_factor", {"enabled_at"}, user_id, {}, out);
                collect(c, kExportTokens, "one_time_links",
                        {"purpose", "created_at", "expires_at", "used_at"}, user_id, {}, out);
            }
            collect(c, kExportAudit, "audit_log",
                    {"at", "who", "action", "subject", "detail", "network_address"}, user_id, email,
                    out);
            collect(c, kExportVersions, "service_versions",
                    {"service_id", "number", "at", "source", "changed_fields"}, user_id, email,
                    out);
            collect(c, kExportChanges, "change_requests",
                    {"id", "service_id", "state", "note", "created_at", "author", "decided_by"},
                    user_id, email, out);
            collect(c, kExportFeedbackResponses, "feedback_responses",
                    {"feedback_id", "state", "updated_at"}, email, {}, out);
            collect(c, kExportOutbox, "outbox", {"created_at", "subject", "body", "sent_at"}, email,
                    {}, out);
            collect(c, kExportReviewTokens, "review_links",
                    {"service_id", "review_due", "created_at"}, email, {}, out);
        });
        return out;
    }

    std::vector<PersonalRecord> directory_records(const std::string& email) override {
        std::vector<PersonalRecord> out;
        source_.with_read([&](Connection& c) {
            collect(c, kDirectoryOrganisations, "organisations", {"id", "name"}, email, {}, out);
            collect(c, kDirectoryServices, "services", {"id", "name"}, email, {}, out);
            collect(c, kDirectoryContacts, "service_contacts",
                    {"service_id", "service_name", "contact_name"}, email, {}, out);
        });
        return out;
    }

    PurgeCounts purge(const PurgeCutoffs& at) override {
        PurgeCounts n;
        source_.with_quiet_write([&](Connection& c) {
            if (at.feedback_before > 0) {
                c.prepare(kPurgeFeedback).bind(1, domain::rfc3339_at(at.feedback_before)).run();
                n.feedback_comments = c.changes();
            }
            if (at.outbox_before > 0)
                n.outbox_messages = run_at(c, kPurgeOutboxSent, at.outbox_before) +
                                    run_at(c, kPurgeOutboxUnsent, at.outbox_before);
            if (at.tokens_before > 0)
                n.tokens = run_at(c, kPurgeAccountTokens, at.tokens_before) +
                           run_at(c, kPurgeReviewTokens, at.tokens_before);
            if (at.audit_addresses_before > 0) {
                c.prepare(kPurgeAuditAddresses)
                    .bind(1, domain::rfc3339_at(at.audit_addresses_before))
                    .run();
                n.audit_addresses = c.changes();
            }
            if (at.sessions_idle_before > 0 || at.sessions_created_before > 0) {
                n.sessions =
                    run_at(c, kPurgeSessions, at.sessions_idle_before, at.sessions_created_before);
                run_at(c, kPurgeFailures, at.sessions_idle_before);
            }
        });
        return n;
    }

private:
    ConnectionSource& source_;
};

}  // namespace

std::unique_ptr<PrivacyRepository> make_privacy_repository(ConnectionSource& source) {
    return std::make_unique<Privacy>(source);
}

}  // namespace lo::storage::sqlite
