#!/usr/bin/env bash
# Formats every C++ file with the repo's .clang-format (clang-format 14, Debian 12's default).
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files '*.cpp' '*.hpp' | xargs -r clang-format -i
