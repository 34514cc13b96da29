#!/usr/bin/env bash
# Runs the whole test suite. Starts a private D-Bus session with an unlocked gnome-keyring
# (a real Secret Service) when both are installed, so the keyring tests use a real backend.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1 \
   && [ -z "${CALWIZARD_IN_DBUS:-}" ]; then
  export CALWIZARD_IN_DBUS=1
  exec dbus-run-session -- sh -c 'printf calwizard-ci | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec python3 -m pytest "$@"' sh "$@"
fi
exec python3 -m pytest "$@"
