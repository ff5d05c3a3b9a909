// Coverage (issue 19, part 1): for one area, how many running services there are for each SEND
// need (or category) and age band, and whether families can actually get them: current (checked
// within their review period), and reachable without an EHC plan or a professional's referral.
// Pure: works on the facts the store gives (storage/insights.hpp), so the figures are tested
// exactly without a server.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/age_bands.hpp"
#include "domain/dates.hpp"
#include "domain/model.hpp"
#include "storage/insights.hpp"

namespace lo::insights {

// What a cell says, worst first. Covered: at least one current service a family can ask for
// themselves. The others are gaps, explained in words on the page as well as by colour.
enum class CellState { NoService, OnlyOverdue, OnlyByReferral, Covered };

std::string_view to_code(CellState s);  // "none", "overdue", "referral", "covered"
std::string_view words(CellState s);    // "No service", "Only overdue services", ...

struct Cell {
    std::int64_t services = 0;       // running services for this need, band and area
    std::int64_t current = 0;        // of those, checked within their review period
    std::int64_t self_referral = 0;  // of the current ones, a family can ask for themselves
    CellState state = CellState::NoService;
};

struct CoverageRow {
    std::string term_id;
    std::string code;
    std::string name;  // the term's name (the page adds parents' words)
    int depth = 0;     // 0 for a top-level term
    std::array<Cell, domain::kAgeBands.size()> cells;
    std::int64_t gaps = 0;      // cells that are not Covered
    std::int64_t services = 0;  // running services for the term in the area, any age
    std::int64_t current = 0;   // of those, checked within their review period
};

// Everything coverage needs, read once per store generation (it does not depend on the area).
struct CoverageFacts {
    std::vector<storage::ServiceFacts> services;
    std::vector<storage::AreaFacts> areas;
    std::vector<domain::TaxonomyTerm> needs;       // tree order
    std::vector<domain::TaxonomyTerm> categories;  // tree order
};

// The areas to choose from: the gazetteer's areas and the areas services name, once each (case
// ignored), in alphabetical order.
std::vector<std::string> area_names(const CoverageFacts& facts);

// Whether a service serves an area: it names the area, or has a venue inside it, or names no
// area and has no venue at all (a phone line or an online service, open to everyone). "" is
// the whole Local Offer.
bool serves_area(const storage::ServiceFacts& service,
                 const std::string& area,
                 const std::vector<storage::AreaFacts>& areas);

// A service is current when its review is not yet due (review_due on or after today); a service
// with no review date is counted as overdue.
bool is_current(const storage::ServiceFacts& service, const domain::Date& today);

// One row per term (needs or categories), in tree order; a service tagged with a narrower term
// counts for the broader one too.
std::vector<CoverageRow> coverage(const CoverageFacts& facts,
                                  const std::vector<domain::TaxonomyTerm>& terms,
                                  const std::string& area,
                                  const domain::Date& today);

// The services behind one cell (term and everything under it, band, area), by name.
std::vector<const storage::ServiceFacts*> services_in_cell(
    const CoverageFacts& facts,
    const std::vector<domain::TaxonomyTerm>& terms,
    const std::string& term_id,
    const domain::AgeBand& band,
    const std::string& area);

}  // namespace lo::insights
