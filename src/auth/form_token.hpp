// CSRF protection for the forms shown before anyone signs in (sign-in, set password, forgot
// password) without a session row: a signed double-submit token. The browser holds a random id in
// the session cookie; the form carries a keyed hash of it, keyed by a secret only this process
// knows. A cross-site page can neither read the cookie nor, even if it could plant one, compute
// the matching token. Nothing is written to the database until someone actually signs in.
#pragma once

#include <string>
#include <string_view>

namespace lo::auth {

// A fresh random id for the cookie (64 hex digits, the shape of a session id).
std::string new_form_id();
// True when value has the shape new_form_id() gives.
bool is_form_id(std::string_view value);
// The token a form shown with this id carries. Keyed with a secret made when the process
// starts, so a form left open across a restart is refused and asks for the details again.
std::string form_token_for(std::string_view form_id);

}  // namespace lo::auth
