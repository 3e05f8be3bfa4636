#!/usr/bin/env bash
# Runs every test project of the solution and ends with one summary line: "N passed, N failed, N skipped".
# This is the README's test command; .ci/run calls it after it has installed and started what the tests need.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# A real Docker engine for the integration tests (idempotent: starts only what is not running yet).
if [ -x eng/engine.sh ] && [ "${PULLANALYZER_SKIP_ENGINE_SETUP:-}" != "1" ]; then
  bash eng/engine.sh up || { echo "eng/engine.sh up failed"; [ "${PULLANALYZER_REQUIRE_ENGINE:-}" = "1" ] && exit 1; }
fi

dotnet build PullAnalyzer.sln -c Release -nologo -v q || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

passed=0; failed=0; skipped=0; status=0
for project in $(ls tests/*/*.csproj | sort); do
  log="$(mktemp)"
  dotnet test "$project" -c Release --no-build -nologo 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  # The runner's own summary: "Failed!  - Failed: 1, Passed: 10, Skipped: 0, Total: 11, …" (or "Passed!  - …").
  line="$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1)"
  if [ -z "$line" ]; then
    echo "no test summary from $project"; status=1
  else
    f=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$line"); p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$line"); s=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  fi
  rm -f "$log"
done

[ "$failed" -eq 0 ] || status=1
[ $((passed + failed)) -gt 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
