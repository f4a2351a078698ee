#!/usr/bin/env bash
# Runs every test of the project: installs what the tests need, builds once, then runs each test project in turn
# (the end-to-end and cluster tests start real processes and want the machine's cores to themselves).
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/test-deps.sh
dotnet build Easegress.sln -c Release
dotnet test Easegress.sln -c Release --no-build -m:1 --logger "console;verbosity=normal"
