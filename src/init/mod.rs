//! `oncall init`: the files of a new configuration repository. A small valid team, a policy
//! with the six channels of the practice, one alarm and its playbook (all commented so a
//! reader knows what to change), the schemas, GitHub workflows that use this repository's
//! action at the version that ran `init`, a pre-commit configuration and a short README.
//! Pure: the caller writes the files.

use crate::schema;
use chrono::NaiveDate;

/// The skeleton, as committed under `src/init/skeleton/`, with `{{ today }}`, `{{ version }}`,
/// `{{ action }}` and `{{ repository }}` to fill in.
const SKELETON: &[(&str, &str)] = &[
    ("README.md", include_str!("skeleton/README.md")),
    ("roster/team.yaml", include_str!("skeleton/roster/team.yaml")),
    ("roster/policy.yaml", include_str!("skeleton/roster/policy.yaml")),
    ("roster/time-off.yaml", include_str!("skeleton/roster/time-off.yaml")),
    ("roster/overrides.yaml", include_str!("skeleton/roster/overrides.yaml")),
    ("roster/pitch-cycles.yaml", include_str!("skeleton/roster/pitch-cycles.yaml")),
    ("alarms/api.yaml", include_str!("skeleton/alarms/api.yaml")),
    ("playbooks/api-5xx.md", include_str!("skeleton/playbooks/api-5xx.md")),
    (".github/workflows/ci.yml", include_str!("skeleton/.github/workflows/ci.yml")),
    (".github/workflows/publish.yml", include_str!("skeleton/.github/workflows/publish.yml")),
    (".github/workflows/notify.yml", include_str!("skeleton/.github/workflows/notify.yml")),
    (".github/workflows/deploy.yml", include_str!("skeleton/.github/workflows/deploy.yml")),
    (".github/workflows/drift.yml", include_str!("skeleton/.github/workflows/drift.yml")),
    (".github/workflows/review.yml", include_str!("skeleton/.github/workflows/review.yml")),
    (".github/workflows/pages.yml", include_str!("skeleton/.github/workflows/pages.yml")),
    (".pre-commit-config.yaml", include_str!("skeleton/.pre-commit-config.yaml")),
];

/// What the skeleton is filled in with.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    /// The first day of the plan and the playbook's review date.
    pub today: NaiveDate,
    /// The tool's version, as the workflows pin it (`0.1.0`).
    pub version: &'a str,
    /// The tool's repository (`https://github.com/owner/name`), whose action the workflows use.
    pub repository: &'a str,
}

/// `owner/name@vVERSION`: the action as a workflow's `uses:` names it.
pub fn action(options: &Options<'_>) -> String {
    let path = options.repository.trim_end_matches('/').trim_end_matches(".git");
    let path = path.strip_prefix("https://github.com/").unwrap_or(path);
    format!("{path}@v{}", options.version)
}

/// Every file of a new repository (path relative to it, contents), in a fixed order.
pub fn files(options: &Options<'_>) -> Vec<(String, String)> {
    let action = action(options);
    let today = options.today.to_string();
    let fill = |text: &str| {
        text.replace("{{ today }}", &today)
            .replace("{{ version }}", options.version)
            .replace("{{ action }}", &action)
            .replace("{{ repository }}", options.repository)
    };
    let mut out: Vec<(String, String)> = SKELETON.iter().map(|(path, text)| (path.to_string(), fill(text))).collect();
    out.extend(schema::render_all().into_iter().map(|(name, text)| (format!("schemas/{name}"), text)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_filled() {
        let options = Options {
            today: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            version: "1.2.3",
            repository: "https://github.com/acme/oncall-as-code",
        };
        assert_eq!(action(&options), "acme/oncall-as-code@v1.2.3");
        for (path, text) in files(&options) {
            // GitHub's own expressions (`${{ github.base_ref }}`) stay.
            let ours = text.replace("${{", "");
            assert!(!ours.contains("{{ "), "{path}: a placeholder is left");
        }
    }
}
