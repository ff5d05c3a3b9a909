// /healthz for load balancers and monitoring: is the database answering, and at which generation.
#include "web/public/pages.hpp"

#include <nlohmann/json.hpp>

#include "search/engine.hpp"

namespace lo::web::public_ {

http::Response healthz(Context& ctx, const http::Request&) {
    nlohmann::json body;
    int status = 200;
    try {
        if (!ctx.store.ping()) throw std::runtime_error("ping failed");
        // A deleted or replaced file still answers through SQLite's open handle, so ping() alone
        // would say "ok" while every write is lost with the old file.
        if (ctx.database_file) {
            if (const auto problem = ctx.database_file->problem(); !problem.empty()) {
                body = {{"status", "error"}, {"database", problem}};
                auto res = http::Response::json(body.dump(), 503);
                res.set_header("Cache-Control", "no-store");
                return res;
            }
        }
        body = {{"status", "ok"}, {"database", "ok"}, {"generation", ctx.store.generation()}};
        // The index behind the store is not an outage (search answers from its last good
        // version), so the status stays 200 and says why (docs/reliability.md).
        if (ctx.search) body["search"] = ctx.search->health().describe();
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
