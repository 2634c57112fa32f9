#!/usr/bin/env bash
# Throughput of the simulator on ONE core (taskset -c 0), wrk on another: unary and SSE generation.
# Usage: tests/CloudCodeSimulator/bench/run.sh   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/../../.."
dotnet build -c Release tests/CloudCodeSimulator -v q -nologo >/dev/null
port=18099
taskset -c 0 dotnet artifacts/bin/CloudCodeSimulator/release/Antigravity.CloudCodeSimulator.dll --port $port --quota-cost 0 --record-bodies false >/dev/null &
pid=$!
trap 'kill $pid' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/_sim/settings" && break; sleep 0.2; done
export TOKEN=$(curl -s -X POST "http://127.0.0.1:$port/_sim/accounts/demo1@example.com/access-token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
wrk -t1 -c32 -d5s -s tests/CloudCodeSimulator/bench/generate.lua "http://127.0.0.1:$port" >/dev/null # warm-up
for method in generateContent "streamGenerateContent?alt=sse"; do
  for model in claude-sonnet-4-6 claude-opus-4-6-thinking; do
    echo "== $method $model"
    METHOD=$method MODEL=$model taskset -c 1 wrk -t1 -c32 -d10s -s tests/CloudCodeSimulator/bench/generate.lua "http://127.0.0.1:$port" | grep -E "Requests/sec|Latency|Non-2xx"
  done
done
