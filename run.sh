#!/usr/bin/env bash
# The one run command (README): installs redis-server and rabbitmq-server with apt on Debian/Ubuntu when missing, then
# runs the AppHost, which builds every service once and starts the whole cluster. Arguments go to the AppHost, e.g.
#   ./run.sh --simulate --port 8080          offline, with the Cloud Code simulator as the upstream
#   ./run.sh publish --output k8s            Kubernetes manifests and aspire-manifest.json (k8s/ relative to you)
set -euo pipefail
# Not cd'ing into the repository: `publish --output DIR` and `--data-dir DIR` are relative to where you run this.
root=$(cd "$(dirname "$0")" && pwd)

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ "${1:-}" != "publish" ]; then
  missing=()
  [ -n "$(command -v redis-server || true)" ] || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  [ -n "$(command -v rabbitmq-server || true)" ] || [ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
  if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null; then
      echo "run.sh: installing ${missing[*]} with apt"
      sudo_if_needed apt-get update -qq
      DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "run.sh: ${missing[*]} missing and this is not Debian/Ubuntu: install them with your package manager," >&2
      echo "        or pass existing servers: --ConnectionStrings:redis=HOST:PORT,password=… --ConnectionStrings:messaging=amqp://…" >&2
    fi
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "run.sh: building the cluster (the first build takes a minute or two)..."
# Release: the services run as they would in production (a Debug build's unoptimised code costs about twice the CPU);
# the AppHost starts every project in the configuration it was built in.
dotnet build "$root/AppHost/AppHost.csproj" -c Release -v quiet -nologo -clp:NoSummary
exec dotnet run --project "$root/AppHost" -c Release --no-build -- "$@"
