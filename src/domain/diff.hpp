// Field-level differences between two versions of a service, in words an editor can check: the
// change-request review page, version comparison and the "which fields changed" of each version
// all come from here. Child records (contacts, schedules, costs...) are compared item by item,
// by what they say rather than their ids.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/model.hpp"

namespace lo::domain {

struct FieldChange {
    std::string field;   // stable key: "name", "contacts", "term_ids"
    std::string label;   // "Service name", "Contact 2"
    std::string before;  // plain text; empty when there was nothing
    std::string after;
    bool operator==(const FieldChange&) const = default;
};

// Display names of linked records. Each returns "" when it does not know the id; the id is
// shown then. Left empty, ids are shown.
struct DiffNames {
    std::function<std::string(const std::string&)> organisation;
    std::function<std::string(const std::string&)> location;
    std::function<std::string(const std::string&)> term;
};

// Every difference from a to b, in the order fields appear on the service form. Ignores the id,
// last_modified and source (provenance), which people do not edit.
std::vector<FieldChange> diff(const Service& a, const Service& b, const DiffNames& names = {});

// Every field of the service as {field, label, "", value}, in form order, lists item by item:
// how a version page shows a whole record.
std::vector<FieldChange> describe(const Service& s, const DiffNames& names = {});

// The keys of the fields that differ, each once, in form order.
std::vector<std::string> changed_fields(const Service& a, const Service& b);

// "Service name" for "name"; the key itself when unknown.
std::string field_label(std::string_view key);

// Three-way merge for a change request made against `base` when the live record has since become
// `live`: the live record, with every field the author changed (proposed differs from base)
// taken from `proposed`. Lists (contacts, schedules...) are taken whole.
Service merge(const Service& base, const Service& proposed, const Service& live);

// Fields that both the author (base -> proposed) and someone else (base -> live) changed, to
// different values: approving would overwrite the other change.
std::vector<std::string> conflicting_fields(const Service& base,
                                            const Service& proposed,
                                            const Service& live);

}  // namespace lo::domain
