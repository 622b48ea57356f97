#!/usr/bin/env bash
# Scheduling benchmark (release build): 500 people in both rotations over 3 years. Measures
# `oncall lint` (the baseline: reading and validating the same roster), `generate` from
# scratch, `generate` again over its own output (the stability path), and a year later:
# 365 days of history kept and counted, 3 months planned ahead; median of 5 runs, with peak
# memory; and from scratch with the on-call weekly. Every run is as of a fixed day (--today). Writes bench/SCHEDULE-RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_schedule_repo.py "$work/repo" 500 3 > /dev/null
bin=target/release/oncall
day=2027-01-04
"$bin" --root "$work/repo" generate --today "$day" --out "$work/kept" > /dev/null
# A year on: a rolling plan to the end of the month two months ahead (about three months),
# the year before is history.
cp -r "$work/repo" "$work/later"
sed -i 's/^schedule: .*/schedule: { from: 2027-01-04, horizon_months: 2 }/' "$work/later/roster/policy.yaml"
cp -r "$work/kept" "$work/h"
"$bin" --root "$work/later" generate --today 2028-01-04 --out "$work/h" > /dev/null
# The same team with a weekly on-call (24-hour days, a week per person).
cp -r "$work/repo" "$work/weekly"
sed -i 's/^    windows: { weekday: "15:00-22:00", weekend: "09:00-22:00" }/    windows: { weekday: "09:00-09:00", weekend: "09:00-09:00" }\n    handoff: weekly/' "$work/weekly/roster/policy.yaml"
grep -q 'handoff: weekly' "$work/weekly/roster/policy.yaml"
# Two people in both rotations over two years: every exchange of the weekday repair clashes,
# so its work bound and the exact program are what end it (a plan that once ran for minutes).
"$bin" init "$work/pair" --today 2026-01-04 > /dev/null
sed -i 's/^schedule: .*/schedule: { from: 2026-01-04, until: 2027-12-31 }/' "$work/pair/roster/policy.yaml"
python3 - "$work/pair/roster/team.yaml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
head = text.split("\n  - id: ")[0]
people = [("alex", "2025-11-16", 1), ("blake", "2025-11-06", 2)]
for pid, started, n in people:
    head += (f"\n  - id: {pid}\n    name: {pid.title()} Example\n    email: {pid}@example.com\n"
             f"    phone: \"+44163296000{n}\"\n    slack: U000000000{n}\n    started: {started}\n"
             "    rotations: [on-call, incident-commander]\n    preparation: [smartphone, contacts, slack-app, vpn]\n")
open(path, "w").write(head)
PY
results=$(python3 bench/measure.py 5 \
  lint -- "$bin" --root "$work/repo" lint --today "$day" :: \
  "generate (fresh)" -- sh -c "rm -rf '$work/fresh' && exec '$bin' --root '$work/repo' generate --today $day --out '$work/fresh'" :: \
  "generate (over previous)" -- "$bin" --root "$work/repo" generate --today "$day" --out "$work/kept" :: \
  "generate (a year later: 365 days of history, 3 months ahead)" -- "$bin" --root "$work/later" generate --today 2028-01-04 --out "$work/h" :: \
  "generate (fresh, weekly on-call)" -- sh -c "rm -rf '$work/wk' && exec '$bin' --root '$work/weekly' generate --today $day --out '$work/wk'" :: \
  "generate (2 people in both rotations, 2 years)" -- sh -c "rm -rf '$work/pg' && exec '$bin' --root '$work/pair' generate --today 2026-01-04 --out '$work/pg'")
shifts=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['shifts']))" "$work/kept/schedule.json")
python3 - "$shifts" "$results" > bench/SCHEDULE-RESULTS.md <<'PY'
import json, sys, platform, os
shifts, rows = sys.argv[1], [json.loads(l) for l in sys.argv[2].splitlines()]
base = rows[0]["median_s"]
print("# Scheduling benchmark\n")
print(f"500 people in on-call and incident-commander, 3 years ({shifts} shifts), 2 weeks of time off per")
print("person per year, 24 pitch cycles of 30 people, 50 overrides. Release build, median of 5 runs,")
print(f"{os.cpu_count()} cores, {platform.machine()}. Baseline: `oncall lint` of the same repository.\n")
print("| command | median wall | x lint | peak memory |")
print("|---|---:|---:|---:|")
for r in rows:
    print(f"| {r['label']} | {r['median_s']*1000:.0f} ms | {r['median_s']/base:.1f}x | {r['peak_mb']:.0f} MB |")
PY
cat bench/SCHEDULE-RESULTS.md
