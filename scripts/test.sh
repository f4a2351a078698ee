#!/usr/bin/env bash
# Runs every test of the project: installs what the tests need, builds once, then runs each test project in turn
# (the end-to-end and cluster tests start real processes and want the machine's cores to themselves).
# Quiet: a passing test prints nothing (the logs of the servers a test starts go to that test's output, which is shown
# only when it fails); a failing one prints its name, message, stack and output. It ends with one grand total, summed
# from each project's TRX results, and exits non-zero when any test failed or any project gave no results.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/test-deps.sh
dotnet build Easegress.sln -c Release -v quiet

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
started=$SECONDS
status=0
projects=(tests/*/*.Tests.csproj)
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --logger "console;verbosity=minimal" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results/$name" || status=1
done

# One attribute of a TRX <Counters .../> element.
counter() { grep -o " $1=\"[0-9]*\"" <<<"$2" | grep -o '[0-9]*' || echo 0; }
passed=0 failed=0 skipped=0 failures=()
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  trx="$results/$name/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "$name: no results (its test host did not finish)"
    failures+=("$name (no results)")
    status=1
    continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  passed=$((passed + $(counter passed "$counters")))
  skipped=$((skipped + $(counter notExecuted "$counters")))
  failed=$((failed + $(counter failed "$counters") + $(counter error "$counters") + $(counter timeout "$counters") + $(counter aborted "$counters")))
  while IFS= read -r test; do failures+=("$test"); done < <(
    grep -o '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\|Aborted\)"' "$trx" |
      sed -e 's/.* testName="\([^"]*\)".*/\1/' -e 's/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g')
done
[ "$failed" -eq 0 ] || status=1

if [ "${#failures[@]}" -gt 0 ]; then
  echo
  echo "Failed (their output is above):"
  printf '  %s\n' "${failures[@]}"
fi
elapsed=$((SECONDS - started))
echo
echo "${#projects[@]} test projects in $((elapsed / 60))m$(printf '%02d' $((elapsed % 60)))s"
echo "Total: $passed passed, $failed failed, $skipped skipped"
exit "$status"
