#!/usr/bin/env bash
# Makes a SQLite journal the way journal-2026-12-07.db was made: run a built server (the first argument: the
# directory holding easegress-server), write through its admin API, stop it with SIGTERM. The file is left in
# $WORK/data/easegress.db. Ports 18481-18483 must be free.
set -euo pipefail
server=$1
WORK=${WORK:-$(mktemp -d)}
api=http://127.0.0.1:18481/apis/v2/objects
mkdir -p "$WORK" && cd "$WORK"
pipeline() { printf 'name: %s\nkind: Pipeline\nfilters:\n  - name: proxy\n    kind: Proxy\n    pools:\n      - servers:\n        - url: http://127.0.0.1:%s\n' "$1" "$2"; }
post() { curl -sf -o /dev/null -X POST $api -H 'Content-Type: application/yaml' --data-binary @-; }
put() { curl -sf -o /dev/null -X PUT "$api/$1" -H 'Content-Type: application/yaml' --data-binary @-; }

"$server/easegress-server" --name fixture-node --cluster-name fixture --api-addr 127.0.0.1:18481 \
  --listen-peer-urls http://127.0.0.1:18482 --data-dir "$WORK/data" --log-dir "$WORK/log" > server.out 2>&1 &
pid=$!
until curl -sf $api > /dev/null; do sleep 0.5; done

printf 'kind: HTTPServer\nname: server-fixture\nport: 18483\nkeepAlive: true\nhttps: false\nrules:\n  - paths:\n    - pathPrefix: /kept\n      backend: pipeline-kept\n' | post
pipeline pipeline-kept 18484 | post
pipeline pipeline-deleted 18484 | post
pipeline pipeline-kept 18485 | put pipeline-kept
curl -sf -o /dev/null -X DELETE $api/pipeline-deleted
# 501 writes of one object: the leader snapshots its state at its 500th event and deletes the events before it
pipeline pipeline-busy 18484 | post
for i in $(seq 1 500); do pipeline pipeline-busy $((20000 + i)) | put pipeline-busy; done
pipeline pipeline-late 18484 | post
pipeline pipeline-late-deleted 18484 | post
curl -sf -o /dev/null -X DELETE $api/pipeline-late-deleted

kill -TERM $pid
wait $pid || true
echo "$WORK/data/easegress.db"
