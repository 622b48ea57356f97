"""A deterministic synthetic configuration repository for the scheduling benchmark:
N people in both rotations, a window of Y years, holidays, two weeks of time off per person
per year, pitch cycles and overrides. Usage: gen_schedule_repo.py DIR [PEOPLE] [YEARS]"""
import datetime
import pathlib
import random
import sys

out = pathlib.Path(sys.argv[1])
people = int(sys.argv[2]) if len(sys.argv) > 2 else 500
years = int(sys.argv[3]) if len(sys.argv) > 3 else 3
rng = random.Random(42)
start = datetime.date(2027, 1, 4)
until = datetime.date(2027 + years - 1, 12, 31)
days = (until - start).days + 1
prep = ["smartphone", "contacts", "slack-app", "vpn"]
(out / "roster").mkdir(parents=True, exist_ok=True)

team = ["people:"]
for i in range(people):
    started = start - datetime.timedelta(days=rng.randint(-200, 2000))
    team += [
        f"  - id: p{i:04d}",
        f"    name: Person {i}",
        f"    email: p{i}@example.com",
        f'    phone: "+48600{i:06d}"',
        f"    slack: U{i:010d}",
        f"    started: {started}",
        "    rotations: [on-call, incident-commander]",
        f"    preparation: [{', '.join(prep)}]",
    ]
(out / "roster/team.yaml").write_text("\n".join(team) + "\n")

holidays = sorted({start + datetime.timedelta(days=rng.randrange(days)) for _ in range(10 * years)})
(out / "roster/policy.yaml").write_text(f"""timezone: Europe/Warsaw
slack_workspace: T0EDR0NE01
playbook_base_url: https://example.com/playbooks/
schedule: {{ from: {start}, until: {until} }}
holidays: [{', '.join(str(h) for h in holidays)}]
preparation: [{', '.join(prep)}]
channels:
  engineering: {{ id: C0ENG00001 }}
rotations:
  on-call:
    windows: {{ weekday: "15:00-22:00", weekend: "09:00-22:00" }}
    announce: {{ channel: engineering, at: "09:00" }}
    remind_days_before: 3
  incident-commander:
    windows: {{ weekday: "09:00-17:00" }}
    announce: {{ channel: engineering, at: "07:00" }}
    exclude_pitch_cycle: true
    min_tenure_days: 60
""")

time_off, away = [], set()
for i in range(people):
    for y in range(years):
        first = start + datetime.timedelta(days=365 * y + rng.randrange(340))
        time_off.append(f"- {{ person: p{i:04d}, from: {first}, until: {first + datetime.timedelta(days=13)} }}")
        away.update((first + datetime.timedelta(days=d), i) for d in range(14))
(out / "roster/time-off.yaml").write_text("\n".join(time_off) + "\n")

cycles = []
for c in range(8 * years):
    first = start + datetime.timedelta(days=c * days // (8 * years))
    who = ", ".join(f"p{p:04d}" for p in sorted(rng.sample(range(people), 30)))
    cycles.append(f'- {{ name: "Cycle {c}", from: {first}, until: {first + datetime.timedelta(days=41)}, participants: [{who}] }}')
(out / "roster/pitch-cycles.yaml").write_text("\n".join(cycles) + "\n")

overrides, used = [], set()
while len(overrides) < 50:
    day = start + datetime.timedelta(days=rng.randrange(days))
    person = rng.randrange(people)
    # Nobody is given a shift on a day of their own time off (lint refuses it: OC423).
    if (day, person) in used or any(o[0] == day for o in used) or (day, person) in away:
        continue
    used.add((day, person))
    overrides.append(f"- {{ date: {day}, rotation: on-call, person: p{person:04d}, reason: swap }}")
(out / "roster/overrides.yaml").write_text("\n".join(overrides) + "\n")
print(f"{out}: {people} people, {start} to {until}")
