#!/usr/bin/env bash
# Runs `oncall --root $INPUT_ROOT $INPUT_COMMAND $INPUT_ARGS`, its standard output also kept
# in a file (the `output-file` output); `lint` reports as GitHub annotations. The step fails
# with the command's exit code, which is also the `exit-code` output.
set -euo pipefail
case "${INPUT_COMMAND:-}" in
  lint | check | diff | generate | publish | notify | drift | triage | report) ;;
  *)
    echo "::error title=oncall-as-code::command '${INPUT_COMMAND:-}' is not one of lint, check, diff, generate, publish, notify, drift, triage, report"
    echo "exit-code=2" >> "$GITHUB_OUTPUT"
    exit 2
    ;;
esac
read -r -a extra <<< "${INPUT_ARGS:-}"
args=(--root "${INPUT_ROOT:-.}" "$INPUT_COMMAND")
if [ "$INPUT_COMMAND" = lint ] && [[ " ${INPUT_ARGS:-} " != *" --format"* ]]; then
  args+=(--format github)
fi
args+=("${extra[@]}")
output="${RUNNER_TEMP:-/tmp}/oncall-$INPUT_COMMAND-$$.out"
set +e
oncall "${args[@]}" | tee "$output"
code=${PIPESTATUS[0]}
set -e
{
  echo "exit-code=$code"
  echo "output-file=$output"
} >> "$GITHUB_OUTPUT"
exit "$code"
