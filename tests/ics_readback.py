"""Reads the generated calendars back with an independent RFC 5545 parser (the `icalendar`
package) and checks them against schedule.json: one event per shift, or per stretch of a
weekly rotation's shifts that follow each other without a break in one week (plus shadowing events
in the shadow's own calendar), the same start and end instants, unique stable UIDs, and a
display reminder `remind_days_before` days ahead (from the policy) in personal calendars. Run by .ci/run:
python3 tests/ics_readback.py GENERATED_DIR POLICY_YAML
"""
import datetime
import json
import pathlib
import sys

import icalendar
import yaml

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "generated")
policy = yaml.safe_load(pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "roster/policy.yaml").read_text())
schedule = json.loads((out / "schedule.json").read_text())
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def week_of(rotation, day):
    """The first day of the week `day` lies in, for a weekly rotation; None for a daily one."""
    r = policy["rotations"][rotation]
    if r.get("handoff", "daily") != "weekly":
        return None
    handoff = DAYS.index(r.get("handoff_day", "monday"))
    date = datetime.date.fromisoformat(day)
    return date - datetime.timedelta(days=(date.weekday() - handoff) % 7)


def stretches(shifts):
    """A weekly rotation's shifts that touch (one ends as the next starts), held by the same
    person with the same shadow and source in the same week, as one shift."""
    out, last = [], {}
    for shift in sorted(shifts, key=lambda s: (instant(s["start"]), s["rotation"])):
        rotation = shift["rotation"]
        prev = last.get(rotation)
        week = week_of(rotation, shift["date"])
        if (
            week is not None
            and prev is not None
            and instant(prev["end"]) == instant(shift["start"])
            and all(prev.get(k) == shift.get(k) for k in ("person", "shadow", "source"))
            and week_of(rotation, prev["date"]) == week
        ):
            prev["end"] = shift["end"]
            continue
        shift = dict(shift)
        last[rotation] = shift
        out.append(shift)
    return out


reminders = {name: r.get("remind_days_before") for name, r in policy["rotations"].items()}


def events(path):
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [c for c in calendar.walk("VEVENT")]


def instant(text):
    return datetime.datetime.fromisoformat(text).astimezone(datetime.timezone.utc)


def check(path, expected, remind):
    found = events(path)
    assert len(found) == len(expected), f"{path}: {len(found)} events, expected {len(expected)}"
    uids = [str(e["UID"]) for e in found]
    assert len(set(uids)) == len(uids), f"{path}: duplicate UIDs"
    by_uid = {str(e["UID"]): e for e in found}
    for uid, shift in expected.items():
        event = by_uid[uid]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == instant(shift["start"]), f"{path} {uid}: start {start} != {shift['start']}"
        assert end == instant(shift["end"]), f"{path} {uid}: end {end} != {shift['end']}"
        alarms = [c for c in event.walk("VALARM")]
        days = reminders.get(shift["rotation"]) if remind else None
        assert len(alarms) == (1 if days else 0), f"{path} {uid}: {len(alarms)} alarms"
        if days:
            trigger = alarms[0].decoded("TRIGGER")
            assert trigger == -datetime.timedelta(days=days), f"{path} {uid}: trigger {trigger}"
            assert str(alarms[0]["ACTION"]) == "DISPLAY"


shifts = stretches(schedule["shifts"])
domain = f"{policy['slack_workspace'].lower()}.oncall-as-code"


def uid(shift, shadow=None):
    base = f"{shift['date']}-{shift['rotation']}"
    return f"{base}-shadow-{shadow}@{domain}" if shadow else f"{base}@{domain}"


# The team calendar has no reminders; personal calendars remind of their own shifts.
check(out / "calendars" / "team.ics", {uid(s): s for s in shifts}, False)
people = sorted(p.stem for p in (out / "calendars").glob("*.ics") if p.stem != "team")
for person in people:
    expected = {uid(s): s for s in shifts if s["person"] == person}
    expected.update({uid(s, person): s for s in shifts if s.get("shadow") == person})
    check(out / "calendars" / f"{person}.ics", expected, True)
print(
    f"ics readback: team.ics and {len(people)} personal calendars match schedule.json "
    f"({len(schedule['shifts'])} shifts, {len(shifts)} events)"
)
