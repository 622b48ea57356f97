#!/usr/bin/env bash
# `notify --changes` benchmark (release build): 500 people in both rotations over 3 years in
# a git repository whose last commit regenerates the schedule after everyone on duty in the
# next three days fell sick (time off), so each of those shifts moves; and a clone 200 commits
# later that change nothing (the command walks back to the change and sends nothing).
# Measures the baselines (`git show` of both versions of generated/schedule.json read by
# Python's json module, and `oncall lint`, which `notify --changes` runs first) and
# `notify --changes --dry-run`; median of 5 runs, with peak memory. Writes
# bench/CHANGES-RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cargo build --release --locked --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$PWD/target/release/oncall
python3 bench/gen_schedule_repo.py "$work/repo" 500 3 > /dev/null
day=2027-03-01
cd "$work/repo"
git init --quiet --initial-branch=main
git -c user.name=b -c user.email=b@example.com commit --quiet --allow-empty -m start
"$bin" generate --today "$day" > /dev/null
git add -A && git -c user.name=b -c user.email=b@example.com commit --quiet -m "generated"
python3 - "$day" <<'PY'
import datetime, json, sys
day = datetime.date.fromisoformat(sys.argv[1])
shifts = json.load(open("generated/schedule.json"))["shifts"]
sick = sorted({s["person"] for s in shifts if day <= datetime.date.fromisoformat(s["date"]) <= day + datetime.timedelta(days=3)})
with open("roster/time-off.yaml", "a") as f:
    for p in sick:
        f.write(f"- {{ person: {p}, from: {day}, until: {day + datetime.timedelta(days=3)}, reason: flu }}\n")
print(f"{len(sick)} people fall sick", file=sys.stderr)
PY
"$bin" generate --today "$day" > /dev/null
git add -A && git -c user.name=b -c user.email=b@example.com commit --quiet -m "regenerated"
count=$("$bin" notify --changes --date "$day" --dry-run | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
# A copy where 200 later commits do not touch the schedule: the command walks back over them.
git clone --quiet . "$work/later"
cd "$work/later"
for i in $(seq 1 200); do
  echo "$i" > notes.txt
  git add notes.txt && git -c user.name=b -c user.email=b@example.com commit --quiet -m "notes $i"
done
cd "$root"
results=$(python3 bench/measure.py 5 \
  "git show both schedules + json.load (baseline)" -- sh -c "cd '$work/repo' && git show HEAD:generated/schedule.json HEAD~1:generated/schedule.json > '$work/both.json' && python3 -c \"import json; t=open('$work/both.json').read(); d=json.JSONDecoder(); a,i=d.raw_decode(t); b,_=d.raw_decode(t[i:].lstrip())\"" :: \
  "oncall lint (baseline)" -- "$bin" --root "$work/repo" lint --today "$day" :: \
  "notify --changes --dry-run" -- "$bin" --root "$work/repo" notify --changes --date "$day" --dry-run :: \
  "notify --changes, HEAD 200 commits after the change" -- "$bin" --root "$work/later" notify --changes --date "$day" --dry-run)
python3 - "$results" "$count" > bench/CHANGES-RESULTS.md <<'PY'
import json, sys, platform, os
rows = [json.loads(l) for l in sys.argv[1].splitlines()]
base, lint = rows[0]["median_s"], rows[1]["median_s"]
print("# `notify --changes` benchmark\n")
print("500 people in on-call and incident-commander over 3 years (1,855 shifts) in a git repository")
print("whose last commit regenerates the schedule after everyone on duty in the next three days")
print(f"fell sick, so {sys.argv[2]} people are told; and 200 commits later, none touching the schedule")
print("(the command walks back to the change and sends nothing). Release build, median of 5 runs,")
print(f"{os.cpu_count()} cores, {platform.machine()}. Baselines: `git show` of both versions of")
print("`generated/schedule.json` read by Python's json module, and `oncall lint`, which the command")
print("runs first.\n")
print("| command | median wall | x git show + json | x lint | peak memory |")
print("|---|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['label']} | {r['median_s']*1000:.0f} ms | {r['median_s']/base:.2f}x | {r['median_s']/lint:.2f}x | {r['peak_mb']:.0f} MB |")
PY
cat bench/CHANGES-RESULTS.md
