#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need when it is missing, starts a throwaway
# Redis and RabbitMQ on loopback, runs the whole solution's tests, and stops everything whatever happened.
# Extra arguments go to `dotnet test`, e.g. ./test.sh --project tests/Gateway.Tests
# Without arguments it also starts a 3-master Redis Cluster on loopback and runs the Redis-backed services' tests a
# second time against it (tests/RedisCluster.slnf; docs/testing.md, "Redis Cluster").
# ANTIGRAVITY_TEST_REDIS_CLUSTER_ONLY=1 runs only that cluster pass, with the arguments given instead of its selection.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v rabbitmq-server >/dev/null || missing+=(rabbitmq-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} with apt"
  sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v node >/dev/null || { echo "test.sh: Node.js (node, npm) is required for the client tests: apt-get install nodejs npm" >&2; exit 1; }

# The official clients (Claude Code, Anthropic, OpenAI and Google GenAI SDKs), into a git-ignored folder.
if [ ! -d tests/clients/node_modules ] || [ tests/clients/package.json -nt tests/clients/node_modules ]; then
  (cd tests/clients && npm install --no-audit --no-fund --loglevel=error) && touch tests/clients/node_modules
fi

work=$(mktemp -d /tmp/antigravity-test.XXXXXX)
pids=()
cleanup() {
  # As root, rabbitmq-server's wrapper switches user with su, which starts a new session: the broker (beam.smp)
  # outlives the wrapper's pid. Stop it by the pid it wrote itself, or it is left running after every test run.
  if [ -s "$work/rabbit/rabbit.pid" ]; then
    beam=$(cat "$work/rabbit/rabbit.pid"); kill "$beam" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$beam" 2>/dev/null || break; sleep 0.1; done
  fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work" || true
}
trap cleanup EXIT INT TERM

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_port() { # port, name, seconds
  for _ in $(seq 1 $(( $3 * 10 ))); do
    if (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "test.sh: $2 did not open port $1" >&2; return 1
}

# Redis
redis_port=$(free_port); redis_pass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
mkdir -p "$work/redis"
redis-server --port "$redis_port" --bind 127.0.0.1 --requirepass "$redis_pass" --save '' --appendonly no \
  --dir "$work/redis" --daemonize no --loglevel warning > "$work/redis.log" 2>&1 &
pids+=($!)

# RabbitMQ: a private node with its own epmd, so parallel runs never share or kill each other's.
amqp_port=$(free_port); dist_port=$(free_port); epmd_port=$(free_port)
node_name="antigravity-test-$$@localhost"
mkdir -p "$work/rabbit/mnesia" "$work/rabbit/log" "$work/rabbit/home"
echo '[].' > "$work/rabbit/enabled_plugins"
if [ "$(id -u)" -eq 0 ]; then chown -R rabbitmq:rabbitmq "$work/rabbit"; chmod 755 "$work"; fi
export ERL_EPMD_PORT=$epmd_port
epmd -port "$epmd_port" > "$work/epmd.log" 2>&1 &
pids+=($!)
env RABBITMQ_NODENAME="$node_name" RABBITMQ_NODE_PORT="$amqp_port" RABBITMQ_DIST_PORT="$dist_port" \
  RABBITMQ_MNESIA_BASE="$work/rabbit/mnesia" RABBITMQ_LOG_BASE="$work/rabbit/log" \
  RABBITMQ_PID_FILE="$work/rabbit/rabbit.pid" RABBITMQ_ENABLED_PLUGINS_FILE="$work/rabbit/enabled_plugins" \
  HOME="$work/rabbit/home" rabbitmq-server > "$work/rabbit.log" 2>&1 &
pids+=($!)

# Redis Cluster (issue 15): three masters (no replicas) on loopback, each with its own client and bus port, for the
# cluster pass. Started now, so they come up while the broker does.
cluster_only=${ANTIGRAVITY_TEST_REDIS_CLUSTER_ONLY:-0}
cluster_ports=()
if [ $# -eq 0 ] || [ "$cluster_only" != 0 ]; then
  while [ ${#cluster_ports[@]} -lt 6 ]; do # 3 client ports, then 3 cluster bus ports, all distinct
    p=$(free_port)
    [[ " ${cluster_ports[*]} $redis_port $amqp_port $dist_port $epmd_port " == *" $p "* ]] || cluster_ports+=("$p")
  done
  for i in 0 1 2; do
    node_dir="$work/redis-cluster/${cluster_ports[$i]}"; mkdir -p "$node_dir"
    redis-server --port "${cluster_ports[$i]}" --cluster-port "${cluster_ports[$((i + 3))]}" --bind 127.0.0.1 \
      --cluster-enabled yes --cluster-config-file nodes.conf --requirepass "$redis_pass" --masterauth "$redis_pass" \
      --save '' --appendonly no --dir "$node_dir" --daemonize no --loglevel warning > "$node_dir.log" 2>&1 &
    pids+=($!)
  done
fi

wait_port "$redis_port" redis-server 10
wait_port "$amqp_port" rabbitmq-server 60 || { cat "$work/rabbit.log" >&2; exit 1; }

redis_cluster=""
if [ ${#cluster_ports[@]} -gt 0 ]; then
  for i in 0 1 2; do wait_port "${cluster_ports[$i]}" "redis-server (cluster node)" 10; done
  cluster_nodes=$(for i in 0 1 2; do printf '127.0.0.1:%s ' "${cluster_ports[$i]}"; done)
  # shellcheck disable=SC2086 # one argument per node
  REDISCLI_AUTH="$redis_pass" redis-cli --cluster create $cluster_nodes --cluster-replicas 0 --cluster-yes \
    > "$work/redis-cluster.log" 2>&1 || { cat "$work/redis-cluster.log" >&2; exit 1; }
  for i in 0 1 2; do
    for _ in $(seq 1 300); do
      REDISCLI_AUTH="$redis_pass" redis-cli -p "${cluster_ports[$i]}" cluster info 2>/dev/null | grep -q '^cluster_state:ok' && break
      sleep 0.1
    done
    REDISCLI_AUTH="$redis_pass" redis-cli -p "${cluster_ports[$i]}" cluster info | grep -q '^cluster_state:ok' \
      || { echo "test.sh: the Redis Cluster did not reach cluster_state:ok" >&2; cat "$work/redis-cluster.log" >&2; exit 1; }
  done
  redis_cluster="$(for i in 0 1 2; do printf '127.0.0.1:%s,' "${cluster_ports[$i]}"; done)password=$redis_pass"
fi

export ANTIGRAVITY_TEST_REDIS="127.0.0.1:$redis_port,password=$redis_pass"
export ANTIGRAVITY_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$amqp_port/"
export ANTIGRAVITY_TEST_CLIENTS="$root/tests/clients/node_modules"
export ANTIGRAVITY_TEST_ARTIFACTS="${ANTIGRAVITY_TEST_ARTIFACTS:-$root/artifacts/test-output}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$ANTIGRAVITY_TEST_ARTIFACTS"

# Each pass's output goes to its own log; a pass's exit code counts for the script's.
passes=() pass_codes=()
run_pass() { # name, Redis connection string, dotnet test arguments
  local name=$1 redis=$2; shift 2
  echo "test.sh: $name pass: dotnet test $*"
  set +e
  local cluster=0; [ "$name" != redis-cluster ] || cluster=1
  ANTIGRAVITY_TEST_REDIS="$redis" ANTIGRAVITY_TEST_REDIS_CLUSTER=$cluster dotnet test "$@" 2>&1 | tee "$work/test-$name.log"
  local code=${PIPESTATUS[0]}
  set -e
  passes+=("$name"); pass_codes+=("$code")
}

# The cluster pass: the tests of every service that keeps state in Redis, except the classes tagged
# [Trait("RedisCluster", "skip")] (long soaks and fuzzing, and the official-client runs, which add no Redis command).
cluster_selection=(--solution tests/RedisCluster.slnf -- --filter-not-trait 'RedisCluster=skip')
if [ "$cluster_only" != 0 ]; then
  if [ $# -eq 0 ]; then set -- "${cluster_selection[@]}"; fi
  run_pass redis-cluster "$redis_cluster" "$@"
else
  if [ $# -eq 0 ]; then
    # Every project of the solution but the AppHost's belongs in tests/AllButAppHost.slnf, or its tests would not run.
    for project in $(grep -o '"[^"]*\.csproj"' Antigravity.sln | tr -d '"' | grep -v '^AppHost\\\|AppHost\.Tests'); do
      grep -qF "\"${project//\\/\\\\}\"" tests/AllButAppHost.slnf || { echo "test.sh: $project is missing from tests/AllButAppHost.slnf" >&2; exit 1; }
    done
    # The AppHost's tests start whole clusters (a dozen processes each) and measure faults under load: they run on their
    # own, after the other projects' tests (with Chromium, in parallel), which loaded a CI machine so much (load 40)
    # that DCP's `dotnet run` of one service took two minutes to start it.
    run_pass redis "$ANTIGRAVITY_TEST_REDIS" --solution tests/AllButAppHost.slnf
    run_pass apphost "$ANTIGRAVITY_TEST_REDIS" --project tests/AppHost.Tests/AppHost.Tests.csproj
    run_pass redis-cluster "$redis_cluster" "${cluster_selection[@]}"
  else
    run_pass redis "$ANTIGRAVITY_TEST_REDIS" "$@"
  fi
fi

# The run's output is long and CI keeps only its tail: repeat the names of failed tests (and their first lines) last.
rc=0
for i in "${!passes[@]}"; do
  code=${pass_codes[$i]}
  if [ "$code" -ne 0 ]; then
    [ "$rc" -ne 0 ] || rc=$code
    echo; echo "test.sh: dotnet test (${passes[$i]} pass) exited with $code; failed tests:"
    grep -E -A30 '^\s*failed [A-Za-z_]' "$work/test-${passes[$i]}.log" | cut -c1-300 | head -240 || echo "  (none named; see the output above)"
  fi
done
exit "$rc"
