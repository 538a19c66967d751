#!/usr/bin/env bash
# Runs the suite on the embedded defaults: the three pillar services, the Accountability service, the
# gateway, the identity provider and the dev pub/sub sidecar, on SQLite files in ./data, seeded on first start with the 21 April 2026
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
# The demo users' password, the gateway's client secret and the Dapr API tokens: made once per data folder, never
# committed. The identity provider keeps its signing keys in data/identity-keys.
for secret in demo-password gateway-client-secret app-api-token dapr-api-token; do
  [ -s "data/$secret" ] || head -c 18 /dev/urandom | base64 | tr '+/' '-_' > "data/$secret"
done
demo_password=$(cat data/demo-password)
export Identity__DemoUsers=true Identity__DemoPassword="$demo_password" Identity__KeysDirectory="$PWD/data/identity-keys"
export Identity__Clients__gateway__Secret="$(cat data/gateway-client-secret)" Auth__ClientSecret="$(cat data/gateway-client-secret)"
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
  case $id in
    accountability) extra=(--Accountability:SeedSample=true --Storage:DataDirectory="$PWD/data");;
    identity) extra=(--Storage:DataDirectory="$PWD/data");;
  esac
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
gw=localhost:$(port gateway 3) sidecar=localhost:$(port dev-sidecar 3) idp=localhost:$(port identity 3)
# A script's token: a client-credentials request to the identity provider, as the demo user (docs/identity.md).
token() { curl -fs -d grant_type=client_credentials -d client_id="$1" --data-urlencode client_secret="$demo_password" "http://$idp/connect/token" | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p'; }
opccn=$(token opccn)
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
Sign in from http://$gw/app: the identity provider's page asks for a demo user's name, and the password $demo_password
  analyst-PRIORITY, e.g. analyst-reducing-harm (one for each priority)  figures, narrative, submitting the paper, actions
  dcc   Deputy Chief Constable Dave Marshall                            approving or returning papers
  opccn OPCCN Performance and Scrutiny                                  meetings, agendas, minutes, action log, publishing
API callers ask the provider for a token by client credentials (each demo user is also a client, with the same password):
  curl -d grant_type=client_credentials -d client_id=opccn -d client_secret=$demo_password http://$idp/connect/token
  then send: authorization: Bearer <access_token>. A Constabulary system writes one priority: client_id=constabulary-reducing-harm.
The pack of the 21 April 2026 meeting: http://$gw/packs/pam-2026-04-21.html (also .pdf, .docx, .json)
Written to: $PWD/out/pam-2026-04-21.html, .pdf, .docx
The tables of each paper (signed in): http://$gw/pillars/reducing-harm/tables/2025-12.html
  (also preventing-crime, cohesive-communities; JSON without .html), e.g.
  curl -H "authorization: Bearer <access_token>" $gw/pillars/reducing-harm/tables/2025-12
  Accountability (OPCCN: meetings, minutes, actions): gRPC only, localhost:$(port accountability 4)
  Events (dev Dapr sidecar): http://$sidecar/dev/messages
Email: every mail the suite sends is kept by the dev sidecar's SMTP sink (localhost:$smtp_port) and listed at http://$sidecar/dev/mail
  (the demo users are USER@example.org; each chooses their emails at http://$gw/app/notifications)
gRPC (HTTP/2, h2c): pillars on $(for p in $(services | awk '$1 != "accountability" && $1 != "gateway" && $1 != "identity" && $1 != "dev-sidecar" { print $4 }'); do printf "localhost:%s " "$p"; done)
  e.g. node tests/interop/client.js localhost:$(port reducing-harm 4) catalogue
Data: $PWD/data (SQLite, one file per service); logs: $PWD/data/logs. Import more figures:
  dotnet run --project services/ReducingHarm -- import --as "YOUR NAME" "\$PWD/FILE.csv"
INFO
wait
