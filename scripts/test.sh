#!/usr/bin/env bash
# The test command: formatting, lint and types, the build and its size
# budget, then the server tests on Node, the element tests in Chromium and
# the end-to-end page tests, each against the real reference server.
# Prints one closing line with the totals.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-tools.sh || exit 1

passed=0
failed=0
status=0
report=$(mktemp -d)

stage() {
  echo
  echo "== $1"
}

# Adds the pass and fail counts of a node:test TAP file to the totals.
count_tap() {
  local pass fail
  pass=$(grep -E '^# pass ' "$1" | tail -1 | awk '{print $3}')
  fail=$(grep -E '^# fail ' "$1" | tail -1 | awk '{print $3}')
  passed=$((passed + ${pass:-0}))
  failed=$((failed + ${fail:-1}))
}

node_tests() {
  local name=$1
  shift
  node --import tsx --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$report/$name.tap" "$@" || status=1
  count_tap "$report/$name.tap"
}

stage "lint: prettier, eslint, tsc"
npm run --silent lint || status=1

stage "build and size budget"
if npm run --silent build >"$report/build.log" 2>&1; then
  node_tests size test/size.test.ts test/server-side-render.test.ts
else
  cat "$report/build.log"
  status=1
  failed=$((failed + 1))
fi

stage "server tests"
node_tests server test/server/*.test.ts

stage "fault tests: crashes, bursts, fuzzing, protocol limits"
node_tests faults test/faults/*.test.ts

stage "browser tests (Chromium)"
npx web-test-runner 2>&1 | tee "$report/wtr.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
wtr=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$report/wtr.log" | tail -1)
if [ -n "$wtr" ]; then
  passed=$((passed + $(echo "$wtr" | awk '{print $1}')))
  failed=$((failed + $(echo "$wtr" | awk '{print $3}')))
else
  failed=$((failed + 1))
fi

stage "end-to-end page tests (Chromium)"
node_tests e2e test/e2e/*.test.ts

# The embed page and oEmbed, the demo pages, and npm pack into a temporary app.
stage "embed and distribution tests (Chromium, npm)"
node_tests distribution test/embed/*.test.ts test/distribution/*.test.ts

rm -rf "$report"
echo
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "total: $passed passed, $failed failed"
exit "$status"
