// Harvest: copy another directory's Open Referral UK 3.0 feed into ours, so a council can show
// neighbouring and out-of-area provision (docs/import-format.md, "harvest").
//
// The feed is read page by page (/services?page=N&per_page=100&full=true; a list item without
// its nested lists is fetched again from /services/{id}), with its taxonomies when the feed has
// /taxonomies. Everything goes through the importer (read_oruk_record, apply): checked in full,
// then written in one transaction, upserting by id, so a re-harvest adds no duplicates. Each
// record's source is "harvest:NAME". Services harvested from NAME before that the feed no longer
// lists are archived (status defunct), not deleted. Records we already hold from elsewhere (our
// own services, organisations, places, taxonomies) are left as they are.
//
// No HTTP here: the caller passes a Fetch function (app/commands.cpp wires http::fetch).
#pragma once

#include <functional>
#include <ostream>
#include <stdexcept>
#include <string>

#include "storage/store.hpp"

namespace lo::interchange {

struct Fetched {
    int status = 0;
    std::string body;
};
// GETs a URL. Throws std::runtime_error with a plain-English message when it cannot.
using Fetch = std::function<Fetched(const std::string& url)>;

struct HarvestArgs {
    std::string url;          // the feed's base, e.g. https://example.org/openreferral
    std::string source_name;  // --as-source; default: the feed's host name
    bool dry_run = false;
    int per_page = 100;
};

// The prefix of the source column on harvested records: "harvest:" + NAME.
inline constexpr const char* kHarvestSourcePrefix = "harvest:";

// 0 harvested (or up to date, or a clean dry run); 1 when the feed could not be read or has
// problems, in which case nothing was written.
int run_harvest(storage::Store& store,
                const HarvestArgs& args,
                const Fetch& fetch,
                std::ostream& out,
                std::ostream& err);

}  // namespace lo::interchange
