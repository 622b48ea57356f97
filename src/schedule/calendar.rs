//! The calendar of shifts: which days each rotation has a shift and when, in the policy's
//! time zone. Weekend windows apply on Saturdays, Sundays and holidays; a rotation without a
//! window for a kind of day has no shift that day. Pure: no I/O, no clock.

use crate::model::valid::Policy;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;

/// One shift to fill: a rotation on a day, with its local start and end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    pub date: NaiveDate,
    /// Index of the rotation in the policy (policy order).
    pub rotation: usize,
    pub start: DateTime<Tz>,
    pub end: DateTime<Tz>,
    /// A Saturday, Sunday or holiday.
    pub weekend: bool,
}

impl Slot {
    pub fn hours(&self) -> f64 {
        (self.end - self.start).num_minutes() as f64 / 60.0
    }

    pub fn weekday(&self) -> Weekday {
        self.date.weekday()
    }
}

/// The local instant `minutes` after midnight of `date`. A time that falls in a
/// daylight-saving gap moves forward by the gap; an ambiguous time takes the earlier instant.
pub fn local_instant(tz: Tz, date: NaiveDate, minutes: u32) -> DateTime<Tz> {
    let naive = NaiveDateTime::new(date, NaiveTime::MIN) + Duration::minutes(i64::from(minutes));
    let mut probe = naive;
    for _ in 0..4 {
        if let Some(instant) = tz.from_local_datetime(&probe).earliest() {
            return instant;
        }
        probe += Duration::minutes(30);
    }
    tz.from_utc_datetime(&naive)
}

/// The slot of rotation `rotation` on `date`, if the rotation has a window that kind of day.
pub fn slot(policy: &Policy, date: NaiveDate, rotation: usize) -> Option<Slot> {
    let weekend = policy.is_weekend(date);
    let window = policy.rotations[rotation].window(weekend)?;
    let tz = policy.timezone;
    Some(Slot {
        date,
        rotation,
        start: local_instant(tz, date, window.start),
        end: local_instant(tz, date, window.end),
        weekend,
    })
}

/// Every slot of the window, by date then rotation (policy order).
pub fn slots(policy: &Policy) -> Vec<Slot> {
    let mut out = Vec::new();
    let mut date = policy.schedule.from;
    while date <= policy.schedule.until {
        out.extend((0..policy.rotations.len()).filter_map(|rotation| slot(policy, date, rotation)));
        let Some(next) = date.succ_opt() else { break };
        date = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn offsets_follow_daylight_saving() {
        let tz: Tz = "Europe/Warsaw".parse().unwrap();
        let winter = local_instant(tz, date("2027-01-15"), 15 * 60);
        assert_eq!(winter.to_rfc3339(), "2027-01-15T15:00:00+01:00");
        let summer = local_instant(tz, date("2027-07-15"), 15 * 60);
        assert_eq!(summer.to_rfc3339(), "2027-07-15T15:00:00+02:00");
        // 2027-03-28: clocks go 02:00 -> 03:00; a 09:00-22:00 shift is 13 hours, +02:00.
        let start = local_instant(tz, date("2027-03-28"), 9 * 60);
        let end = local_instant(tz, date("2027-03-28"), 22 * 60);
        assert_eq!(start.to_rfc3339(), "2027-03-28T09:00:00+02:00");
        assert_eq!((end - start).num_hours(), 13);
        // A window starting in the gap moves forward; 24:00 is the next midnight.
        assert_eq!(local_instant(tz, date("2027-03-28"), 2 * 60 + 30).to_rfc3339(), "2027-03-28T03:00:00+02:00");
        assert_eq!(local_instant(tz, date("2027-10-31"), 24 * 60).to_rfc3339(), "2027-11-01T00:00:00+01:00");
        // 2027-10-31: 02:30 happens twice; the earlier (summer time) instant is used.
        assert_eq!(local_instant(tz, date("2027-10-31"), 2 * 60 + 30).to_rfc3339(), "2027-10-31T02:30:00+02:00");
    }

    #[test]
    fn a_night_shift_ends_the_next_day_and_follows_daylight_saving() {
        let night = |zone: &str, day: &str| {
            let tz: Tz = zone.parse().unwrap();
            let (start, end) = crate::config::roster::parse_window("22:00-06:00").unwrap();
            let (start, end) = (local_instant(tz, date(day), start), local_instant(tz, date(day), end));
            (start.to_rfc3339(), end.to_rfc3339(), (end - start).num_hours())
        };
        let warsaw = "Europe/Warsaw";
        assert_eq!(
            night(warsaw, "2027-01-15"),
            ("2027-01-15T22:00:00+01:00".into(), "2027-01-16T06:00:00+01:00".into(), 8)
        );
        // Clocks go forward on 2027-03-28 and back on 2027-10-31.
        assert_eq!(night(warsaw, "2027-03-27").2, 7);
        assert_eq!(night(warsaw, "2027-03-27").1, "2027-03-28T06:00:00+02:00");
        assert_eq!(night(warsaw, "2027-10-30").2, 9);
        let new_york = "America/New_York";
        assert_eq!(night(new_york, "2027-03-13").2, 7);
        assert_eq!(night(new_york, "2027-11-06").2, 9);
        assert_eq!(night(new_york, "2027-11-06").1, "2027-11-07T06:00:00-05:00");
    }

    #[test]
    fn new_york_spring_forward() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let start = local_instant(tz, date("2027-03-14"), 0);
        let end = local_instant(tz, date("2027-03-14"), 24 * 60);
        assert_eq!((end - start).num_hours(), 23);
    }
}
