#!/usr/bin/env bash
# Renders a resident's printable health summary (GET /v1/residents/{id}/summary, Accept: text/html) with headless
# Chromium, as a PNG screenshot and an A4 PDF, to check that Tibetan and Chinese render with the installed fonts.
#
#   scripts/render-summary.sh [OUT_DIR]     # default bench/out
#
# Without CLINIC_URL it seeds a small demo clinic (RESIDENTS=300) and serves it from the release build;
# with CLINIC_URL and CLINIC_TOKEN (and optionally RESIDENT_ID) it uses that server.
# Needs: chromium (apt-get install chromium) and Tibetan/CJK fonts (apt-get install fonts-noto-core fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT_DIR="${1:-bench/out}"
mkdir -p "$OUT_DIR"
CHROMIUM="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$CHROMIUM" ] || { echo "chromium is not installed (apt-get install chromium)" >&2; exit 3; }
fc-list :lang=bo family | grep -q . || echo "warning: no font covers Tibetan (apt-get install fonts-noto-core)" >&2

if [ -n "${CLINIC_URL:-}" ]; then
    SERVER_URL="$CLINIC_URL"
    TOKEN="${CLINIC_TOKEN:?set CLINIC_TOKEN with CLINIC_URL}"
else
    . bench/lib-server.sh
    start_demo_server "${RESIDENTS:-300}"
    login staff
fi
# An elderly resident with a Tibetan name, so the page has every script and a filled health file.
RESIDENT_ID="${RESIDENT_ID:-$(curl -sf -H "Authorization: Bearer $TOKEN" "$SERVER_URL/v1/residents?minAge=65&limit=200" |
    python3 -c 'import json, sys
items = json.load(sys.stdin)["items"]
best = [r for r in items if r["names"].get("bo") and r["names"].get("zh")] or items
print(best[0]["id"])')}"
HTML="$OUT_DIR/summary.html"
curl -sf -H "Authorization: Bearer $TOKEN" -H 'Accept: text/html' "$SERVER_URL/v1/residents/$RESIDENT_ID/summary" -o "$HTML"

profile="$(mktemp -d)"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" --no-first-run)
# A4 at 96 dpi is 794 x 1123 CSS pixels.
page="file://$(realpath "$HTML")"
out="$(realpath "$OUT_DIR")"
"$CHROMIUM" "${flags[@]}" --window-size=794,1123 --screenshot="$out/summary.png" "$page" 2>"$out/chromium.log"
"$CHROMIUM" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/summary.pdf" "$page" 2>>"$out/chromium.log"
rm -rf "$profile"
[ -s "$out/summary.png" ] && [ -s "$out/summary.pdf" ] || { cat "$out/chromium.log" >&2; exit 1; }
echo "rendered $OUT_DIR/summary.png and $OUT_DIR/summary.pdf from $HTML"
