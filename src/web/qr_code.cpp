#include "web/qr_code.hpp"

#include <qrencode.h>

#include <memory>

#include "web/markdown.hpp"

namespace lo::web {

std::optional<std::string> qr_code_svg(const std::string& text, const std::string& label) {
    // 8-bit mode keeps every character as it is (otpauth links are case-sensitive).
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(static_cast<int>(text.size()),
                          reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M),
        &QRcode_free);
    if (!code) return std::nullopt;
    constexpr int kQuiet = 4;  // the quiet zone, in modules, that the standard asks for
    const int width = code->width;
    const int size = width + 2 * kQuiet;
    // One path: a unit square for each dark module, runs along a row joined into one rectangle.
    std::string path;
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width;) {
            if (!(code->data[y * width + x] & 1)) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < width && (code->data[y * width + x + run] & 1)) ++run;
            path += 'M' + std::to_string(x + kQuiet) + ' ' + std::to_string(y + kQuiet) + 'h' +
                    std::to_string(run) + "v1h-" + std::to_string(run) + 'z';
            x += run;
        }
    }
    const auto n = std::to_string(size);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lo-qr-code\" role=\"img\" "
           "aria-label=\"" +
           escape_html(label) + "\" viewBox=\"0 0 " + n + ' ' + n +
           "\" shape-rendering=\"crispEdges\"><rect width=\"" + n + "\" height=\"" + n +
           "\" fill=\"#ffffff\"/><path fill=\"#000000\" d=\"" + path + "\"/></svg>";
}

}  // namespace lo::web
