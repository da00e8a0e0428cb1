#!/usr/bin/env bash
# Installs the web app's browser libraries from the committed lockfile (npm ci) and copies their built
# files into src/NetAcademy.Web/wwwroot/lib/. Skips npm when the lockfile has not changed since the last copy.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

frontend="$NETACADEMY_ROOT/src/NetAcademy.Web/frontend"
lib="$NETACADEMY_ROOT/src/NetAcademy.Web/wwwroot/lib"
stamp="$lib/.lock-sha256"

command -v npm >/dev/null || apt_ensure nodejs npm
want=$(sha256sum "$frontend/package-lock.json" "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$lib/xterm/xterm.js" ]; then
  say "front-end libraries are current"
  exit 0
fi

say "npm ci (front-end libraries)"
(cd "$frontend" && npm ci --no-audit --no-fund --loglevel=error)
rm -rf "$lib" && mkdir -p "$lib/xterm" "$lib/signalr" "$lib/cytoscape" "$lib/elk" "$lib/axe-core"
nm="$frontend/node_modules"
cp "$nm/@xterm/xterm/lib/xterm.js" "$nm/@xterm/xterm/css/xterm.css" "$lib/xterm/"
cp "$nm/@xterm/addon-fit/lib/addon-fit.js" "$lib/xterm/"
cp "$nm/@microsoft/signalr/dist/browser/signalr.min.js" "$lib/signalr/"
cp "$nm/cytoscape/dist/cytoscape.min.js" "$nm/cytoscape/dist/cytoscape.esm.min.mjs" "$lib/cytoscape/"
# elkjs ships no ES module; js/elk-worker-client.js runs its self-contained worker script.
cp "$nm/elkjs/lib/elk-worker.min.js" "$lib/elk/"
cp "$nm/axe-core/axe.min.js" "$lib/axe-core/"
echo "$want" > "$stamp"
say "front-end libraries copied to ${lib#$NETACADEMY_ROOT/}"
