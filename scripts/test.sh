#!/usr/bin/env bash
# Runs every test of the project: builds once, then runs each test project.
# Everything the tests need is installed and started here or by the tests themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build Easegress.sln -c Release
dotnet test Easegress.sln -c Release --no-build --logger "console;verbosity=normal"
