"""A deterministic synthetic configuration repository in the SPEC format for the lint and
generate benchmarks: ALARMS alarms in files of 100, as many playbooks, PEOPLE people, a
1-year window. Usage: gen_lint_repo.py DIR [ALARMS] [PEOPLE]"""
import pathlib
import random
import sys

out = pathlib.Path(sys.argv[1])
alarms = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
people = int(sys.argv[3]) if len(sys.argv) > 3 else 500
rng = random.Random(7)
for d in ("roster", "alarms", "playbooks"):
    (out / d).mkdir(parents=True, exist_ok=True)
prep = ["smartphone", "vpn"]
team = ["people:"]
for i in range(people):
    team += [f"  - id: p{i:04d}", f"    name: Person {i}", f"    email: p{i}@example.com", f'    phone: "+48600{i:06d}"',
             f"    slack: U{i:010d}", "    started: 2020-01-01", "    rotations: [on-call, incident-commander]",
             f"    preparation: [{', '.join(prep)}]"]
(out / "roster/team.yaml").write_text("\n".join(team) + "\n")
(out / "roster/policy.yaml").write_text("""timezone: Europe/Warsaw
slack_workspace: T0EDR0NE01
playbook_base_url: https://example.com/playbooks/
schedule: { from: 2027-01-01, until: 2027-12-31 }
holidays: [2027-01-01, 2027-12-25]
preparation: [smartphone, vpn]
channels:
  engineering: { id: C0ENG00001 }
  alerts: { id: C0ALR00001 }
  war: { id: C0WAR00001, topic: duty }
rotations:
  on-call:
    windows: { weekday: "15:00-22:00", weekend: "09:00-22:00" }
    announce: { channel: engineering, at: "09:00" }
    remind_days_before: 3
  incident-commander:
    windows: { weekday: "09:00-17:00" }
    announce: { channel: engineering, at: "07:00" }
    min_tenure_days: 60
""")
stats = ["Sum", "Average", "Maximum", "p99", "p95"]
for f in range(alarms // 100):
    lines = ["alarms:"]
    for i in range(f * 100, (f + 1) * 100):
        if i % 10 == 0:
            lines += [f"  - id: alarm-{i:05d}", f"    description: Error rate of service {i} is above five percent",
                      "    metrics:",
                      f"      - {{ id: errors, metric: {{ namespace: AWS/ApplicationELB, name: HTTPCode_Target_5XX_Count, dimensions: {{ LoadBalancer: app/svc-{i}/1 }}, statistic: Sum }} }}",
                      f"      - {{ id: requests, metric: {{ namespace: AWS/ApplicationELB, name: RequestCount, dimensions: {{ LoadBalancer: app/svc-{i}/1 }}, statistic: Sum }} }}",
                      "      - { id: rate, expression: \"100 * errors / requests\", label: Error rate, return: true }"]
        else:
            lines += [f"  - id: alarm-{i:05d}", f"    description: Queue {i} holds messages older than ten minutes",
                      f"    metric: {{ namespace: AWS/SQS, name: ApproximateAgeOfOldestMessage, dimensions: {{ QueueName: queue-{i} }}, statistic: {stats[i % 5]} }}"]
        lines += ["    period: 60", "    evaluation_periods: 5", "    datapoints_to_alarm: 3", f"    threshold: {rng.randint(1, 1000)}",
                  '    comparison: ">"', "    treat_missing_data: notBreaching", f"    severity: {'critical' if i % 7 == 0 else 'warning'}",
                  f"    channel: {'war' if i % 7 == 0 else 'alerts'}", f"    playbook: playbook-{i:05d}"]
    (out / f"alarms/area-{f:03d}.yaml").write_text("\n".join(lines) + "\n")
for i in range(alarms):
    (out / f"playbooks/playbook-{i:05d}.md").write_text(f"""---
id: playbook-{i:05d}
title: Playbook {i}
owner: p{i % people:04d}
last_reviewed: 2026-10-01
---
# Playbook {i}

## What it means

Alarm {i} fired: customers may see errors.

## Initial steps

1. Look at the dashboard.
2. Check the logs: `aws logs tail /ecs/svc-{i} --since 15m`.

## Escalation

Contact the owner, then #war.
""")
print(f"{out}: {alarms} alarms, {alarms} playbooks, {people} people")
