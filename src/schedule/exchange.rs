//! What the swaps of `Planner::spread_weekdays` leave crowded, across rotations: exchanges of
//! shifts between two members that keep every count and lower the crowding of weekdays.
//!
//! An exchange starts with a crowded weekday's working-day shift of a rotation that one
//! member holds and a working-day shift of the same rotation on another weekday that a second
//! member holds: each takes the other's. Whatever either then holds that clashes (another
//! shift that day, or one overlapping in time the day before or after) is handed to the other
//! member in turn, who gives back one of theirs of the same rotation and kind (working day or
//! weekend, in the window or not), and so on, up to [`DEPTH`] times. So each member's count of
//! every rotation and of its weekend shifts stays as it was, and so do their hours (an
//! exchange that would change them is not made); only what this run chose moves.

mod exact;

use super::{Planner, Shift};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How many clashing shifts one exchange may hand on.
const DEPTH: usize = 3;
/// How many exchanges are tried, at most, for one crowded shift.
const BUDGET: usize = 4_000;
/// How many links of a cycle are looked at, at most, for one crowded shift.
const CYCLE_BUDGET: usize = 200_000;
/// How many exchanges and links are looked at, at most, in all: what bounds the time a plan
/// takes whatever the roster (a machine-independent count, so the same inputs give the same
/// schedule everywhere).
const WORK: usize = 300_000;
/// How many rounds of moves that keep the crowding as it is (sideways) are made when stuck.
const ROUNDS: usize = 3;

/// A shift and who holds it after an exchange.
type Transfer = (usize, usize);
/// What a shift given back must share with the one it replaces: rotation, weekend, in the window.
type Kind = (usize, bool, bool);

struct Exchanges<'p, 'a, 's> {
    planner: &'p Planner<'a>,
    shifts: &'s mut [Shift],
    movable: &'s [bool],
    rotation_of: Vec<usize>,
    holder: Vec<usize>,
    /// Whether the bound counts the shift: a daily rotation's working-day shift in the window.
    counted: Vec<bool>,
    /// Shift index per (person, day).
    by_day: HashMap<(usize, NaiveDate), usize>,
    /// The movable shifts per (person, rotation).
    mine: HashMap<(usize, usize), BTreeSet<usize>>,
    /// Per (person, rotation), counted shifts per weekday.
    counts: HashMap<(usize, usize), [i64; 7]>,
}

fn weekday(date: NaiveDate) -> usize {
    date.weekday().num_days_from_monday() as usize
}

/// ceil(n / 5) of the n counted shifts: how many one weekday may hold.
fn bound(c: &[i64; 7]) -> i64 {
    (c.iter().sum::<i64>() + 4) / 5
}

/// The shifts beyond [`bound`] on a weekday.
fn excess(c: &[i64; 7]) -> i64 {
    let bound = bound(c);
    c.iter().map(|n| (n - bound).max(0)).sum()
}

/// The search for one crowded shift's exchange: what it may still try, the shifts that took
/// part in a sideways move this round, and the best exchange found (its change of the excess
/// and its transfers).
struct Search<'t> {
    budget: usize,
    /// What is left of [`WORK`].
    work: usize,
    /// Whether a clashing shift may go to someone outside the pair (who gives one back).
    third_parties: bool,
    sideways: &'t BTreeSet<usize>,
    best: Option<(i64, Vec<Transfer>)>,
}

