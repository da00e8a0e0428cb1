#!/usr/bin/env bash
# Sets everything up (deploy/setup.sh) and runs the platform on http://127.0.0.1:5000 with SQLite under
# ./data and the local Docker engine. Ctrl-C stops it; lab sessions are adopted on the next start.
#
# Environment: NETACADEMY_URLS (default http://127.0.0.1:5000), NETACADEMY_DATA (default ./data).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$NETACADEMY_ROOT/deploy/setup.sh"

urls="${NETACADEMY_URLS:-http://127.0.0.1:5000}"
data="${NETACADEMY_DATA:-$NETACADEMY_ROOT/data}"
mkdir -p "$data"
cd "$NETACADEMY_ROOT"
say "NetAcademy is starting: open ${urls%%;*} in a browser"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}" NetAcademy__Root="$NETACADEMY_ROOT" NetAcademy__DataDirectory="$data"
exec dotnet "$NETACADEMY_ROOT/src/NetAcademy.Web/bin/Release/net10.0/NetAcademy.Web.dll" --urls "$urls" --contentRoot "$NETACADEMY_ROOT/src/NetAcademy.Web"
