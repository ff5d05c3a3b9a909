// A QR code as inline SVG, for pages that hand a link to a phone (the two-factor set-up page's
// otpauth:// link). Drawn with libqrencode; no JavaScript, no image file, no request elsewhere.
#pragma once

#include <optional>
#include <string>

namespace lo::web {

// An <svg> element (role="img", with the label given) that draws text as a QR code at error
// correction level M, with the four-module quiet zone scanners need. Nothing when the text is
// too long for a QR code or the encoder fails: the caller shows the text instead.
std::optional<std::string> qr_code_svg(const std::string& text, const std::string& label);

}  // namespace lo::web
