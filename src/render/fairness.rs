//! Fairness figures of a schedule: per person shifts, weekend shifts, hours and share of the
//! average, and the balance score (mean over pairs of people of min(hours)/max(hours), x100),
//! over everyone and among people with the same availability.

use crate::model::ValidRepo;
use crate::schedule::Schedule;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// One row of the fairness table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonFairness {
    pub person: String,
    pub name: String,
    /// Shifts per rotation, in policy order (weeks held, for a weekly rotation).
    pub shifts: Vec<u32>,
    pub total: u32,
    /// Shifts on weekends and holidays.
    pub weekend: u32,
    pub hours: f64,
    /// Hours relative to the average of people in the same rotations, in percent (+5 means 5% above).
    pub vs_average: i64,
    /// Holds no shift but shadows (a new engineer): left out of the averages, so that the
    /// people on duty are not all "above average".
    pub shadowing_only: bool,
    pub shadows: u32,
    /// People with the same rotations and the same days available share a group.
    pub group: usize,
    /// Shifts and weekend shifts of the record before the split day (see [`fairness`]), and
    /// from it on.
    pub before: (u32, u32),
    pub after: (u32, u32),
}

impl PersonFairness {
    /// As the tables write it: `avg`, `+5% avg`, or `shadowing` for someone who only shadows.
    pub fn vs_average_text(&self) -> String {
        if self.shadowing_only {
            "shadowing".to_string()
        } else if self.vs_average == 0 {
            "avg".to_string()
        } else {
            format!("{:+}% avg", self.vs_average)
        }
    }
}

/// The fairness table and the balance scores.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fairness {
    pub rotations: Vec<String>,
    pub people: Vec<PersonFairness>,
    /// Balance over everyone who holds shifts.
    pub balance_all: f64,
    /// Balance over pairs of people with the same availability (100 when no such pair).
    pub balance_same_availability: f64,
    /// The people ids of each group of two or more people with the same availability.
    pub groups: Vec<Vec<String>>,
}

/// Mean over pairs of min/max, x100; 100 for fewer than two values.
pub fn balance(hours: &[f64]) -> f64 {
    let mut sum = 0.0;
    let mut pairs = 0u64;
    for (i, a) in hours.iter().enumerate() {
        for b in &hours[i + 1..] {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            sum += if *hi == 0.0 { 1.0 } else { lo / hi };
            pairs += 1;
        }
    }
    if pairs == 0 { 100.0 } else { (sum / pairs as f64 * 1000.0).round() / 10.0 }
}

/// Computes the table for a schedule of `repo`; `availability` gives, per person id, a key
/// that is equal for people with the same availability. `split` divides the counts into the
/// record before it and the plan from it on.
pub fn fairness(
    repo: &ValidRepo,
    schedule: &Schedule,
    availability: &BTreeMap<String, String>,
    split: NaiveDate,
) -> Fairness {
    let rotations: Vec<String> = repo.policy.rotations.iter().map(|r| r.name.clone()).collect();
    let policy = &repo.policy;
    let mut groups: BTreeMap<&str, usize> = BTreeMap::new();
    let weeks: BTreeMap<&String, BTreeMap<NaiveDate, &str>> =
        policy.rotations.iter().map(|r| (&r.name, schedule.holders(r))).collect();
    let mut people: Vec<PersonFairness> = repo
        .people
        .iter()
        .filter(|p| !p.rotations.is_empty())
        .map(|p| {
            let key = availability.get(&p.id).map_or("", String::as_str);
            let next = groups.len();
            let group = *groups.entry(key).or_insert(next);
            let mine = schedule.shifts.iter().filter(|s| s.person == p.id);
            // A weekly rotation counts the weeks held.
            let shifts: Vec<u32> = policy
                .rotations
                .iter()
                .map(|r| {
                    let of = mine.clone().filter(|s| s.rotation == r.name);
                    match r.weekly {
                        None => of.count() as u32,
                        Some(_) => weeks[&r.name].values().filter(|holder| **holder == p.id).count() as u32,
                    }
                })
                .collect();
            let weekend = mine.clone().filter(|s| policy.is_weekend(s.date)).count() as u32;
            let part = |keep: &dyn Fn(NaiveDate) -> bool| {
                let shifts = mine.clone().filter(|s| keep(s.date));
                (shifts.clone().count() as u32, shifts.filter(|s| policy.is_weekend(s.date)).count() as u32)
            };
            let (before, after) = (part(&|d| d < split), part(&|d| d >= split));
            let hours: f64 = mine.map(|s| s.hours()).sum();
            let shadows = schedule.shifts.iter().filter(|s| s.shadow.as_deref() == Some(&p.id)).count() as u32;
            PersonFairness {
                person: p.id.clone(),
                name: p.name.clone(),
                total: shifts.iter().sum(),
                shifts,
                weekend,
                hours,
                vs_average: 0,
                shadowing_only: hours == 0.0 && shadows > 0,
                shadows,
                group,
                before,
                after,
            }
        })
        .collect();
    let by_rotations: BTreeMap<Vec<usize>, Vec<f64>> =
        repo.people.iter().filter(|p| !p.rotations.is_empty()).fold(BTreeMap::new(), |mut acc, p| {
            let row = people.iter().find(|f| f.person == p.id);
            let entry = acc.entry(p.rotations.clone()).or_default();
            if !row.is_some_and(|f| f.shadowing_only) {
                entry.push(row.map_or(0.0, |f| f.hours));
            }
            acc
        });
    for row in &mut people {
        if row.shadowing_only {
            continue;
        }
        let key = repo.person(&row.person).map(|p| p.rotations.clone()).unwrap_or_default();
        let peers = &by_rotations[&key];
        let average = peers.iter().sum::<f64>() / peers.len().max(1) as f64;
        row.vs_average = if average > 0.0 { ((row.hours / average - 1.0) * 100.0).round() as i64 } else { 0 };
    }
    // Someone who only shadows holds no shift to balance.
    let all: Vec<f64> = people.iter().filter(|p| !p.shadowing_only).map(|p| p.hours).collect();
    let mut sum = 0.0;
    let mut count = 0usize;
    for group in 0..groups.len() {
        let hours: Vec<f64> =
            people.iter().filter(|p| p.group == group && !p.shadowing_only).map(|p| p.hours).collect();
        let n = hours.len();
        if n >= 2 {
            sum += balance(&hours) * (n * (n - 1) / 2) as f64;
            count += n * (n - 1) / 2;
        }
    }
    let same = if count == 0 { 100.0 } else { (sum / count as f64 * 10.0).round() / 10.0 };
    let groups_of_two: Vec<Vec<String>> = (0..groups.len())
        .map(|g| people.iter().filter(|p| p.group == g).map(|p| p.person.clone()).collect::<Vec<_>>())
        .filter(|g| g.len() >= 2)
        .collect();
    Fairness { rotations, people, balance_all: balance(&all), balance_same_availability: same, groups: groups_of_two }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_score() {
        assert_eq!(balance(&[10.0, 10.0, 10.0]), 100.0);
        assert_eq!(balance(&[10.0, 5.0]), 50.0);
        assert_eq!(balance(&[8.0]), 100.0);
        // pairs: 9/10, 9/9, 9/10 -> mean 0.9333
        assert_eq!(balance(&[10.0, 9.0, 10.0]), 93.3);
    }
}
