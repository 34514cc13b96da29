#!/usr/bin/env bash
# CI packaging step (.ci/run calls it after the tests): build the Linux one-dir executable from
# packaging/calwizard.spec and smoke-test the FROZEN program (packaging/smoke_test.sh).
# Debian/Ubuntu; ~1.5 min on 2 cores. Exits non-zero on any failure.
#   bash scripts/ci-package.sh              build + smoke test
#   SKIP_BUILD=1 bash scripts/ci-package.sh smoke-test the existing dist/onedir
set -euo pipefail
cd "$(dirname "$0")/.."
START=$(date +%s)

# Build tools and the libraries the frozen program loads at run time (docs/building.md lists them).
# binutils: PyInstaller reads ELF dependencies with objdump. The rest: Qt's xcb/offscreen platforms,
# OpenGL/EGL, fonts (without fonts the wizard draws empty boxes for letters).
APT_PACKAGES=(
  binutils
  libglib2.0-0 libegl1 libgl1 libx11-6 libx11-xcb1 libdbus-1-3 libfontconfig1 libfreetype6
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxcb-randr0 libxcb-xfixes0 libxcb-sync1
  fonts-dejavu-core fontconfig-config
)
if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PY="${PYTHON:-python3}"
if [ -z "${SKIP_BUILD:-}" ]; then
  # The [build] extra carries PyInstaller; fall back to installing it directly while the extra is absent.
  "$PY" -m pip install -q --disable-pip-version-check -e ".[build]"
  "$PY" -c "import PyInstaller" 2>/dev/null \
    || "$PY" -m pip install -q --disable-pip-version-check "pyinstaller>=6.10"
  echo "== ci-package: building the one-dir executable (packaging/build.py)"
  "$PY" packaging/build.py
fi

EXPECT="$("$PY" -c 'from importlib.metadata import version; print(version("calwizard"))')"
echo "== ci-package: smoke-testing the frozen program"
CALWIZARD_EXPECT_VERSION="$EXPECT" bash packaging/smoke_test.sh dist/onedir
echo "== ci-package: done in $(( $(date +%s) - START ))s"
