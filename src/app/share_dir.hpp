// Where the binary finds templates/, static/, demo/ and db/ when no --share (or share setting)
// is given.
#pragma once

#include <string>

namespace lo::app {

// PREFIX/share/localoffer when the binary runs from PREFIX/bin and that folder holds templates/
// (an install, a Debian package, or a package unpacked into any folder); otherwise the source
// tree the binary was built from, so build/localoffer works without an install step.
std::string default_share_dir();

}  // namespace lo::app
