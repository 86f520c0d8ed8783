# shellcheck shell=bash
# tests/lib/chromium.sh — headless Chromium for the HTML report tests.
#
#   . "$src/tests/lib/chromium.sh"     # needs `failures` set; exits the test
#                                      # (skipped) where no browser is installed
#
# Defines chrome ARGS…: Chromium, headless, offline, with a throwaway profile
# removed when the test exits.
if [[ ! -x /usr/bin/chromium ]]; then
  echo "chromium not installed: skipped"
  [[ $failures -eq 0 ]]
  exit
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chrome() {
  timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" "$@"
}
