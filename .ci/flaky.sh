#!/usr/bin/env bash
# `.ci/flaky.sh N [STEP…]`: runs `npm test` N times in a row and prints one JSON line per run:
#   {"run":1,"exit":0,"seconds":1234.5,"steps":{"unit + integration (vitest)":859.1,…},
#    "passed":1938,"failed":0,"skipped":2,"failedSteps":[],"failures":["main/x.test.ts > suite > case",…]}
# A test that fails in some runs and passes in others is flaky: the last line counts them (goal 0):
#   {"runs":5,"flakyCount":0,"flaky":[],"failedEveryRun":[],"seconds":[…]}
# STEPs (typecheck, lint, unit, e2e) run only those steps of .ci/test.mjs, after one build, e.g. to try the
# script itself: `.ci/flaky.sh 1 lint`. Needs a quiet machine: the suite's timings assume no other load.
# The full logs stay in the folder printed to stderr at the start.
set -u
runs=${1:?usage: .ci/flaky.sh N [STEP...]: how many consecutive npm test runs}
shift
cd "$(dirname "$0")/.."
keep=$(mktemp -d -t assay-flaky-XXXXXX)
echo "flaky: logs and reports in $keep" >&2
for ((i = 1; i <= runs; i++)); do
  dir="$keep/run-$i"
  mkdir -p "$dir"
  start=$(date +%s%N)
  if [ $# -eq 0 ]; then
    ASSAY_TEST_REPORT_DIR="$dir" npm test >"$dir/log" 2>&1
  else
    node build.mjs --quiet >"$dir/log" 2>&1 && ASSAY_TEST_REPORT_DIR="$dir" node .ci/test.mjs "$@" >>"$dir/log" 2>&1
  fi
  rc=$?
  end=$(date +%s%N)
  node .ci/flaky-summary.mjs "$dir" "$i" "$rc" "$(( (end - start) / 1000000 ))" | tee -a "$keep/runs.jsonl"
done
node .ci/flaky-summary.mjs --total "$keep/runs.jsonl"