impl Exchanges<'_, '_, '_> {
    fn overlap(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.shifts[a], &self.shifts[b]);
        a.start < b.end && b.start < a.end
    }

    fn moving(mv: &[Transfer], shift: usize) -> bool {
        mv.iter().any(|(x, _)| *x == shift)
    }

    /// What `who` holds on `date` after the transfers: one received, or one of theirs kept.
    fn holds(&self, mv: &[Transfer], who: usize, date: NaiveDate) -> Option<usize> {
        if let Some((x, _)) = mv.iter().find(|(x, w)| *w == who && self.shifts[*x].date == date) {
            return Some(*x);
        }
        self.by_day.get(&(who, date)).copied().filter(|y| !Self::moving(mv, *y))
    }

    /// The shifts the receivers keep that clash with what they receive, or `None` when the
    /// transfers break a rule no further transfer mends (a day off, two received shifts that
    /// clash).
    fn clashes(&self, mv: &[Transfer]) -> Option<Vec<Transfer>> {
        let mut out: Vec<Transfer> = Vec::new();
        for &(x, who) in mv {
            let date = self.shifts[x].date;
            if self.planner.unavailable(who, self.rotation_of[x], date).is_some() {
                return None;
            }
            if mv.iter().any(|&(y, w)| w == who && y != x && self.shifts[y].date == date) {
                return None;
            }
            if let Some(y) = self.by_day.get(&(who, date)).copied().filter(|y| !Self::moving(mv, *y)) {
                out.push((y, who));
            }
            for near in [date.pred_opt(), date.succ_opt()].into_iter().flatten() {
                let Some(y) = self.holds(mv, who, near).filter(|y| self.overlap(x, *y)) else { continue };
                if Self::moving(mv, y) {
                    return None;
                }
                out.push((y, who));
            }
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    /// The change of the summed excess the transfers make.
    fn gain(&self, mv: &[Transfer]) -> i64 {
        let mut changed: BTreeMap<(usize, usize), [i64; 7]> = BTreeMap::new();
        for &(x, who) in mv.iter().filter(|(x, _)| self.counted[*x]) {
            for person in [self.holder[x], who] {
                let key = (person, self.rotation_of[x]);
                changed.entry(key).or_insert_with(|| self.counts.get(&key).copied().unwrap_or_default());
            }
        }
        let before: i64 = changed.values().map(excess).sum();
        for &(x, who) in mv.iter().filter(|(x, _)| self.counted[*x]) {
            let (r, w) = (self.rotation_of[x], weekday(self.shifts[x].date));
            changed.get_mut(&(self.holder[x], r)).expect("touched")[w] -= 1;
            changed.get_mut(&(who, r)).expect("touched")[w] += 1;
        }
        changed.values().map(excess).sum::<i64>() - before
    }

    /// Whether everyone holds as many minutes after the transfers as before (a night that
    /// loses an hour to summer time is not exchanged for a whole one).
    fn same_hours(&self, mv: &[Transfer]) -> bool {
        let mut minutes: BTreeMap<usize, i64> = BTreeMap::new();
        for &(x, who) in mv {
            let length = (self.shifts[x].end - self.shifts[x].start).num_minutes();
            *minutes.entry(who).or_default() += length;
            *minutes.entry(self.holder[x]).or_default() -= length;
        }
        minutes.values().all(|m| *m == 0)
    }

    /// Whether every member holds as many shifts of every kind (see [`Exchanges::kind`])
    /// after the transfers as before.
    fn same_counts(&self, mv: &[Transfer]) -> bool {
        let mut held: BTreeMap<(usize, Kind), i64> = BTreeMap::new();
        for &(x, who) in mv {
            *held.entry((who, self.kind(x))).or_default() += 1;
            *held.entry((self.holder[x], self.kind(x))).or_default() -= 1;
        }
        held.values().all(|n| *n == 0)
    }

    /// The kind a shift given back must share with the one it replaces.
    fn kind(&self, x: usize) -> Kind {
        let policy = &self.planner.repo.policy;
        let date = self.shifts[x].date;
        (self.rotation_of[x], policy.is_weekend(date), policy.schedule.contains(date))
    }

    /// Completes the exchange `mv` between `pair`, handing on clashing shifts up to `depth`
    /// more times, and keeps the best complete one in `best`.
    fn search(&self, mv: &mut Vec<Transfer>, pair: (usize, usize), depth: usize, search: &mut Search<'_>) {
        if search.work == 0 {
            return;
        }
        search.work -= 1;
        let Some(clashes) = self.clashes(mv) else { return };
        let Some(&(c, who)) = clashes.first() else {
            if !self.same_hours(mv) {
                return;
            }
            let gain = self.gain(mv);
            // A move that keeps the excess hands the crowding on; each shift takes part in
            // one such move at most per round.
            let fresh = || mv.iter().all(|(s, _)| !search.sideways.contains(s));
            if (gain < 0 || (gain == 0 && fresh())) && search.best.as_ref().is_none_or(|(g, _)| gain < *g) {
                search.best = Some((gain, mv.clone()));
            }
            return;
        };
        if depth == 0 || !self.movable[c] {
            return;
        }
        let other = if who == pair.0 { pair.1 } else { pair.0 };
        let kind = self.kind(c);
        // The other member of the pair, or (when the search may) anyone else who may take it.
        let third = |z: &usize| *z != who && *z != other && !mv.iter().any(|(_, w)| w == z) && self.may_take(*z, c);
        let takers: Vec<usize> = match search.third_parties {
            false => vec![other],
            true => std::iter::once(other).chain(self.planner.members(kind.0).filter(third)).collect(),
        };
        for z in takers {
            let mut back: Vec<usize> = self.mine.get(&(z, kind.0)).into_iter().flatten().copied().collect();
            back.retain(|y| self.kind(*y) == kind && !Self::moving(mv, *y));
            // First what clashes on the other side too (one exchange mends both), then the
            // nearest in time to the shifts already exchanged.
            let near =
                |y: usize| mv.iter().map(|(x, _)| (self.shifts[*x].date - self.shifts[y].date).num_days().abs()).min();
            back.sort_by_key(|y| (!clashes.contains(&(*y, z)), near(*y), *y));
            for y in back {
                if search.budget == 0 || search.work == 0 {
                    return;
                }
                search.budget -= 1;
                mv.extend([(c, z), (y, who)]);
                self.search(mv, pair, depth - 1, search);
                mv.truncate(mv.len() - 2);
            }
        }
    }

    fn apply(&mut self, mv: &[Transfer]) {
        for &(x, _) in mv {
            self.by_day.remove(&(self.holder[x], self.shifts[x].date));
        }
        for &(x, who) in mv {
            let (from, r, date) = (self.holder[x], self.rotation_of[x], self.shifts[x].date);
            if self.counted[x] {
                self.counts.get_mut(&(from, r)).expect("counted")[weekday(date)] -= 1;
                self.counts.entry((who, r)).or_default()[weekday(date)] += 1;
            }
            if let Some(mine) = self.mine.get_mut(&(from, r)) {
                mine.remove(&x);
            }
            self.mine.entry((who, r)).or_default().insert(x);
            self.by_day.insert((who, date), x);
            self.holder[x] = who;
            self.shifts[x].person = self.planner.people[who].id.clone();
        }
    }

    /// Whether `who` may take shift `x` as things are (its rotation, a day free, nothing
    /// overlapping the day before or after).
    fn may_take(&self, who: usize, x: usize) -> bool {
        self.holder[x] != who && self.clashes(&[(x, who)]).is_some_and(|c| c.is_empty())
    }

    /// The change of excess for `who` receiving a counted shift on weekday `gets` of rotation
    /// `r` and giving one on weekday `gives`.
    fn passing(&self, who: usize, r: usize, gets: usize, gives: usize) -> i64 {
        let before = self.counts.get(&(who, r)).copied().unwrap_or_default();
        let mut after = before;
        after[gets] += 1;
        after[gives] -= 1;
        excess(&after) - excess(&before)
    }

    /// A cycle of members of the crowded shift `i`'s rotation that lowers the excess: its
    /// holder gives it to a second member, who gives one of theirs to a third, and so on, until
    /// one gives the first a shift on a weekday they have room on. Each link passes a shift on
    /// without crowding its receiver more (a weekday they have room on, or giving one of the
    /// same or a crowded weekday); the shortest such cycle is found breadth first over (member,
    /// weekday received), at most `budget` links looked at.
    fn cycle(&self, i: usize, mut budget: usize, work: &mut usize) -> Option<Vec<Transfer>> {
        let (p, r) = (self.holder[i], self.rotation_of[i]);
        let w = weekday(self.shifts[i].date);
        // (member, shift received, the link before), breadth first.
        let mut links: Vec<(usize, usize, usize)> = Vec::new();
        let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
        for q in self.planner.members(r).filter(|q| self.may_take(*q, i)) {
            if seen.insert((q, w)) {
                links.push((q, i, usize::MAX));
            }
        }
        let mut next = 0;
        while next < links.len() {
            let (q, got, _) = links[next];
            let gets = weekday(self.shifts[got].date);
            let path = |mut k: usize| {
                let mut mv = Vec::new();
                while k != usize::MAX {
                    mv.push((links[k].1, links[k].0));
                    k = links[k].2;
                }
                mv
            };
            let passed = path(next);
            for &y in self.mine.get(&(q, r)).into_iter().flatten() {
                if !self.counted[y] || passed.iter().any(|(x, _)| *x == y) {
                    continue;
                }
                let gives = weekday(self.shifts[y].date);
                if self.passing(q, r, gets, gives) > 0 {
                    continue;
                }
                // Back to the first member: the cycle closes.
                if gives != w && self.may_take(p, y) {
                    let mut mv = passed.clone();
                    mv.push((y, p));
                    if self.clashes(&mv).is_some_and(|c| c.is_empty()) && self.same_hours(&mv) && self.gain(&mv) < 0 {
                        return Some(mv);
                    }
                }
                for z in self.planner.members(r) {
                    if budget == 0 || *work == 0 {
                        return None;
                    }
                    budget -= 1;
                    *work -= 1;
                    if z != p && !seen.contains(&(z, gives)) && self.may_take(z, y) {
                        seen.insert((z, gives));
                        links.push((z, y, next));
                    }
                }
            }
            next += 1;
        }
        None
    }

    /// The counted movable shifts on a weekday their holder has more than ceil(n / 5) of, in
    /// the order of the shifts.
    fn crowded(&self, candidates: &[Vec<usize>]) -> Vec<usize> {
        let mut crowded: Vec<usize> = candidates
            .iter()
            .flatten()
            .copied()
            .filter(|i| {
                let c = &self.counts[&(self.holder[*i], self.rotation_of[*i])];
                c[weekday(self.shifts[*i].date)] > bound(c)
            })
            .collect();
        crowded.sort_unstable();
        crowded
    }
}

impl Planner<'_> {
    /// Lowers, by the exchanges of this module, the sum over members and daily rotations of
    /// working-day shifts beyond ceil(n / 5) on a weekday. Every count stays as it was; only
    /// `movable` shifts move. When no exchange lowers the sum, exchanges that keep it (which
    /// hand the crowding on to someone who may pass it on) are made, each shift taking part in
    /// one such a round, for a few rounds.
    pub(super) fn exchange_days(&self, shifts: &mut [Shift], movable: &[bool]) {
        let policy = &self.repo.policy;
        let mut x = Exchanges {
            planner: self,
            rotation_of: vec![usize::MAX; shifts.len()],
            holder: vec![usize::MAX; shifts.len()],
            counted: vec![false; shifts.len()],
            by_day: HashMap::new(),
            mine: HashMap::new(),
            counts: HashMap::new(),
            shifts,
            movable,
        };
        for (i, shift) in x.shifts.iter().enumerate() {
            let (Some(p), Some(r)) = (self.index(&shift.person), policy.rotation(&shift.rotation)) else { continue };
            x.by_day.insert((p, shift.date), i);
            x.rotation_of[i] = r;
            x.holder[i] = p;
            x.counted[i] = self.rotations[r].weekly.is_none()
                && policy.schedule.contains(shift.date)
                && !policy.is_weekend(shift.date);
            if movable[i] {
                x.mine.entry((p, r)).or_default().insert(i);
            }
            if x.counted[i] {
                x.counts.entry((p, r)).or_default()[weekday(shift.date)] += 1;
            }
        }
        // Per rotation, the shifts that may move and that the bound counts.
        let mut candidates: Vec<Vec<usize>> = vec![Vec::new(); self.rotations.len()];
        for i in (0..x.shifts.len()).filter(|i| movable[*i] && x.counted[*i]) {
            candidates[x.rotation_of[i]].push(i);
        }
        let mut sideways: BTreeSet<usize> = BTreeSet::new();
        let mut rounds = ROUNDS;
        let mut work = WORK;
        for _ in 0..x.shifts.len() {
            if work == 0 {
                break;
            }
            let crowded = x.crowded(&candidates);
            // The cheapest kind of move first, and of a kind the move that lowers the excess
            // most (the first of equals): exchanges between two members, then exchanges that
            // hand a clash to a third, then cycles within a rotation; else the first move
            // that keeps the excess.
            let mut chosen: Option<(i64, Vec<Transfer>)> = None;
            let mut sideways_move = None;
            for (third_parties, depth) in [(false, 1), (false, DEPTH), (true, 1), (true, 2), (true, DEPTH)] {
                for &i in &crowded {
                    let (p, r, d1) = (x.holder[i], x.rotation_of[i], x.shifts[i].date);
                    let mut search = Search { budget: BUDGET, work, third_parties, sideways: &sideways, best: None };
                    for &j in &candidates[r] {
                        let (q, d2) = (x.holder[j], x.shifts[j].date);
                        if q != p && weekday(d2) != weekday(d1) {
                            x.search(&mut vec![(i, q), (j, p)], (p, q), depth, &mut search);
                        }
                    }
                    work = search.work;
                    match search.best {
                        Some((gain, mv)) if gain < 0 && chosen.as_ref().is_none_or(|(g, _)| gain < *g) => {
                            chosen = Some((gain, mv));
                        }
                        Some((0, mv)) if sideways_move.is_none() => sideways_move = Some((0, mv)),
                        _ => {}
                    }
                }
                if chosen.is_some() {
                    break;
                }
            }
            if chosen.is_none() {
                chosen = crowded.iter().find_map(|i| x.cycle(*i, CYCLE_BUDGET, &mut work)).map(|mv| (x.gain(&mv), mv));
            }
            let chosen = chosen.or(sideways_move);
            let Some((gain, mv)) = chosen else {
                // Stuck: the shifts moved sideways may move again, a few rounds.
                if sideways.is_empty() || rounds == 0 {
                    break;
                }
                rounds -= 1;
                sideways.clear();
                continue;
            };
            if gain == 0 {
                sideways.extend(mv.iter().map(|(s, _)| *s));
            }
            x.apply(&mv);
        }
        // What the moves leave crowded, an exact program mends where the plan is small enough.
        if let Some(mv) = x.exact() {
            x.apply(&mv);
        }
    }
}
