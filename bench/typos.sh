#!/usr/bin/env bash
# Unknown-key findings at scale (release build): the 10,000-alarm repository of
# bench/lint.sh, clean and with a typo in every alarm (`evaluation_period:`), linted in
# the same run; human and JSON output; and the same alarms in one file. Each unknown key
# looks up the allowed keys in its kind's schema, generated and compiled once per run.
# Writes bench/TYPOS-RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_lint_repo.py "$work/clean" 10000 500 > /dev/null
cp -r "$work/clean" "$work/typos"
sed -i 's/^    evaluation_periods: /    evaluation_period: /' "$work/typos"/alarms/*.yaml
# The same alarms in one file, clean and with the typos (a quadratic step per file would show).
for kind in clean typos; do
  cp -r "$work/$kind" "$work/one-$kind"
  rm "$work/one-$kind"/alarms/*.yaml
  { echo "alarms:"; cat "$work/$kind"/alarms/*.yaml | grep -v -e '^alarms:' -e '^log_metric_filters:'; } > "$work/one-$kind/alarms/all.yaml"
done
bin=target/release/oncall
findings=$("$bin" --root "$work/typos" lint --format json | python3 -c 'import json,sys; print(sum(d["code"] == "OC102" for d in json.load(sys.stdin)["diagnostics"]))' || true)
rows=$(
  python3 bench/measure.py 5 \
    "lint, clean (10k alarms)" -- "$bin" --root "$work/clean" lint :: \
    "lint, 10k unknown keys (human)" -- sh -c "'$bin' --root '$work/typos' lint; test \$? -eq 1" :: \
    "lint, 10k unknown keys (json)" -- sh -c "'$bin' --root '$work/typos' lint --format json; test \$? -eq 1" :: \
    "lint, clean, the alarms in one file" -- "$bin" --root "$work/one-clean" lint :: \
    "lint, 10k unknown keys in one file (json)" -- sh -c "'$bin' --root '$work/one-typos' lint --format json; test \$? -eq 1"
)
python3 - "$rows" "$findings" > bench/TYPOS-RESULTS.md <<'PY'
import json, sys, os, platform
rows = [json.loads(line) for line in sys.argv[1].splitlines()]
base = rows[0]["median_s"]
print("# Unknown keys at scale\n")
print(f"The repository of `bench/lint.sh` (10,000 alarms), clean, and with `evaluation_periods` misspelt in every")
print(f"alarm ({sys.argv[2]} unknown-key findings, OC102). Release build, {os.cpu_count()} cores, {platform.machine()},")
print("median of 5 runs, ratios to the clean lint measured in the same run. Produced by `bench/typos.sh`.\n")
print("| command | median wall | x clean lint | peak memory |")
print("|---|---:|---:|---:|")
for r in rows:
    print(f"| {r['label']} | {r['median_s']*1000:.0f} ms | {r['median_s']/base:.2f}x | {r['peak_mb']:.0f} MB |")
PY
cat bench/TYPOS-RESULTS.md
