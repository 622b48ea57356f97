#!/usr/bin/env bash
# Installs oncall $ONCALL_VERSION into $ONCALL_HOME once per runner: nothing to do when it is
# already there (an earlier step of the job, or the cache restored it); built from the action's
# own checkout when that is the version asked for, else from the release tag. Puts it on PATH.
set -euo pipefail
bin="$ONCALL_HOME/bin"
installed() { [ -x "$bin/oncall" ] && "$bin/oncall" --version | grep -q "^oncall $ONCALL_VERSION "; }
if installed; then
  echo "oncall $ONCALL_VERSION is installed ($bin)"
else
  here=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$GITHUB_ACTION_PATH/Cargo.toml" | head -n 1)
  command -v cargo > /dev/null || { echo "::error title=oncall-as-code::cargo is needed to install oncall (use a runner with Rust, e.g. ubuntu-latest)"; exit 2; }
  if [ "$here" = "$ONCALL_VERSION" ]; then
    cargo install --locked --quiet --path "$GITHUB_ACTION_PATH" --root "$ONCALL_HOME"
  else
    repository=$(sed -n 's/^repository = "\(.*\)"$/\1/p' "$GITHUB_ACTION_PATH/Cargo.toml" | head -n 1)
    cargo install --locked --quiet --git "$repository" --tag "v$ONCALL_VERSION" --root "$ONCALL_HOME" oncall-as-code
  fi
  installed || { echo "::error title=oncall-as-code::the installed oncall is not version $ONCALL_VERSION"; exit 2; }
fi
echo "$bin" >> "$GITHUB_PATH"
