#!/usr/bin/env bash
# Lint and generate benchmark (release build) on synthetic repositories in the SPEC format:
# 10,000 alarms in 100 files, 10,000 playbooks, 500 people, a 1-year window; and lint at
# 1,000 and 50,000 alarms for scaling. Measured in one run, median of 5 (3 for the slow
# peers), with peak memory:
#   - the parse floor: read the same files and parse their YAML (examples/parse_floor.rs);
#   - oncall lint;
#   - check-jsonschema (pinned) validating the alarm and roster files against schemas/;
#   - oncall generate (schedule, calendars, templates);
#   - cfn-lint over the generated templates.
# Writes bench/RESULTS.md. Needs python3 with venv; installs its peers into bench/.venv.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example parse_floor
python3 -m venv bench/.venv
bench/.venv/bin/pip install --quiet --disable-pip-version-check check-jsonschema==0.33.0 cfn-lint==1.51.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 1000 10000 50000; do
  python3 bench/gen_lint_repo.py "$work/r$n" "$n" 500 > /dev/null
done
bin=target/release/oncall
floor=target/release/examples/parse_floor
r=$work/r10000
"$bin" --root "$r" generate --today 2027-01-01 --out "$work/gen" > /dev/null
cj=bench/.venv/bin/check-jsonschema
schemas=schemas
rows=$(
  python3 bench/measure.py 5 \
    "parse floor (10k)" -- "$floor" "$r" :: \
    "oncall lint (10k)" -- "$bin" --root "$r" lint :: \
    "oncall generate (10k)" -- sh -c "rm -rf '$work/g2' && exec '$bin' --root '$r' generate --today 2027-01-01 --out '$work/g2'" :: \
    "parse floor (1k)" -- "$floor" "$work/r1000" :: \
    "oncall lint (1k)" -- "$bin" --root "$work/r1000" lint :: \
    "parse floor (50k)" -- "$floor" "$work/r50000" :: \
    "oncall lint (50k)" -- "$bin" --root "$work/r50000" lint
  python3 bench/measure.py 3 \
    "check-jsonschema (10k, alarms + roster)" -- sh -c "'$cj' --schemafile $schemas/alarms.schema.json '$r'/alarms/*.yaml && '$cj' --schemafile $schemas/team.schema.json '$r'/roster/team.yaml && '$cj' --schemafile $schemas/policy.schema.json '$r'/roster/policy.yaml" :: \
    "cfn-lint (generated templates, 10k)" -- sh -c "bench/.venv/bin/cfn-lint '$work/gen'/cloudformation/*.yaml"
)
python3 - "$rows" > bench/RESULTS.md <<'PY'
import json, sys, os, platform
rows = {r["label"]: r for r in map(json.loads, sys.argv[1].splitlines())}
floor = rows["parse floor (10k)"]["median_s"]
print("# Lint and generate benchmark\n")
print("Synthetic repository: 10,000 alarms in 100 files (one in ten metric math), 10,000 playbooks,")
print(f"500 people, a 1-year window. Release build, {os.cpu_count()} cores, {platform.machine()}; median of 5 runs")
print("(3 for check-jsonschema and cfn-lint). Ratios are to the parse floor (reading and YAML-parsing")
print("the same files) measured in the same run. Produced by `bench/lint.sh`.\n")
print("| command | median wall | x parse floor | peak memory |")
print("|---|---:|---:|---:|")
for label in ["parse floor (10k)", "oncall lint (10k)", "check-jsonschema (10k, alarms + roster)", "oncall generate (10k)", "cfn-lint (generated templates, 10k)"]:
    r = rows[label]
    print(f"| {label} | {r['median_s']*1000:.0f} ms | {r['median_s']/floor:.2f}x | {r['peak_mb']:.0f} MB |")
lint, cj = rows["oncall lint (10k)"]["median_s"], rows["check-jsonschema (10k, alarms + roster)"]["median_s"]
print(f"\n`oncall lint` is **{cj/lint:.1f}x faster** than check-jsonschema on the same files (which checks")
print("only the schemas, not the cross-file and CloudWatch rules), and takes")
print(f"**{lint/floor:.2f}x** the parse floor.\n")
print("Scaling of lint with the number of alarms (as many playbooks):\n")
print("| alarms | parse floor | oncall lint | lint / floor |")
print("|---:|---:|---:|---:|")
for n in ["1k", "10k", "50k"]:
    f, l = rows[f"parse floor ({n})"]["median_s"], rows[f"oncall lint ({n})"]["median_s"]
    print(f"| {n} | {f*1000:.0f} ms | {l*1000:.0f} ms | {l/f:.2f}x |")
gen = rows["oncall generate (10k)"]
per_alarm = [rows[f"oncall lint ({n})"]["median_s"] / a for n, a in [("1k", 1e3), ("10k", 1e4), ("50k", 5e4)]]
targets = [
    ("lint at most 2x the parse floor", f"{lint/floor:.2f}x", lint / floor <= 2),
    ("lint at least 10x faster than check-jsonschema", f"{cj/lint:.1f}x", cj / lint >= 10),
    ("lint under 1 s and 200 MB (10k)", f"{lint*1000:.0f} ms, {rows['oncall lint (10k)']['peak_mb']:.0f} MB", lint < 1 and rows["oncall lint (10k)"]["peak_mb"] < 200),
    ("generate under 1 s and 200 MB (10k)", f"{gen['median_s']*1000:.0f} ms, {gen['peak_mb']:.0f} MB", gen["median_s"] < 1 and gen["peak_mb"] < 200),
    ("lint linear in alarms (time per alarm, 50k / 1k)", f"{per_alarm[2]/per_alarm[0]:.2f}x", per_alarm[2] / per_alarm[0] <= 1.25),
]
print("\nTargets of issue #6:\n")
print("| target | measured | met |")
print("|---|---:|---|")
for name, measured, met in targets:
    print(f"| {name} | {measured} | {'yes' if met else '**no**'} |")
PY
cat bench/RESULTS.md
