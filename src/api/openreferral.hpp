// The Open Referral UK 3.0 API under /openreferral: the 11 read-only endpoints other councils,
// the NHS and DfE Family Hubs read. Every answer has Access-Control-Allow-Origin: *, is JSON with
// no nulls, and lists share one page envelope. Bad parameters get a 400 naming the parameter and
// what is allowed; unknown ids a 404. Parameters and limits: docs/oruk.md.
#pragma once

#include "http/request.hpp"
#include "http/response.hpp"
#include "web/context.hpp"

namespace lo::api::openreferral {

inline constexpr int kDefaultPerPage = 50;
inline constexpr int kMaxPerPage = 200;
inline constexpr int kMaxProximityMetres = 200000;

// GET /openreferral and /openreferral/  {"version":"HSDS-UK-3.0","profile":...,"openapi_url":...}
http::Response index(web::Context& ctx, const http::Request& req);
// GET /openreferral/services  and  /openreferral/services/{id}
http::Response services_index(web::Context& ctx, const http::Request& req);
http::Response services_show(web::Context& ctx, const http::Request& req);
// GET /openreferral/taxonomies  and  /openreferral/taxonomies/{id}
http::Response taxonomies_index(web::Context& ctx, const http::Request& req);
http::Response taxonomies_show(web::Context& ctx, const http::Request& req);
// GET /openreferral/taxonomy_terms  and  /openreferral/taxonomy_terms/{id}
http::Response taxonomy_terms_index(web::Context& ctx, const http::Request& req);
http::Response taxonomy_terms_show(web::Context& ctx, const http::Request& req);
// GET /openreferral/organizations  and  /openreferral/organizations/{id}
http::Response organizations_index(web::Context& ctx, const http::Request& req);
http::Response organizations_show(web::Context& ctx, const http::Request& req);
// GET /openreferral/service_at_locations  and  /openreferral/service_at_locations/{id}
http::Response service_at_locations_index(web::Context& ctx, const http::Request& req);
http::Response service_at_locations_show(web::Context& ctx, const http::Request& req);
// OPTIONS /openreferral/{*path}: CORS preflight (GET only, no credentials).
http::Response preflight(web::Context& ctx, const http::Request& req);

// Adds the CORS header to any /openreferral response, errors included.
void add_cors(http::Response& response);

}  // namespace lo::api::openreferral
