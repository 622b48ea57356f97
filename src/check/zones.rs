//! Time zones as people write them. The policy takes IANA names only (`Europe/Warsaw`): an
//! abbreviation (`PST`, `CET`), a fixed offset (`UTC+1`, `+01:00`) or one of the tz
//! database's legacy names without a region (`EST`, `Poland`) gets the zones it most likely
//! means, by abbreviation, by offset and by spelling.

use chrono::{NaiveDate, Offset, TimeZone};

/// Abbreviations and legacy names, and the zones they are usually written for.
const MEANT: &[(&[&str], &[&str])] = &[
    (&["PST", "PDT", "PT", "PST8PDT", "PACIFIC"], &["America/Los_Angeles", "America/Vancouver"]),
    (
        &["MST", "MDT", "MT", "MST7MDT", "NAVAJO", "MOUNTAIN"],
        &["America/Denver", "America/Phoenix", "America/Edmonton"],
    ),
    (&["CST", "CDT", "CT", "CST6CDT", "CENTRAL"], &["America/Chicago", "America/Mexico_City", "Asia/Shanghai"]),
    (&["EST", "EDT", "ET", "EST5EDT", "EASTERN"], &["America/New_York", "America/Toronto"]),
    (&["AKST", "AKDT"], &["America/Anchorage"]),
    (&["HST", "HAST"], &["Pacific/Honolulu"]),
    (&["AST", "ADT"], &["America/Halifax", "America/Puerto_Rico"]),
    (&["NST", "NDT"], &["America/St_Johns"]),
    (&["BRT"], &["America/Sao_Paulo"]),
    (&["ART"], &["America/Argentina/Buenos_Aires"]),
    (&["GMT", "GB", "GB-EIRE", "GREENWICH"], &["Europe/London", "Etc/UTC"]),
    (&["BST"], &["Europe/London"]),
    (&["IST", "EIRE"], &["Europe/Dublin", "Asia/Kolkata"]),
    (&["WET", "WEST", "PORTUGAL"], &["Europe/Lisbon"]),
    (
        &["CET", "CEST", "MET", "MEST"],
        &["Europe/Paris", "Europe/Berlin", "Europe/Warsaw", "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam"],
    ),
    (&["EET", "EEST"], &["Europe/Athens", "Europe/Helsinki", "Europe/Bucharest", "Europe/Kyiv"]),
    (&["MSK", "W-SU"], &["Europe/Moscow"]),
    (&["POLAND"], &["Europe/Warsaw"]),
    (&["TURKEY", "TRT"], &["Europe/Istanbul"]),
    (&["ISRAEL", "IDT"], &["Asia/Jerusalem"]),
    (&["EGYPT"], &["Africa/Cairo"]),
    (&["LIBYA"], &["Africa/Tripoli"]),
    (&["IRAN", "IRST"], &["Asia/Tehran"]),
    (&["ICELAND"], &["Atlantic/Reykjavik"]),
    (&["CUBA"], &["America/Havana"]),
    (&["JAMAICA"], &["America/Jamaica"]),
    (&["PKT"], &["Asia/Karachi"]),
    (&["SGT", "SINGAPORE"], &["Asia/Singapore"]),
    (&["HKT", "HONGKONG"], &["Asia/Hong_Kong"]),
    (&["PRC"], &["Asia/Shanghai"]),
    (&["ROC"], &["Asia/Taipei"]),
    (&["JST", "JAPAN"], &["Asia/Tokyo"]),
    (&["KST", "ROK"], &["Asia/Seoul"]),
    (&["AWST"], &["Australia/Perth"]),
    (&["ACST", "ACDT"], &["Australia/Adelaide", "Australia/Darwin"]),
    (&["AEST", "AEDT"], &["Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane"]),
    (&["NZST", "NZDT", "NZ"], &["Pacific/Auckland"]),
    (&["NZ-CHAT"], &["Pacific/Chatham"]),
    (&["KWAJALEIN"], &["Pacific/Kwajalein"]),
    (&["UCT", "UNIVERSAL", "ZULU", "Z", "GMT0", "GMT+0", "GMT-0", "UTC0"], &["Etc/UTC"]),
];

/// Zones people's teams are in, one or two per standard offset, offered for an offset.
const BY_OFFSET: &[&str] = &[
    "Pacific/Honolulu",
    "America/Anchorage",
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Halifax",
    "America/Sao_Paulo",
    "Atlantic/Azores",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Helsinki",
    "Europe/Istanbul",
    "Europe/Moscow",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Adelaide",
    "Australia/Brisbane",
    "Australia/Sydney",
    "Pacific/Auckland",
];

/// Whether `name` is a zone the policy takes: a name of the tz database with a region
/// (`Europe/Warsaw`, `Etc/UTC`), or `UTC`.
pub fn accepted(name: &str) -> bool {
    (name.contains('/') || name == "UTC") && name.parse::<chrono_tz::Tz>().is_ok()
}

