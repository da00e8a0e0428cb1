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
# The ES module builds the terminal island imports, with declarations beside them for tsc: xterm's typings declare
# an ambient module, re-exported under the file's name; addon-fit's are unwrapped from their module block.
cp "$nm/@xterm/xterm/lib/xterm.mjs" "$nm/@xterm/addon-fit/lib/addon-fit.mjs" "$lib/xterm/"
{ echo '/// <reference path="../../../frontend/node_modules/@xterm/xterm/typings/xterm.d.ts" />'
  echo 'export * from "@xterm/xterm";'; } > "$lib/xterm/xterm.d.mts"
sed -e "s#from '@xterm/xterm'#from './xterm.mjs'#" -e "/^declare module '@xterm\/addon-fit' {\$/d" \
  "$nm/@xterm/addon-fit/typings/addon-fit.d.ts" | sed '$d' > "$lib/xterm/addon-fit.d.mts"
cp "$nm/@microsoft/signalr/dist/browser/signalr.min.js" "$lib/signalr/"
cp "$nm/cytoscape/dist/cytoscape.esm.min.mjs" "$lib/cytoscape/"
# elkjs ships no ES module; js/elk-worker-client.js runs its self-contained worker script.
cp "$nm/elkjs/lib/elk-worker.min.js" "$lib/elk/"
cp "$nm/axe-core/axe.min.js" "$lib/axe-core/"
echo "$want" > "$stamp"
say "front-end libraries copied to ${lib#$NETACADEMY_ROOT/}"
