#!/usr/bin/env bash
# Adoption benchmark (release build): an account of 10,000 alarms as describe-alarms JSON in
# 100 pages (and a composite alarm per page). Measures the baseline (Python's json module
# reading the same pages), `oncall import cloudwatch` of all of them into a new repository,
# and `oncall drift` of the same pages against the imported configuration; median of 5 runs,
# with peak memory. Writes bench/CLOUDWATCH-RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_describe_alarms.py "$work/pages" 10000
bin=$PWD/target/release/oncall
cp -r tests/fixtures/cloudwatch/account "$work/repo"
"$bin" --root "$work/repo" import cloudwatch "$work"/pages/*.json --today 2026-12-01 > /dev/null
results=$(python3 bench/measure.py 5 \
  "json.load (baseline)" -- python3 -c "import json,sys; [json.load(open(p)) for p in sys.argv[1:]]" "$work"/pages/*.json :: \
  "import cloudwatch (10,000 + 100 composite)" -- sh -c "rm -rf '$work/fresh' && cp -r tests/fixtures/cloudwatch/account '$work/fresh' && exec '$bin' --root '$work/fresh' import cloudwatch '$work'/pages/*.json --today 2026-12-01" :: \
  "drift (10,000 + 100 composite)" -- sh -c "'$bin' --root '$work/repo' drift '$work'/pages/*.json --today 2026-12-01; [ \$? -eq 1 ]")
python3 - "$results" > bench/CLOUDWATCH-RESULTS.md <<'PY'
import json, sys, platform, os
rows = [json.loads(l) for l in sys.argv[1].splitlines()]
base = rows[0]["median_s"]
print("# Adoption benchmark\n")
print("An account of 10,000 alarms (single-metric with units and percentiles, metric math, anomaly")
print("bands) and 100 composite alarms, as `aws cloudwatch describe-alarms` prints it in 100 pages.")
print(f"Release build, median of 5 runs, {os.cpu_count()} cores, {platform.machine()}. Baseline: Python's")
print("json module reading the same pages. `import` includes `cp` of the repository and writes")
print("10,100 playbook stubs; `drift` reports every alarm (imported, not yet deployed).\n")
print("| command | median wall | x baseline | peak memory |")
print("|---|---:|---:|---:|")
for r in rows:
    print(f"| {r['label']} | {r['median_s']*1000:.0f} ms | {r['median_s']/base:.2f}x | {r['peak_mb']:.0f} MB |")
PY
cat bench/CLOUDWATCH-RESULTS.md
