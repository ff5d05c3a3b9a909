// How long personal data is kept and what the access log records, from the settings. The
// retention purge (app/privacy.cpp) and the public privacy notice both read these values, so
// what the notice promises is what the server does. Each default's reason is in docs/privacy.md.
#pragma once

#include "http/client_address.hpp"

namespace lo::web {

struct PrivacySettings {
    int feedback_days = 365;      // retention_feedback_days: feedback comments, problem reports
    int outbox_days = 30;         // retention_outbox_days: the text of e-mail sent
    int link_days = 30;           // retention_link_days: used or expired one-time links
    int audit_address_days = 90;  // retention_audit_address_days: addresses in the audit log
    http::AddressInLog access_log = http::AddressInLog::Truncated;  // access_log_address
};

}  // namespace lo::web
