#!/usr/bin/env bash
# Make a drag-to-Applications .dmg from calwizard.app; sign and notarize it when configured.
#
#   bash packaging/macos/make_dmg.sh dist/onedir/calwizard.app dist/calwizard-0.1.0-macos-arm64.dmg
#   (packaging/build.py --dmg calls it)
#
# Unsigned (no variables set): a plain .dmg with an ad-hoc signed app - fine on the build Mac and for
# testers who right-click > Open. For distribution set:
#
#   CALWIZARD_CODESIGN_IDENTITY  "Developer ID Application: Example GmbH (ABCDE12345)" - must be set for
#                                the BUILD too (the spec signs every binary with the hardened runtime);
#                                here it signs the .dmg and checks the app's signature
#   CALWIZARD_TEAM_ID            ABCDE12345 - checked against the identity; passed to notarytool
#   Notarization, one of:
#     CALWIZARD_NOTARY_KEY       path to the App Store Connect API key (AuthKey_XXXXXXXXXX.p8)
#     CALWIZARD_NOTARY_KEY_ID    its key ID (XXXXXXXXXX)
#     CALWIZARD_NOTARY_ISSUER    its issuer ID (a UUID; Users and Access > Integrations in App Store Connect)
#   or
#     CALWIZARD_NOTARY_PROFILE   a keychain profile made once with `xcrun notarytool store-credentials`
#   CALWIZARD_NOTARIZE=0         skip notarization even when credentials are set
#
# Notarization submits the .app (zipped), staples its ticket to it, builds the .dmg from the stapled app,
# submits and staples the .dmg, and checks both with spctl. Each submission waits for Apple (minutes).
set -euo pipefail

APP="${1:?usage: make_dmg.sh PATH/calwizard.app OUT.dmg}"
DMG="${2:?usage: make_dmg.sh PATH/calwizard.app OUT.dmg}"
IDENTITY="${CALWIZARD_CODESIGN_IDENTITY:-}"
TEAM_ID="${CALWIZARD_TEAM_ID:-}"
VOLNAME="calwizard"

[ "$(uname -s)" = "Darwin" ] || { echo "make_dmg.sh: runs on macOS only" >&2; exit 2; }
[ -d "$APP" ] || { echo "make_dmg.sh: no app bundle at $APP" >&2; exit 2; }

if [ -n "$IDENTITY" ]; then
  if [ -n "$TEAM_ID" ] && [[ "$IDENTITY" != *"($TEAM_ID)"* ]]; then
    echo "make_dmg.sh: CALWIZARD_CODESIGN_IDENTITY '$IDENTITY' is not of team $TEAM_ID" >&2; exit 2
  fi
  echo "make_dmg.sh: checking the app's signature"
  codesign --verify --deep --strict --verbose=2 "$APP"
  if ! codesign -dv "$APP" 2>&1 | grep -q "Authority=Developer ID Application"; then
    echo "make_dmg.sh: $APP is not signed with a Developer ID: build it with CALWIZARD_CODESIGN_IDENTITY set" >&2
    exit 2
  fi
else
  echo "make_dmg.sh: CALWIZARD_CODESIGN_IDENTITY not set: unsigned .dmg (ad-hoc signed app, no notarization)"
fi

STAGE="$(mktemp -d "${TMPDIR:-/tmp}/calwizard-dmg.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT

notary_args=()
if [ -n "${CALWIZARD_NOTARY_PROFILE:-}" ]; then
  notary_args=(--keychain-profile "$CALWIZARD_NOTARY_PROFILE")
elif [ -n "${CALWIZARD_NOTARY_KEY:-}" ]; then
  : "${CALWIZARD_NOTARY_KEY_ID:?CALWIZARD_NOTARY_KEY_ID is needed with CALWIZARD_NOTARY_KEY}"
  notary_args=(--key "$CALWIZARD_NOTARY_KEY" --key-id "$CALWIZARD_NOTARY_KEY_ID")
  if [ -n "${CALWIZARD_NOTARY_ISSUER:-}" ]; then notary_args+=(--issuer "$CALWIZARD_NOTARY_ISSUER"); fi
  if [ -n "$TEAM_ID" ]; then notary_args+=(--team-id "$TEAM_ID"); fi
fi
NOTARIZE=0
if [ -n "$IDENTITY" ] && [ ${#notary_args[@]} -gt 0 ] && [ "${CALWIZARD_NOTARIZE:-1}" != "0" ]; then NOTARIZE=1; fi

notarize() {  # FILE: submit, wait for Apple's verdict, print the log when it is not accepted
  echo "make_dmg.sh: notarizing $(basename "$1") (waits for Apple's verdict, usually minutes)"
  if ! xcrun notarytool submit "$1" "${notary_args[@]}" --wait --timeout 30m --output-format json \
        | tee "$STAGE/notary.json" | grep -q '"status" *: *"Accepted"'; then
    local id
    id="$(sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' "$STAGE/notary.json" | head -1)"
    echo "make_dmg.sh: notarization of $1 was not accepted; Apple's log:" >&2
    if [ -n "$id" ]; then xcrun notarytool log "$id" "${notary_args[@]}" >&2 || true; fi
    exit 1
  fi
}

# 1. The app first, so that its own ticket is stapled to it (it then opens offline, also from the app zip).
if [ "$NOTARIZE" = "1" ]; then
  ditto -c -k --keepParent "$APP" "$STAGE/app.zip"
  notarize "$STAGE/app.zip"
  xcrun stapler staple "$APP"
fi

# 2. The image: the app plus a link to /Applications to drag it onto; signed when an identity is set.
mkdir -p "$STAGE/root"
ditto "$APP" "$STAGE/root/$(basename "$APP")"
ln -s /Applications "$STAGE/root/Applications"
rm -f "$DMG"
hdiutil create -volname "$VOLNAME" -srcfolder "$STAGE/root" -fs HFS+ -format UDZO -imagekey zlib-level=9 -ov "$DMG" >/dev/null
if [ -n "$IDENTITY" ]; then
  codesign --force --sign "$IDENTITY" --timestamp "$DMG"
fi

# 3. The image itself.
if [ "$NOTARIZE" = "1" ]; then
  notarize "$DMG"
  xcrun stapler staple "$DMG"
  spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
  spctl --assess --type execute --verbose=2 "$APP"
  echo "make_dmg.sh: notarized and stapled: $DMG"
elif [ -n "$IDENTITY" ]; then
  echo "make_dmg.sh: signed, not notarized (no notary credentials, or CALWIZARD_NOTARIZE=0): $DMG"
else
  echo "make_dmg.sh: $DMG"
fi
