#!/usr/bin/env bash
# The version the action installs: the `version` input, else the version of the action's
# own checkout (its Cargo.toml). Writes `version=X.Y.Z` to $GITHUB_OUTPUT.
set -euo pipefail
version=${INPUT_VERSION:-}
version=${version#v}
if [ -z "$version" ]; then
  version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$GITHUB_ACTION_PATH/Cargo.toml" | head -n 1)
fi
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
  echo "::error title=oncall-as-code::version '$version' is not a version such as 0.1.0"
  exit 2
fi
echo "version=$version" >> "$GITHUB_OUTPUT"
