// Repairs and drops in imported records, shared by import oruk, import hsds, import csv and
// harvest (validate() runs it first): a web address, e-mail address or phone number is mended
// where what was meant is certain, or left out when it cannot be, and the record is kept.
#pragma once

#include <string>

#include "interchange/import.hpp"

namespace lo::interchange {

// Mends or leaves out the contact values of every organisation, service (with its contacts) and
// taxonomy in the batch, adding a Change for each. Records without an id are left alone: they
// cannot be stored, and validation says so.
void repair(Batch& batch);

// "Repaired 3 values: 2 service.url (scheme added), 1 service.email (spaces removed). Dropped 1
// value: 1 organization.url (not a web address)." ("Would repair"/"would drop" for a dry run);
// empty when nothing was repaired or dropped.
std::string change_summary(const ImportReport& report, bool dry_run);

}  // namespace lo::interchange
