#!/usr/bin/env bash
# Configures (once) and builds localoffer into build/, then builds the front-end assets.
# BUILD_DIR and CMAKE_BUILD_TYPE may be overridden; extra CMake flags go in CMAKE_FLAGS.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-build}"
build_type="${CMAKE_BUILD_TYPE:-RelWithDebInfo}"
jobs="${JOBS:-$(nproc)}"

# ccache, when the machine has it, makes rebuilds (and clean clones on the same machine) fast.
launcher=""
if command -v ccache >/dev/null; then
  launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
fi
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" $launcher ${CMAKE_FLAGS:-}
fi
cmake --build "$build_dir" -j "$jobs"
if [ -x scripts/build-assets.sh ] && [ -f package.json ]; then
  scripts/build-assets.sh
fi
