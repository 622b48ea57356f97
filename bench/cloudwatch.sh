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
# The team writes the playbooks (drift wants a configuration that lints clean, as after adoption).
find "$work/repo/playbooks" -name '*.md' -exec sed -i 's/^TODO.*/Written by the team./' {} +
results=$(python3 bench/measure.py 5 \
  "json.load (baseline)" -- python3 -c "import json,sys; [json.load(open(p)) for p in sys.argv[1:]]" "$work"/pages/*.json :: \
  "json.load + write the same files (baseline)" -- sh -c "rm -rf '$work/copy' && exec python3 bench/write_like_import.py '$work/repo' '$work/copy' '$work'/pages/*.json" :: \
  "import cloudwatch (10,000 + 100 composite)" -- sh -c "rm -rf '$work/fresh' && cp -r tests/fixtures/cloudwatch/account '$work/fresh' && exec '$bin' --root '$work/fresh' import cloudwatch '$work'/pages/*.json --today 2026-12-01" :: \
  "oncall lint (the imported repository, baseline of drift)" -- "$bin" --root "$work/repo" lint --today 2026-12-01 :: \
  "drift (10,000 + 100 composite)" -- sh -c "'$bin' --root '$work/repo' drift '$work'/pages/*.json --today 2026-12-01; [ \$? -eq 1 ]")
python3 - "$results" > bench/CLOUDWATCH-RESULTS.md <<'PY'
import json, sys, platform, os
rows = [json.loads(l) for l in sys.argv[1].splitlines()]
base = rows[0]["median_s"]
print("# Adoption benchmark\n")
print("An account of 10,000 alarms (single-metric with units and percentiles, metric math, anomaly")
print("bands) and 100 composite alarms, as `aws cloudwatch describe-alarms` prints it in 100 pages.")
print(f"Release build, median of 5 runs, {os.cpu_count()} cores, {platform.machine()}. Baselines: Python's")
print("json module reading the same pages, and reading them then writing the files `import` writes")
print("(the same names and sizes, 10,100 playbook stubs and the alarm files, each through a")
print("temporary file renamed into place, as `import` does). `import` includes `cp` of the")
print("repository. `drift` runs after the playbooks are written (it needs a configuration that lints")
print("clean: the lint row is that part) and reports every alarm (imported, not yet deployed).\n")
print("| command | median wall | x json.load | x json.load + write | x lint | peak memory |")
print("|---|---:|---:|---:|---:|---:|")
write, lint = rows[1]["median_s"], rows[3]["median_s"]
for r in rows:
    print(f"| {r['label']} | {r['median_s']*1000:.0f} ms | {r['median_s']/base:.2f}x | {r['median_s']/write:.2f}x | {r['median_s']/lint:.2f}x | {r['peak_mb']:.0f} MB |")
PY
cat bench/CLOUDWATCH-RESULTS.md
