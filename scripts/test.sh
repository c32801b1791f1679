#!/usr/bin/env bash
# Builds Lathe with its tests (preset "dev": build/dev) and runs the whole suite.
# First run on 2 cores: 20-30 minutes to build (LibTorch is heavy), ~2.5 minutes to test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset dev -DLATHE_BUILD_TESTS=ON -DLATHE_BUILD_GUI=ON
cmake --build --preset dev
ctest --preset dev
