//! The files as the user writes them: the serde and schemars types of every file kind
//! (roster, policy, alarms, playbook front matter), whose doc comments become the JSON
//! Schemas' descriptions. Plain data and the parsing of values written as text (times,
//! windows); no references between files are resolved here (that is [`crate::model`]).

pub mod alarms;
pub mod playbook;
pub mod roster;
pub mod rule;

pub use alarms::{
    Actions, Alarm, AlarmState, AlarmsFile, AnomalyModel, CompositeAlarm, LogMetricFilter, MetricQuery, MetricStat,
    Suppressor,
};
pub use playbook::{FrontMatter, Section};
pub use roster::{Override, Person, PitchCycle, Policy, Rotation, Team, TimeOff};
