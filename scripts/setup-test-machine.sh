#!/usr/bin/env bash
# Installs what the test suite needs from Debian's packages when it is missing:
# Chromium (Playwright drives /usr/bin/chromium), the PostgreSQL server binaries, and Go with the
# Sprig and sigs.k8s.io/yaml libraries (the Helm chart tests build deploy/helm-render offline from them).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
if ! command -v initdb >/dev/null 2>&1 || ! command -v pg_ctl >/dev/null 2>&1; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then need+=(postgresql); fi
fi
command -v go >/dev/null 2>&1 || need+=(golang-go)
[ -d /usr/share/gocode/src/github.com/Masterminds/sprig ] || need+=(golang-github-masterminds-sprig-dev)
[ -d /usr/share/gocode/src/sigs.k8s.io/yaml ] || need+=(golang-k8s-sigs-yaml-dev)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup-test-machine: installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Debian keeps the server binaries off PATH; expose them for this machine.
if ! command -v initdb >/dev/null 2>&1; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  for b in initdb pg_ctl postgres pg_dump pg_restore; do
    [ -e "/usr/local/bin/$b" ] || ${SUDO:-} ln -s "$bindir/$b" "/usr/local/bin/$b"
  done
fi
id postgres >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] || useradd --system --no-create-home postgres; }
echo "setup-test-machine: chromium $(/usr/bin/chromium --version 2>/dev/null | head -n1); $(initdb --version); $(go version)"
