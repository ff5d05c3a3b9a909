#include "web/svg_chart.hpp"

#include <algorithm>

#include "web/markdown.hpp"

namespace lo::web {
namespace {

constexpr int kWidth = 640;
constexpr int kLabelWidth = 240;
constexpr int kBarHeight = 14;
constexpr int kRowGap = 10;
constexpr int kLegendHeight = 28;
constexpr int kValueRoom = 56;
// GOV.UK blue, and a dark orange drawn with diagonal stripes: different in hue, in lightness
// and in texture.
constexpr const char* kFirstColour = "#1d70b8";
constexpr const char* kSecondColour = "#b33c00";

std::string cut_label(const std::string& label) {
    constexpr std::size_t kMax = 34;
    if (label.size() <= kMax) return label;
    std::size_t n = kMax - 1;
    while (n > 0 && (static_cast<unsigned char>(label[n]) & 0xC0) == 0x80) --n;
    return label.substr(0, n) + "…";
}

std::string fill_of(const BarChart& chart, std::size_t series) {
    return series == 0 ? kFirstColour : "url(#" + chart.id + "-stripes)";
}

void legend(std::string& svg, const BarChart& chart) {
    int x = 0;
    for (std::size_t s = 0; s < chart.series.size() && s < 2; ++s) {
        svg += "<rect x=\"" + std::to_string(x) + "\" y=\"4\" width=\"16\" height=\"16\" fill=\"" +
               fill_of(chart, s) + "\" stroke=\"#0b0c0c\"/>";
        svg += "<text x=\"" + std::to_string(x + 22) + "\" y=\"17\">" +
               escape_html(chart.series[s]) + "</text>";
        x += 40 + static_cast<int>(chart.series[s].size()) * 8;
    }
}

}  // namespace

std::string horizontal_bars(const BarChart& chart) {
    const std::size_t series =
        std::max<std::size_t>(1, std::min<std::size_t>(2, chart.series.size()));
    std::int64_t largest = 1;
    for (const auto& bar : chart.bars)
        for (const auto v : bar.values) largest = std::max(largest, v);
    const int row = static_cast<int>(series) * kBarHeight + kRowGap;
    const int height = kLegendHeight + static_cast<int>(chart.bars.size()) * row + kRowGap;
    const int room = kWidth - kLabelWidth - kValueRoom;
    std::string svg;
    svg.reserve(512 + chart.bars.size() * 300);
    svg += "<svg class=\"lo-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
           std::to_string(kWidth) + " " + std::to_string(height) +
           "\" role=\"img\" aria-labelledby=\"" + chart.id + "-title " + chart.id + "-desc\">";
    svg += "<title id=\"" + chart.id + "-title\">" + escape_html(chart.title) + "</title>";
    svg += "<desc id=\"" + chart.id + "-desc\">" + escape_html(chart.description) + "</desc>";
    svg += "<defs><pattern id=\"" + chart.id +
           "-stripes\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
           "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
           "<rect width=\"3\" height=\"6\" fill=\"" +
           std::string(kSecondColour) + "\"/></pattern></defs>";
    svg += "<g font-family=\"Arial, sans-serif\" font-size=\"13\" fill=\"#0b0c0c\">";
    if (chart.series.size() > 1) legend(svg, chart);
    int y = kLegendHeight;
    for (const auto& bar : chart.bars) {
        svg += "<text x=\"" + std::to_string(kLabelWidth - 8) + "\" y=\"" +
               std::to_string(y + static_cast<int>(series) * kBarHeight / 2 + 5) +
               "\" text-anchor=\"end\">" + escape_html(cut_label(bar.label)) + "</text>";
        for (std::size_t s = 0; s < series; ++s) {
            const auto v = s < bar.values.size() ? bar.values[s] : 0;
            const int w = static_cast<int>(room * v / largest);
            const int top = y + static_cast<int>(s) * kBarHeight;
            svg += "<rect x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(top) +
                   "\" width=\"" + std::to_string(std::max(w, v > 0 ? 1 : 0)) + "\" height=\"" +
                   std::to_string(kBarHeight - 2) + "\" fill=\"" + fill_of(chart, s) +
                   "\" stroke=\"#0b0c0c\" stroke-width=\"0.5\"/>";
            svg += "<text x=\"" + std::to_string(kLabelWidth + w + 6) + "\" y=\"" +
                   std::to_string(top + kBarHeight - 3) + "\">" + std::to_string(v) + "</text>";
        }
        y += row;
    }
    svg += "</g></svg>";
    return svg;
}

}  // namespace lo::web
