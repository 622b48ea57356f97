//! The exact repair of what the exchanges leave crowded: the weekday rule as an integer
//! program over the shifts this run chose, solved by microlp with a fixed node budget (so the
//! same inputs give the same schedule on any machine), on plans small enough to solve.
//!
//! Variables: who holds each movable shift (among the members who may hold it beside what is
//! fixed), and per member, rotation and weekday the shifts beyond ceil(n / 5). Constraints:
//! one holder per shift, one shift a day per person, no two overlapping shifts, every count
//! of every rotation (all, weekend, in the window) and every person's minutes as they are.
//! Objective: the fewest shifts beyond the bound, then the fewest shifts that change hands.
//! The solution is applied only when it keeps every rule (checked again here) and lowers the
//! crowding.

use super::{Exchanges, Kind, Transfer, bound, excess, weekday};
use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOptions, SolveOutcome, Variable};
use std::collections::{BTreeMap, HashMap};

/// The largest program solved: (shift, person) pairs.
const LIMIT: usize = 20_000;
/// Branch-and-bound nodes, a budget that does not depend on the machine's speed.
const NODES: u64 = 1_000;

impl Exchanges<'_, '_, '_> {
    /// Runs the program when something is still crowded; returns the transfers to make.
    pub(super) fn exact(&self) -> Option<Vec<Transfer>> {
        let before: i64 = self.counts.values().map(excess).sum();
        if before == 0 {
            return None;
        }
        let planner = self.planner;
        let n = self.shifts.len();
        let variable = |i: usize| self.movable[i] && self.rotation_of[i] != usize::MAX;
        let movable: Vec<usize> = (0..n).filter(|i| variable(*i)).collect();
        // Who may hold each movable shift beside what does not move.
        let fixed_clash = |p: usize, s: usize| {
            let date = self.shifts[s].date;
            let fixed = |y: &usize| !variable(*y);
            self.by_day.get(&(p, date)).is_some_and(fixed)
                || [date.pred_opt(), date.succ_opt()]
                    .into_iter()
                    .flatten()
                    .any(|near| self.by_day.get(&(p, near)).is_some_and(|y| fixed(y) && self.overlap(s, *y)))
        };
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for &s in &movable {
            let (r, date) = (self.rotation_of[s], self.shifts[s].date);
            for p in planner.members(r) {
                if planner.unavailable(p, r, date).is_none() && !fixed_clash(p, s) {
                    pairs.push((s, p));
                }
                if pairs.len() > LIMIT {
                    return None;
                }
            }
        }
        let mut problem = Problem::new(OptimizationDirection::Minimize);
        let weight = (movable.len() + 1) as f64;
        let mut x: BTreeMap<(usize, usize), Variable> = BTreeMap::new();
        let mut warm: Vec<(Variable, f64)> = Vec::new();
        for &(s, p) in &pairs {
            let keeps = self.holder[s] == p;
            let v = problem.add_binary_var(if keeps { 0.0 } else { 1.0 });
            warm.push((v, if keeps { 1.0 } else { 0.0 }));
            x.insert((s, p), v);
        }
        let mut of_shift: HashMap<usize, Vec<Variable>> = HashMap::new();
        let mut of_day: BTreeMap<(usize, chrono::NaiveDate), Vec<(usize, Variable)>> = BTreeMap::new();
        let mut of_kind: BTreeMap<(usize, Kind), Vec<Variable>> = BTreeMap::new();
        let mut minutes: BTreeMap<usize, Vec<(Variable, f64)>> = BTreeMap::new();
        let mut of_weekday: BTreeMap<(usize, usize, usize), Vec<Variable>> = BTreeMap::new();
        for (&(s, p), &v) in &x {
            of_shift.entry(s).or_default().push(v);
            of_day.entry((p, self.shifts[s].date)).or_default().push((s, v));
            of_kind.entry((p, self.kind(s))).or_default().push(v);
            let length = (self.shifts[s].end - self.shifts[s].start).num_minutes() as f64;
            minutes.entry(p).or_default().push((v, length));
            if self.counted[s] {
                of_weekday.entry((p, self.rotation_of[s], weekday(self.shifts[s].date))).or_default().push(v);
            }
        }
        let ones = |vars: &[Variable]| vars.iter().map(|v| (*v, 1.0)).collect::<Vec<_>>();
        for vars in of_shift.values() {
            problem.add_constraint(ones(vars).as_slice(), ComparisonOp::Eq, 1.0);
        }
        for day in of_day.values().filter(|v| v.len() > 1) {
            problem.add_constraint(
                day.iter().map(|(_, v)| (*v, 1.0)).collect::<Vec<_>>().as_slice(),
                ComparisonOp::Le,
                1.0,
            );
        }
        // Two movable shifts a day apart that overlap in time (nights), for the same person.
        for (&(p, date), day) in &of_day {
            let Some(next) = date.succ_opt().and_then(|next| of_day.get(&(p, next))) else { continue };
            for (s, v) in day {
                for (_, w) in next.iter().filter(|(t, _)| self.overlap(*s, *t)) {
                    problem.add_constraint([(*v, 1.0), (*w, 1.0)].as_slice(), ComparisonOp::Le, 1.0);
                }
            }
        }
        // Every count and every person's minutes as they are.
        let mut held_kind: BTreeMap<(usize, Kind), f64> = BTreeMap::new();
        let mut held_minutes: BTreeMap<usize, f64> = BTreeMap::new();
        for &s in &movable {
            let p = self.holder[s];
            *held_kind.entry((p, self.kind(s))).or_default() += 1.0;
            *held_minutes.entry(p).or_default() += (self.shifts[s].end - self.shifts[s].start).num_minutes() as f64;
        }
        for (key, vars) in &of_kind {
            let held = held_kind.get(key).copied().unwrap_or(0.0);
            problem.add_constraint(ones(vars).as_slice(), ComparisonOp::Eq, held);
        }
        for (p, terms) in &minutes {
            problem.add_constraint(terms.as_slice(), ComparisonOp::Eq, held_minutes.get(p).copied().unwrap_or(0.0));
        }
        // Beyond the bound: what is fixed on the weekday plus what the program gives.
        let mut fixed: HashMap<(usize, usize, usize), f64> = HashMap::new();
        for y in (0..n).filter(|y| !variable(*y) && self.counted[*y]) {
            *fixed.entry((self.holder[y], self.rotation_of[y], weekday(self.shifts[y].date))).or_default() += 1.0;
        }
        for (&(p, r, w), vars) in &of_weekday {
            let counts = self.counts.get(&(p, r)).copied().unwrap_or_default();
            let bound = bound(&counts);
            let fixed = fixed.get(&(p, r, w)).copied().unwrap_or(0.0);
            let over = problem.add_var(weight, (0.0, f64::INFINITY));
            warm.push((over, (counts[w] - bound).max(0) as f64));
            let mut terms = ones(vars);
            terms.push((over, -1.0));
            problem.add_constraint(terms.as_slice(), ComparisonOp::Le, bound as f64 - fixed);
        }
        let mut options = SolveOptions::default();
        options.node_limit = Some(NODES);
        options.warm_start = Some(warm);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| problem.solve_with(options))).ok()?;
        let Ok(SolveOutcome::Solution(solution)) = outcome else { return None };
        let mut mv: Vec<Transfer> = Vec::new();
        for &s in &movable {
            let holders: Vec<usize> = x
                .range((s, 0)..(s + 1, 0))
                .filter(|(_, v)| solution.var_value(**v) > 0.5)
                .map(|((_, p), _)| *p)
                .collect();
            let [p] = holders[..] else { return None };
            if p != self.holder[s] {
                mv.push((s, p));
            }
        }
        let checked = !mv.is_empty()
            && self.clashes(&mv).is_some_and(|c| c.is_empty())
            && self.same_hours(&mv)
            && self.same_counts(&mv)
            && self.gain(&mv) < 0;
        checked.then_some(mv)
    }
}
