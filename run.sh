#!/usr/bin/env bash
# Runs the suite on the embedded defaults: the three pillar services, the Accountability service, the
# gateway and the dev pub/sub sidecar, on SQLite files in ./data, seeded on first start with the 21 April 2026
# meeting (published through the gateway, its pack written to ./out) and the 1 July 2026 meeting to prepare,
# on a monthly sample history to March 2026. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")"

# The services of the suite's shape (deploy/suite.json, one service a line), each as "id project http grpc host":
# host is the project whose binary runs it (a pillar may run another pillar's host on its own catalogue).
field() { sed -n "s/.*\"$1\": *\"\{0,1\}\([^\", }]*\).*/\1/p" <<<"$2"; }
services() {
  grep '"Id":' deploy/suite.json | while read -r line; do
    local project; project=$(field Project "$line")
    echo "$(field Id "$line") $project $(field Http "$line") $(field Grpc "$line") $(field Host "$line" | grep . || echo "$project")"
  done
}
if [ "${1:-}" = "--services" ]; then services; exit 0; fi
port() { services | awk -v id="$1" -v n="$2" '$1 == id { print $n }'; }

command -v dotnet >/dev/null || { echo "PlanServices needs the .NET 10 SDK: https://dot.net"; exit 1; }
if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null || [ ! -d /usr/share/fonts/truetype/noto ]; then
  echo "note: PDF packs need Debian's chromium, poppler-utils and fonts (sudo apt-get install chromium poppler-utils fonts-liberation fonts-noto-core);"
  echo "      everything else runs without them."
fi

echo "Building (Release)..."
dotnet build PlanServices.sln -c Release --nologo -v quiet -clp:ErrorsOnly --tl:off > /dev/null || dotnet build PlanServices.sln -c Release --nologo -v quiet -clp:ErrorsOnly --tl:off
mkdir -p data
# The local issuer's signing key and the Dapr API tokens: made once per data folder, never committed.
for secret in signing-key app-api-token dapr-api-token; do
  [ -s "data/$secret" ] || head -c 32 /dev/urandom | base64 > "data/$secret"
done
export Auth__SigningKey="$(cat data/signing-key)" Auth__LocalIssuer=true
export APP_API_TOKEN="$(cat data/app-api-token)" DAPR_API_TOKEN="$(cat data/dapr-api-token)"
export Sidecar__AppApiToken="$APP_API_TOKEN" Sidecar__ApiToken="$DAPR_API_TOKEN"
# Accountability mails the demo users (each at USER@example.org) through the dev sidecar's SMTP sink, which lists the mail.
smtp_port=$(field Smtp "$(grep '"Id": *"dev-sidecar"' deploy/suite.json)")
export Smtp__Host=127.0.0.1 Smtp__Port="$smtp_port" Smtp__Security=None Smtp__From="PlanServices <planservices@example.org>"
export Notifications__DemoPeople=true

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT
trap 'exit 130' INT TERM

# Each process logs to data/logs/NAME.log, so that this screen shows only what to open.
mkdir -p data/logs
start() { local name=$1; shift; "$@" > "data/logs/$name.log" 2>&1 & pids+=($!); }
ports=()
while read -r id project http grpc host; do
  dll=$(basename "$host"/*.csproj .csproj)
  extra=(--Pillar:Name="$id" --Pillar:SeedSample=true --Accountability:SeedSample=true --Storage:DataDirectory="$PWD/data")
  case $host in deploy/DevSidecar) extra=(--Sidecar:DataFile="$PWD/data/dev-sidecar.db");; gateway) extra=();; esac
  [ "$id" = accountability ] && extra=(--Accountability:SeedSample=true --Storage:DataDirectory="$PWD/data")
  start "$id" dotnet "$host/bin/Release/net10.0/$dll.dll" --contentRoot "$PWD/$project" "${extra[@]}"
  ports+=("$id:$http")
done < <(services)

for service in "${ports[@]}"; do
  name=${service%%:*} port=${service##*:}
  for _ in $(seq 120); do curl -fs "http://localhost:$port/health" -o /dev/null && break; sleep 0.5; done
  curl -fs "http://localhost:$port/health" -o /dev/null \
    || { echo "$name did not start; the end of data/logs/$name.log:"; tail -n 20 "data/logs/$name.log"; exit 1; }
done

# The April 2026 pack is published through the gateway as the OPCCN would (once: a published pack then stays as it is).
gw=localhost:$(port gateway 3) sidecar=localhost:$(port dev-sidecar 3)
opccn=$(curl -fs $gw/dev/token/opccn | sed 's/.*"token":"\([^"]*\)".*/\1/')
for _ in $(seq 60); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' $gw/packs/pam-2026-04-21.json)" = 200 ] && break
  curl -s -o /dev/null -X POST -H "authorization: Bearer $opccn" $gw/packs/pam-2026-04-21/publish
  sleep 1
done
mkdir -p out
for format in html pdf docx; do
  curl -fs "http://$gw/packs/pam-2026-04-21.$format" -o "out/pam-2026-04-21.$format" \
    || echo "could not write out/pam-2026-04-21.$format (PDFs need chromium and poppler-utils: apt-get install chromium poppler-utils)"
done
cat <<INFO

PlanServices is running (Ctrl-C stops it).

The web application: http://$gw/app   (the public pages: http://$gw/)
The work in hand: the PCC Accountability Meeting of 1 July 2026 (the quarter to March 2026), its three papers in draft.
  The sample figures are the April 2026 pack's made into a monthly history to March 2026: the published totals are
  real, the months inside and after them ILLUSTRATIVE (docs/sample-data.md).
Sign in by choosing a demo user:
  Analyst, PRIORITY (one for each priority of the Plan)              figures, narrative, submitting the paper, actions
  Deputy Chief Constable Dave Marshall                               approving or returning papers
  OPCCN Performance and Scrutiny                                     meetings, agendas, minutes, action log, publishing
API callers: curl http://$gw/dev/token/opccn (or analyst-reducing-harm, dcc, ...), then send: authorization: Bearer <token>
The pack of the 21 April 2026 meeting: http://$gw/packs/pam-2026-04-21.html (also .pdf, .docx, .json)
Written to: $PWD/out/pam-2026-04-21.html, .pdf, .docx
The tables of each paper (signed in): http://$gw/pillars/reducing-harm/tables/2025-12.html
  (also preventing-crime, cohesive-communities; JSON without .html), e.g.
  curl -H "authorization: Bearer \$(curl -s $gw/dev/token/opccn | sed 's/.*"token":"\([^"]*\)".*/\1/')" \\
       $gw/pillars/reducing-harm/tables/2025-12
  Accountability (OPCCN: meetings, minutes, actions): gRPC only, localhost:$(port accountability 4)
  Events (dev Dapr sidecar): http://$sidecar/dev/messages
Email: every mail the suite sends is kept by the dev sidecar's SMTP sink (localhost:$smtp_port) and listed at http://$sidecar/dev/mail
  (the demo users are USER@example.org; each chooses their emails at http://$gw/app/notifications)
gRPC (HTTP/2, h2c): pillars on $(for p in $(services | awk '$1 != "accountability" && $1 != "gateway" && $1 != "dev-sidecar" { print $4 }'); do printf "localhost:%s " "$p"; done)
  e.g. node tests/interop/client.js localhost:$(port reducing-harm 4) catalogue
Data: $PWD/data (SQLite, one file per service); logs: $PWD/data/logs. Import more figures:
  dotnet run --project services/ReducingHarm -- import --as "YOUR NAME" "\$PWD/FILE.csv"
INFO
wait
