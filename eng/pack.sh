#!/usr/bin/env bash
# Packs every package this repository ships into one local feed, so that a project can use PullAnalyzer before (or
# instead of) a published release:
#   bash eng/pack.sh                      # → artifacts/packages (ignored by git)
#   bash eng/pack.sh /some/other/folder   # → that folder
# The version is the one in Directory.Build.props. The package tests run this same script.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/artifacts/packages}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
for project in src/Package/PullAnalyzer.Package.csproj src/Runtime/PullAnalyzer.Runtime.csproj src/Runtime.Enhanced/PullAnalyzer.Runtime.Enhanced.csproj; do
  dotnet pack "$root/$project" -c Release -o "$out" -nologo -v q
done

echo "packages in $out:"
ls -1 "$out"/*.nupkg | sed 's|.*/|  |'
