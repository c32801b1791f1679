#!/usr/bin/env bash
# Installs the Debian 12 packages Lathe needs to build, test and run. Idempotent: when
# everything is present it only asks dpkg (well under a second) and installs nothing.
set -euo pipefail

packages=(
  # toolchain
  cmake ninja-build g++ pkg-config ccache
  # engine
  libtorch-dev libopenblas0-pthread libopenblas0-openmp libdnnl-dev libfmt-dev libsqlite3-dev nlohmann-json3-dev libcli11-dev
  libsentencepiece-dev libcsv-dev libxxhash-dev libminizip-dev
  # workbench
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libxkbcommon-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-translations-l10n fonts-wqy-microhei
  # screenshots under a virtual display; the PyTorch, pandas, Optuna, scikit-learn and gensim references of
  # bench/, and the real texts of its baseline benchmark (Debian's fortunes)
  xvfb xauth python3-torch python3-pandas python3-optuna python3-scipy python3-sklearn python3-gensim fortunes
  # the package and its checks (scripts/package.sh)
  dpkg-dev lintian desktop-file-utils appstream
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages are installed."
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "install-deps: run as root (or install sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q "${missing[@]}"
