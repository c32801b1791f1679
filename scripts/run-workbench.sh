#!/usr/bin/env bash
# Installs what is missing, builds the workbench (preset "dev", shared with scripts/test.sh)
# and opens it on the bundled sample dataset. Extra arguments go to `lathe`
# (for example a dataset path, --db PATH or --lang zh_CN).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset dev -DLATHE_BUILD_GUI=ON
cmake --build --preset dev --target lathe lathe-cli
app=build/dev/app/gui/lathe
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "run-workbench: built $app, but there is no display to open it on." >&2
  echo "  Run this from a desktop session, or try it on a virtual display: xvfb-run -a $app" >&2
  exit 1
fi
exec "$app" "$@"
