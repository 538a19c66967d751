#!/usr/bin/env bash
# Runs every test of the suite and ends with one line: "N passed, N failed, N skipped".
# Needs the .NET SDK and PostgreSQL 15's binaries (/usr/lib/postgresql/15/bin); the tests start
# their own throwaway PostgreSQL cluster, SQLite files and services.
set -uo pipefail
cd "$(dirname "$0")"

# The stock gRPC peer (@grpc/grpc-js) the interop tests run against.
npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error

results=TestResults
rm -rf "$results"
dotnet test PlanServices.sln --nologo --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0 failed=0 total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$((total + $(get total))); passed=$((passed + $(get passed))); failed=$((failed + $(get failed)))
done
if [ "$total" -eq 0 ] && [ "$status" -eq 0 ]; then status=1; echo "no test ran"; fi
echo "$passed passed, $failed failed, $((total - passed - failed)) skipped"
exit $status
