#!/usr/bin/env bash
# Bounded fuzzing of the loader, the lint and generate (cargo-fuzz; not part of CI).
#
#   fuzz/run.sh                      # every target, 60 s each
#   FUZZ_SECONDS=300 fuzz/run.sh lint yaml
#
# Needs `cargo install cargo-fuzz` and a nightly toolchain (FUZZ_TOOLCHAIN, default
# `nightly`). Each target starts from fuzz/seeds/<target> (the repository's real files; see
# fuzz/make_seeds.py) and keeps what it learns in fuzz/corpus/<target> (not committed). It
# runs with -rss_limit_mb=2048 and -timeout=10; crashes, timeouts and out-of-memory inputs
# land in fuzz/artifacts/<target>/. Exits 1 when any target found one. Replay one with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>
# and shrink it with `cargo +nightly fuzz tmin <target> <file>`.
set -uo pipefail
cd "$(dirname "$0")"

seconds=${FUZZ_SECONDS:-60}
toolchain=${FUZZ_TOOLCHAIN:-nightly}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(yaml front_matter lint generate)
fi

cargo "+$toolchain" fuzz build || exit 2

failed=()
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  before=$(find "artifacts/$target" -type f | wc -l)
  echo "== $target: ${seconds} s"
  cargo "+$toolchain" fuzz run "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
  status=$?
  after=$(find "artifacts/$target" -type f | wc -l)
  if [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
    failed+=("$target")
  fi
done

echo
if [ ${#failed[@]} -gt 0 ]; then
  for target in "${failed[@]}"; do
    echo "FAILED: $target; inputs in $PWD/artifacts/$target/:"
    ls -1t "artifacts/$target" | sed 's/^/  /'
  done
  exit 1
fi
echo "no crashes in: ${targets[*]} (${seconds} s each); corpus in $PWD/corpus/"
