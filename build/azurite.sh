# Sourced by build/test.sh and ./urumi: starts Azurite from .tools/ on free loopback ports with a
# data folder under .azurite/, exports AZURITE_CONNECTION_STRING, and stops it when the caller exits
# (a caller with its own EXIT trap keeps it and must call azurite_stop from it). AZURITE_ACCESS_LOG=1
# keeps its access log (one line per storage request) in $data/azurite.log: the benchmark counts them.
# shellcheck shell=bash
azurite_start() {
  local root="$1" data="$2"
  local ports
  read -r -a ports < <(python3 -c 'import socket
s=[socket.socket() for _ in range(3)]
[x.bind(("127.0.0.1",0)) for x in s]
print(" ".join(str(x.getsockname()[1]) for x in s))')
  mkdir -p "$data"
  local quiet=(--silent)
  [ "${AZURITE_ACCESS_LOG:-0}" = 1 ] && quiet=()
  # Its own session: Ctrl-C on the caller's terminal does not stop it before the caller's servers.
  setsid "$root/.tools/node_modules/.bin/azurite" "${quiet[@]}" --skipApiVersionCheck --loose \
    --location "$data" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "${ports[0]}" --queuePort "${ports[1]}" --tablePort "${ports[2]}" \
    >"$data/azurite.log" 2>&1 &
  AZURITE_PID=$!
  [ -n "$(trap -p EXIT)" ] || trap azurite_stop EXIT

  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/${ports[2]}") 2>/dev/null; then break; fi
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
      echo "Azurite failed to start; its log:" >&2; cat "$data/azurite.log" >&2; return 1
    fi
    sleep 0.1
  done
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  export AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:${ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${ports[1]}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${ports[2]}/devstoreaccount1;"
  echo "Azurite running (pid $AZURITE_PID, table port ${ports[2]}, data $data)" >&2
}

# Azurite can take 20 s or more to close after SIGTERM; after the grace period (seconds, default 5)
# it is killed, which is safe for throw-away test data.
azurite_stop() {
  local grace="${1:-5}"
  if [ -n "${AZURITE_PID:-}" ] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    kill "$AZURITE_PID" 2>/dev/null || true
    for _ in $(seq 1 $((grace * 10))); do
      kill -0 "$AZURITE_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
  AZURITE_PID=
}
