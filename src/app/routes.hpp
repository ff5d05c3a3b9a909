// Every URL the server answers, in one table: start here to find any feature.
#pragma once

#include "http/router.hpp"
#include "web/context.hpp"

namespace lo::app {

void register_routes(http::Router& router, web::Context& context);

}  // namespace lo::app
