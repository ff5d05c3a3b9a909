// Repairs and drops in imported records: the domain says whether a value can be mended, this
// file applies the answer to each record and writes the warning a person reads about it.
#include "interchange/repair.hpp"

#include <algorithm>
#include <map>

#include "domain/repair.hpp"
#include "domain/validation.hpp"

namespace lo::interchange {
namespace {

// Echoed values are cut (Redis's %.128s rule): a pasted page must not flood the output.
constexpr std::size_t kShownBytes = 100;

// The value in quotes as a person reads it: line breaks and tabs visible, cut at a character.
std::string shown(std::string_view value) {
    // Never cut inside a UTF-8 sequence: a cut that would leave a continuation byte moves back.
    auto end = std::min(value.size(), kShownBytes);
    while (end < value.size() && end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80)
        --end;
    std::string out = "\"";
    for (const char c : value.substr(0, end))
        out += c == '\n'   ? std::string("\\n")
               : c == '\r' ? "\\r"
               : c == '\t' ? "\\t"
                           : std::string(1, c);
    return out + (end < value.size() ? "...\"" : "\"");
}

std::string joined(const std::vector<domain::RepairStep>& steps,
                   std::string domain::RepairStep::*part,
                   const char* separator) {
    std::string out;
    for (const auto& step : steps) out += (out.empty() ? "" : separator) + step.*part;
    return out;
}

// Mends the values of one record. field names follow the domain's errors ("contacts[0].emails[1]",
// after prefix "organization."); tally names follow ORUK ("service.contact.email").
class Mender {
public:
    Mender(Batch& batch, std::string record, std::string prefix, std::string kind)
        : batch_(batch),
          record_(std::move(record)),
          prefix_(std::move(prefix)),
          kind_(std::move(kind)) {}

    // Returns false when the value could not be repaired and was left out (emptied).
    bool web_address(std::string& value, const std::string& field, const std::string& tally) {
        return mend(value, domain::repair_web_address(value), field, tally, "not a web address");
    }
    bool email(std::string& value, const std::string& field, const std::string& tally) {
        return mend(value, domain::repair_email(value), field, tally, "not an e-mail address");
    }
    // listed: the phone is an entry in a list, so an empty number is a bad entry, not "none".
    bool phone(std::string& value,
               const std::string& field,
               const std::string& tally,
               bool listed = false) {
        if ((value.empty() && !listed) || domain::is_valid_phone(value)) return true;
        drop(field, tally, value.empty() ? "is empty" : shown(value) + " is not a phone number",
             "not a phone number");
        value.clear();
        return false;
    }
    void drop_contact(const std::string& field) {
        drop(field, "contact",
             "is empty once its bad values are removed (no name, title, phone number or e-mail "
             "address)",
             "nothing left in it");
    }

private:
    bool mend(std::string& value,
              const std::optional<domain::Repaired>& repaired,
              const std::string& field,
              const std::string& tally,
              const char* not_what) {
        if (!repaired) {
            drop(field, tally, shown(value) + " is " + not_what + " and cannot be repaired safely",
                 not_what);
            value.clear();
            return false;
        }
        if (!repaired->steps.empty())
            add(field, tally,
                shown(value) + " " +
                    joined(repaired->steps, &domain::RepairStep::problem, " and ") +
                    "; it was repaired to " + shown(repaired->value),
                joined(repaired->steps, &domain::RepairStep::repair, ", "), false);
        value = repaired->value;
        return true;
    }
    void drop(const std::string& field,
              const std::string& tally,
              const std::string& what_is_wrong,
              const std::string& label) {
        add(field, tally,
            what_is_wrong +
                ", so it was left out and the rest of the record kept. Correct it at the source "
                "and import again",
            label, true);
    }
    void add(const std::string& field,
             const std::string& tally,
             const std::string& message,
             const std::string& label,
             bool dropped) {
        const auto where = batch_.where.find(record_);
        batch_.changes.push_back({where == batch_.where.end() ? record_ : where->second,
                                  prefix_ + field + ": " + message, record_,
                                  kind_ + "." + tally + " (" + label + ")", dropped});
    }

    Batch& batch_;
    std::string record_, prefix_, kind_;
};

std::string at(const char* list, std::size_t i) {
    return std::string(list) + "[" + std::to_string(i) + "]";
}

void repair_contacts(Mender& m, domain::Service& s) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < s.contacts.size(); ++i) {
        auto& c = s.contacts[i];
        const auto base = at("contacts", i) + ".";
        const bool had_values = !c.emails.empty() || !c.phones.empty();
        std::vector<std::string> emails;
        for (std::size_t j = 0; j < c.emails.size(); ++j)
            if (m.email(c.emails[j], base + at("emails", j), "contact.email") &&
                !c.emails[j].empty())
                emails.push_back(std::move(c.emails[j]));
        c.emails = std::move(emails);
        std::vector<domain::Phone> phones;
        for (std::size_t j = 0; j < c.phones.size(); ++j)
            if (m.phone(c.phones[j].number, base + at("phones", j) + ".number", "contact.phone",
                        true))
                phones.push_back(std::move(c.phones[j]));
        c.phones = std::move(phones);
        const bool empty =
            c.name.empty() && c.title.empty() && c.emails.empty() && c.phones.empty();
        if (had_values && empty) {
            m.drop_contact(at("contacts", i));
            continue;
        }
        if (kept != i) s.contacts[kept] = std::move(c);
        ++kept;
    }
    s.contacts.resize(kept);
}

}  // namespace

void repair(Batch& batch) {
    for (auto& o : batch.organisations) {
        if (o.id.empty()) continue;
        Mender m(batch, "organisation:" + o.id, "organization.", "organization");
        m.web_address(o.url, "url", "url");
        m.email(o.email, "email", "email");
        m.phone(o.phone, "phone", "phone");
    }
    for (auto& s : batch.services) {
        if (s.id.empty()) continue;
        Mender m(batch, "service:" + s.id, "", "service");
        m.web_address(s.url, "url", "url");
        m.web_address(s.referral_url, "referral_url", "referral_url");
        m.email(s.email, "email", "email");
        repair_contacts(m, s);
    }
    for (auto& t : batch.taxonomies) {
        if (t.id.empty()) continue;
        Mender m(batch, "taxonomy:" + t.id, "", "taxonomy");
        m.web_address(t.uri, "uri", "uri");
    }
}

std::string change_summary(const ImportReport& report, bool dry_run) {
    const auto part = [](const std::vector<std::pair<std::string, int>>& counts,
                         const std::string& verb) {
        int total = 0;
        std::string list;
        for (const auto& [tally, n] : counts) {
            total += n;
            list += (list.empty() ? "" : ", ") + std::to_string(n) + " " + tally;
        }
        if (total == 0) return std::string();
        return verb + " " + std::to_string(total) + (total == 1 ? " value: " : " values: ") + list +
               ".";
    };
    const auto repaired = part(report.repaired, dry_run ? "Would repair" : "Repaired");
    const auto dropped = part(report.dropped, dry_run ? "Would drop" : "Dropped");
    return repaired + (repaired.empty() || dropped.empty() ? "" : " ") + dropped;
}

}  // namespace lo::interchange
