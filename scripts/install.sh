#!/usr/bin/env bash
# Publishes easegress-server, egctl and the mirror backend into one directory (default ./out/bin),
# so they can be put on PATH:   ./scripts/install.sh && export PATH="$PWD/out/bin:$PATH"
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-out/bin}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
for project in src/Easegress.Node src/Easegress.Ctl examples/backend-service/mirror; do
  name="$(basename "$project")"
  dotnet publish "$project" -c Release -o "$dest/.$name" --nologo -v quiet
done
# one launcher per program, so each keeps its own dependencies
ln -sf ".Easegress.Node/easegress-server" "$dest/easegress-server"
ln -sf ".Easegress.Ctl/egctl" "$dest/egctl"
ln -sf ".mirror/mirror" "$dest/mirror"
echo "installed into $dest: easegress-server, egctl, mirror"
echo "add it to PATH:  export PATH=\"$dest:\$PATH\""
