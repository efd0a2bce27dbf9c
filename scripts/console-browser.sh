#!/usr/bin/env bash
# The console's browser tests, long form: every main page of every role in Tibetan, Chinese and English at 360 and
# 1280 px (screenshot, axe-core, console errors, sideways scroll, page weight), the clinic-day flow, security and
# Tibetan rendering. `swift test --filter ConsoleBrowserTests` runs the short form.
#   scripts/console-browser.sh                 a fresh demo clinic (seed, 300 residents) on a free port
#                                              (SERVER_BIN=.build/debug/clinic-server: skip the release build)
#   BASE_URL=http://host:port CONSOLE_STAFF_USER=... scripts/console-browser.sh   against a running server (the
#                                              CONSOLE_* variables of scripts/console/run.py)
# Screenshots go to CONSOLE_SCREENSHOTS (default: a new directory under /tmp, printed). Extra arguments go to
# run.py (e.g. --only pages). Needs chromium, chromium-driver, the fonts and the Python packages of .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export CONSOLE_SCREENSHOTS=${CONSOLE_SCREENSHOTS:-$(mktemp -d /tmp/console-browser-XXXXXX)}
if [ -z "${BASE_URL:-}" ]; then
    . bench/lib-server.sh
    # SERVER_BIN: a clinic-server already built (else the release build, as the benchmarks use).
    CLINIC_BIN=${SERVER_BIN:-}
    start_demo_server 300
    export BASE_URL=$SERVER_URL
    export CONSOLE_ADMIN_USER=demo-admin CONSOLE_ADMIN_PASSWORD=$DEMO_PASSWORD
    export CONSOLE_STAFF_USER=demo-staff CONSOLE_STAFF_PASSWORD=$DEMO_PASSWORD
    export CONSOLE_COUNTY_USER=demo-countyAdmin CONSOLE_COUNTY_PASSWORD=$DEMO_PASSWORD
    export CONSOLE_VIEWER_USER=demo-countyViewer CONSOLE_VIEWER_PASSWORD=$DEMO_PASSWORD
    # The demo seed fills the first clinic's last month (Seed/DemoMonth.swift): the reports part reads it.
    CONSOLE_REPORT_MONTH=$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m)
    export CONSOLE_REPORT_MONTH
    eval "$(python3 scripts/console/prepare.py)"
fi
echo "screenshots: $CONSOLE_SCREENSHOTS" >&2
python3 scripts/console/run.py "$@"
