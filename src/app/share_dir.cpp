// The default share folder (share_dir.hpp).
#include "app/share_dir.hpp"

#include <filesystem>

#ifndef LOCALOFFER_SHARE_DIR
#define LOCALOFFER_SHARE_DIR "."
#endif

namespace lo::app {

std::string default_share_dir() {
    namespace fs = std::filesystem;
    std::error_code ec;
    // Found from the binary's own path rather than a path fixed at build time, so an install
    // under any prefix (or a throwaway root in the package test) finds its own files.
    const auto binary = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = binary.parent_path().parent_path() / "share" / "localoffer";
        if (fs::is_directory(installed / "templates", ec)) return installed.string();
    }
    return LOCALOFFER_SHARE_DIR;
}

}  // namespace lo::app
