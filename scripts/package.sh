#!/usr/bin/env bash
# Builds the Debian package from the release preset and checks it:
#   scripts/package.sh            -> build/release/package/lathe_<version>_amd64.deb
# Then runs lintian, desktop-file-validate and appstreamcli on what it ships, and prints the
# package's size and its computed dependencies. Exit status: 0 when the checks pass
# (lintian tags listed in packaging/lintian-explained.txt are reported but allowed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
for tool in lintian desktop-file-validate appstreamcli dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "package: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
cmake --preset release >/dev/null
cmake --build --preset release
rm -rf build/release/package
cpack --preset release
deb=$(ls build/release/package/lathe_*.deb)
echo "== $deb: $(du -h "$deb" | cut -f1) ($(stat -c %s "$deb") bytes)"
dpkg-deb --field "$deb" Depends | tr ',' '\n' | sed 's/^ */  depends: /'
status=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work"
echo "== desktop-file-validate"
desktop-file-validate "$work/usr/share/applications/lathe.desktop" || status=1
echo "== appstreamcli validate"
appstreamcli validate --no-net "$work/usr/share/metainfo/io.lathe.Lathe.metainfo.xml" || status=1
echo "== lintian"
# Tags we keep on purpose are explained, one per line, in packaging/lintian-explained.txt.
explained=$(grep -v '^#' packaging/lintian-explained.txt | cut -d' ' -f1 | paste -sd, -)
lintian --tag-display-limit 0 --suppress-tags "$explained" "$deb" || status=1
lintian --tag-display-limit 0 --tags "$explained" "$deb" | sed 's/^/  explained: /' || true
exit $status
