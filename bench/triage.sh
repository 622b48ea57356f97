#!/usr/bin/env bash
# The Incident Commander's day at scale (release build): 10,000 messages over the three
# alert channels of one day, 200 per page, served by bench/slack_server.py on 127.0.0.1 from
# pages rendered before it starts. Measures the fetch floor (Python fetching and parsing the
# same calls over one keep-alive connection), `oncall lint` (what triage does first), `oncall
# triage --format json` and `oncall report alarms`; median of 5 runs with peak memory, and
# the seconds the server spent answering (excluded in the last column). Writes
# bench/TRIAGE-RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
work=$(mktemp -d)
python3 bench/gen_slack_workspace.py "$work/workspace.json" 10000
python3 bench/slack_server.py "$work/workspace.json" "$work/port" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
bin=$PWD/target/release/oncall
repo=tests/fixtures/triage
export SLACK_BOT_TOKEN=xoxb-bench SLACK_API_URL="http://127.0.0.1:$port"
stats() { python3 -c "import json,urllib.request; print(json.dumps(json.load(urllib.request.urlopen('http://127.0.0.1:$port/__stats'))))"; }
rows=()
measure() {
  local label=$1; shift
  local before after
  before=$(stats)
  local row
  row=$(python3 bench/measure.py 5 "$label" -- "$@")
  after=$(stats)
  rows+=("$(python3 -c "import json,sys; r=json.loads(sys.argv[1]); b=json.loads(sys.argv[2]); a=json.loads(sys.argv[3]); r['server_s']=(a['seconds']-b['seconds'])/5; r['requests']=(a['requests']-b['requests'])//5; print(json.dumps(r))" "$row" "$before" "$after")")
}
measure "fetch floor (Python, same calls)" python3 bench/fetch_slack.py "$port"
measure "oncall lint (what triage does first)" "$bin" --root "$repo" lint --today 2026-12-01
measure "oncall triage --format json" "$bin" --root "$repo" triage --date 2026-12-01 --format json
measure "oncall report alarms --format json" "$bin" --root "$repo" report alarms --since 2026-12-01 --until 2026-12-01 --format json
printf '%s\n' "${rows[@]}" > "$work/rows"
python3 - "$work/rows" > bench/TRIAGE-RESULTS.md <<'PY'
import json, sys, os, platform
rows = [json.loads(l) for l in open(sys.argv[1])]
base = rows[0]["median_s"]
print("# Triage benchmark\n")
print("10,000 messages (AWS Chatbot notifications in the attachments and blocks shapes, with")
print("reactions, 2% with a thread, and people's messages) over three channels of one day, 200 per")
print("page, from a Web API stand-in on 127.0.0.1 that serves pages rendered beforehand.")
print(f"Release build, median of 5 runs, {os.cpu_count()} cores, {platform.machine()}. The baseline is")
print("Python fetching the same calls over one keep-alive connection and parsing each answer.")
print("`server` is the time the stand-in spent answering one run's requests; the last column is")
print("the wall time without it.\n")
print("| command | requests | median wall | x fetch floor | server | wall - server | peak memory |")
print("|---|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['label']} | {r['requests']} | {r['median_s']*1000:.0f} ms | {r['median_s']/base:.2f}x | {r['server_s']*1000:.0f} ms | {(r['median_s']-r['server_s'])*1000:.0f} ms | {r['peak_mb']:.0f} MB |")
PY
cat bench/TRIAGE-RESULTS.md
