#include "web/admin/sign_in_alerts.hpp"

#include <exception>
#include <string>

#include "http/log.hpp"
#include "mail/message.hpp"
#include "web/admin/admin.hpp"

namespace lo::web::admin {

void tell_holder_of_failed_sign_ins(Context& ctx,
                                    const auth::User& user,
                                    std::int64_t failures,
                                    std::int64_t window_seconds) {
    const auto base = ctx.site.base();
    mail::Message m;
    m.to = user.email;
    m.kind = "sign_in_failures";
    m.subject = "Failed sign-ins to your " + ctx.site.service_name + " admin account";
    m.body =
        "Hello,\n\n"
        "Someone has tried to sign in to the " +
        ctx.site.service_name + " admin account for this e-mail address " +
        std::to_string(failures) + " times in the last " + std::to_string(window_seconds / 60) +
        " minutes with the wrong password. Each place they try from is slowed down.\n\n"
        "If it was you and you have forgotten your password, ask for a reset link at " +
        base +
        "/admin/forgot-password\n\n"
        "If it was not you, your password has not been given away and you can still sign "
        "in as usual. To keep the account safe, use a password you use nowhere else and "
        "turn on two-factor sign-in (in the admin, under \"Two-factor sign-in\"). Tell a "
        "Local Offer administrator if it keeps happening.\n\n"
        "The " +
        ctx.site.service_name + " team, " + ctx.site.council_name + "\n";
    try {
        queue_mail(ctx, m);
    } catch (const std::exception& e) {
        http::log_error("Could not queue the failed sign-ins message: " + std::string(e.what()));
    }
}

}  // namespace lo::web::admin
