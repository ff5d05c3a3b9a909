// The e-mail that tells an account holder their account is seeing many failed sign-ins
// (auth/throttle.hpp decides when: once, as the account's failures reach the limit).
#pragma once

#include <cstdint>

#include "auth/model.hpp"
#include "web/context.hpp"

namespace lo::web::admin {

// Queues the message through the outbox. A failure to queue it is logged, never shown to the
// person signing in (who may be the attacker).
void tell_holder_of_failed_sign_ins(Context& ctx,
                                    const auth::User& user,
                                    std::int64_t failures,
                                    std::int64_t window_seconds);

}  // namespace lo::web::admin
