"""A Slack workspace for the triage benchmark: N messages over the three alert channels of
bench's repository (alerts, war, alerts-sql) on one day (2026-12-01, Europe/Warsaw): AWS
Chatbot notifications in the attachments and blocks shapes (ALARM, OK, INSUFFICIENT_DATA)
with legend and other reactions by several people, 2% with a thread, and people's messages
between them. Usage: gen_slack_workspace.py OUT.json N"""
import json
import random
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
from slack_shapes import attachment_message, block_message, human, threshold, ts  # noqa: E402

out, total = sys.argv[1], int(sys.argv[2])
random.seed(15)
alarms = {
    "C0ALR00001": ["api-5xx-rate", "api-5xx-rate-canary", "db-cpu-high", "orders-queue-age", "login-failures-high",
                   "email-dlq-messages", "api-latency-p99", "unknown-alarm-%d"],
    "C0WAR00001": ["checkout-error-rate", "registration-errors", "login-success-ratio"],
    "C0SQL00001": ["db-slow-queries"],
}
people = ["U01ABCDEF12", "U01BKOWAL34", "U02CWISN5K7", "U02DWOJC8M2", "U03EKAMI4P9", "U07JMAZU3Z4", "U09OUTSIDE1"]
emoji = ["eyes", "repeat", "heavy_check_mark", "arrow_right", "outbox_tray", "no_entry_sign", "+1", "tada"]
channels = {c: [] for c in alarms}
replies = {}
weights = {"C0ALR00001": 0.7, "C0WAR00001": 0.2, "C0SQL00001": 0.1}
for i in range(total):
    channel = random.choices(list(weights), list(weights.values()))[0]
    second = int(i * 86000 / total)
    t = ts(1, second // 3600, second % 3600 // 60, second % 60, micro=i % 1000000)
    if random.random() < 0.1:
        channels[channel].append(human(t, random.choice(people), "looking at the ALARM for api-5xx-rate now"))
        continue
    name = random.choice(alarms[channel])
    if "%d" in name:
        name = name % random.randrange(50)
    state = random.choices(["ALARM", "OK", "INSUFFICIENT_DATA"], [0.6, 0.35, 0.05])[0]
    reactions = [(e, random.sample(people, random.randint(1, 3))) for e in random.sample(emoji, random.randint(0, 3))]
    thread = random.random() < 0.02
    shape = attachment_message if random.random() < 0.7 else block_message
    m = shape(t, name, state, threshold(random.uniform(50, 100), 50.0), reactions=reactions,
              reply_count=1 if thread else 0, users=[people[0]] if thread else [])
    channels[channel].append(m)
    if thread:
        replies[f"{channel}/{t}"] = [human(t[:-6] + "999999", people[0], "on it", t)]
json.dump({"channels": channels, "replies": replies}, open(out, "w"))