/// A fixed offset written as `UTC+1`, `GMT-05:00`, `+01:00`, `+0530`, in minutes east.
fn offset(name: &str) -> Option<i32> {
    let rest = ["UTC", "GMT", "utc", "gmt"].iter().find_map(|p| name.strip_prefix(p)).unwrap_or(name).trim();
    let mut chars = rest.chars();
    let sign = match chars.next()? {
        '+' => 1,
        '-' | '−' => -1,
        _ => return None,
    };
    let digits = chars.as_str();
    // Digits and at most one colon: no second sign, nothing to cut inside a character.
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == ':') || digits.len() > 5 {
        return None;
    }
    let (hours, minutes): (i32, i32) = match digits.split_once(':') {
        Some((h, m)) => (h.parse().ok()?, m.parse().ok()?),
        None if digits.len() == 4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        None => (digits.parse().ok()?, 0),
    };
    (hours <= 14 && minutes < 60).then(|| sign * (hours * 60 + minutes))
}

/// The zones `name` most likely means, best first: by abbreviation or legacy name, by offset
/// (zones whose standard time, in January or in July, is that offset, and the fixed
/// `Etc/GMT` zone), else by spelling. Empty when nothing comes close.
pub fn meant(name: &str) -> Vec<String> {
    let upper = name.trim().to_ascii_uppercase();
    if let Some((_, zones)) = MEANT.iter().find(|(names, _)| names.contains(&upper.as_str())) {
        return zones.iter().map(|z| z.to_string()).collect();
    }
    if let Some(minutes) = offset(name.trim()) {
        let at = |month| NaiveDate::from_ymd_opt(2026, month, 15).and_then(|d| d.and_hms_opt(12, 0, 0));
        // Zones at that offset in January come first, then those at it in July only (in summer time).
        let at_offset = |month: u32| -> Vec<String> {
            BY_OFFSET
                .iter()
                .filter(|zone| {
                    let tz: chrono_tz::Tz = zone.parse().expect("the list holds tz database names");
                    at(month).is_some_and(|t| tz.offset_from_utc_datetime(&t).fix().local_minus_utc() == minutes * 60)
                })
                .map(|z| z.to_string())
                .collect()
        };
        let mut out = at_offset(1);
        for zone in at_offset(7) {
            if !out.contains(&zone) {
                out.push(zone);
            }
        }
        if minutes % 60 == 0 {
            // POSIX signs: Etc/GMT-1 is one hour east of UTC.
            let hours = -minutes / 60;
            out.push(if hours == 0 { "Etc/UTC".to_string() } else { format!("Etc/GMT{hours:+}") });
        }
        return out;
    }
    let names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).filter(|n| accepted(n)).collect();
    // By spelling: the whole name, else the city alone (`Warszawa` for `Europe/Warszawa`).
    let mut out = crate::diag::closest_all(name, &names);
    if out.is_empty() {
        let city = name.rsplit('/').next().unwrap_or(name).replace(' ', "_");
        let cities: Vec<&str> = names.iter().map(|n| n.rsplit('/').next().unwrap_or(n)).collect();
        let close = crate::diag::closest_all(&city, &cities);
        out = names.iter().copied().filter(|n| close.contains(&n.rsplit('/').next().unwrap_or(n))).collect();
    }
    out.into_iter().take(5).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_and_offsets_mean_zones() {
        assert_eq!(meant("PST"), ["America/Los_Angeles", "America/Vancouver"]);
        assert_eq!(meant("pst")[0], "America/Los_Angeles");
        assert_eq!(meant("CET")[..3], ["Europe/Paris", "Europe/Berlin", "Europe/Warsaw"]);
        assert_eq!(meant("EST")[0], "America/New_York");
        assert_eq!(meant("Poland"), ["Europe/Warsaw"]);
        let plus_one = meant("UTC+1");
        assert_eq!(plus_one[..4], ["Europe/Paris", "Europe/Berlin", "Europe/Warsaw", "Europe/London"]);
        assert_eq!(meant("BST"), ["Europe/London"]);
        assert_eq!(plus_one.last().unwrap(), "Etc/GMT-1");
        assert!(meant("+05:30").contains(&"Asia/Kolkata".to_string()));
        assert_eq!(meant("GMT-5")[..2], ["America/New_York", "America/Chicago"]);
        assert_eq!(meant("Europe/Warszawa"), ["Europe/Warsaw"]);
        assert_eq!(meant("Warsaw"), ["Europe/Warsaw"]);
        assert!(meant("qqqqqqqqqq").is_empty());
        // Nothing a user writes makes it panic or overflow.
        for odd in ["+1é1", "UTC+99999999", "UTC+-5", "+", "-", "+:", "+12:", "GMT+1:2:3"] {
            let _ = meant(odd);
        }
        assert!(meant("UTC+-5").is_empty() || !meant("UTC+-5").contains(&"America/New_York".to_string()));
    }

    #[test]
    fn only_names_with_a_region() {
        for ok in ["Europe/Warsaw", "UTC", "Etc/UTC", "Etc/GMT-1", "America/Argentina/Buenos_Aires"] {
            assert!(accepted(ok), "{ok}");
        }
        for no in ["CET", "EST", "Poland", "GMT", "PST", "Europe/Nowhere", ""] {
            assert!(!accepted(no), "{no}");
        }
    }
}
