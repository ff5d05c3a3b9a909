// Charts drawn on the server as SVG (issue 19): no JavaScript, readable by screen readers (a
// title and a description, and the page puts a table of the same figures beside each chart),
// and two series told apart by pattern as well as colour, so they survive greyscale printing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lo::web {

struct ChartBar {
    std::string label;
    std::vector<std::int64_t> values;  // one per series
};

struct BarChart {
    std::string id;           // unique on the page; the title and description ids derive from it
    std::string title;        // what the chart shows
    std::string description;  // the figures in one or two sentences, for screen readers
    std::vector<std::string> series;  // at most two names, e.g. "Searches", "Found nothing"
    std::vector<ChartBar> bars;
};

// Horizontal bars, one row per bar (long labels stay readable on a phone), scaled to the
// largest value, each value written at the end of its bar. Every text is escaped.
std::string horizontal_bars(const BarChart& chart);

}  // namespace lo::web
