// The account records auth/ works with, by their names in lo::auth. They are defined in
// domain/accounts.hpp so that storage/, which stores them, does not depend on auth/.
#pragma once

#include "domain/accounts.hpp"

namespace lo::auth {

using domain::AccountToken;
using domain::AuditEntry;
using domain::label;
using domain::Role;
using domain::role_from_code;
using domain::Session;
using domain::SignInFailures;
using domain::SsoLogin;
using domain::to_code;
using domain::TokenPurpose;
using domain::User;

}  // namespace lo::auth
