#!/usr/bin/env bash
# Fault injection, long: SIGKILL lathe-cli at random moments of one run, resumed again and
# again ([kills], default 100), then every named crash point, SIGTERM/SIGINT, the disk-full
# cases and concurrent writers once (tests/app/tst_faults.cpp; ctest runs the same slots
# with 3 kills). Needs the dev build (scripts/test.sh, or cmake --build --preset dev).
#   scripts/fault-inject.sh [kills] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-100}"
seed="${2:-$RANDOM}"
test_binary=build/dev/tests/tst_faults
if [[ ! -x $test_binary ]]; then
    echo "fault-inject: $test_binary is missing; build the dev preset first (scripts/test.sh)" >&2
    exit 2
fi
echo "fault-inject: $kills random kills, seed $seed ($(date -u +%FT%TZ), $(nproc) cores)"
start=$SECONDS
LATHE_FAULT_KILLS="$kills" LATHE_FAULT_SEED="$seed" QT_QPA_PLATFORM=offscreen QTEST_FUNCTION_TIMEOUT=86400000 \
    "$test_binary" -maxwarnings 0
echo "fault-inject: passed in $((SECONDS - start)) s"
