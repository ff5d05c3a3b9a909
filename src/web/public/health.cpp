// /healthz for load balancers and monitoring: is the database answering, and at which generation.
#include "web/public/pages.hpp"

#include <nlohmann/json.hpp>

namespace lo::web::public_ {

http::Response healthz(Context& ctx, const http::Request&) {
    nlohmann::json body;
    int status = 200;
    try {
        if (!ctx.store.ping()) throw std::runtime_error("ping failed");
        body = {{"status", "ok"}, {"database", "ok"}, {"generation", ctx.store.generation()}};
    } catch (const std::exception&) {
        // The reason goes nowhere public; the store logs its own failures.
        body = {{"status", "error"}, {"database", "unavailable"}};
        status = 503;
    }
    auto res = http::Response::json(body.dump(), status);
    res.set_header("Cache-Control", "no-store");
    return res;
}

}  // namespace lo::web::public_
