#!/usr/bin/env bash
# Regenerates the README's "What you will see" screens from the real binary: qdc against
# `qdc demo-server`, driven by tmux send-keys and read back with capture-pane, as a person sees it.
# Usage: bash assets/screens/capture.sh [path/to/qdc]   (needs tmux; default: target/debug/qdc)
set -euo pipefail
cd "$(dirname "$0")/../.."
qdc=${1:-target/debug/qdc}
[ -x "$qdc" ] || cargo build --quiet
command -v tmux >/dev/null || { echo "capture.sh needs tmux (apt-get install tmux)"; exit 2; }
out=assets/screens
port=$((20000 + RANDOM % 20000))
sock=qdc-screens-$$
"$qdc" demo-server --addr "127.0.0.1:$port" > /dev/null 2>&1 &
server=$!
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; kill "$server" 2>/dev/null || true' EXIT

# wait until the screen shows TEXT (at most 10 s), then until it stops changing
wait_for() {
    for _ in $(seq 100); do
        if tmux -L "$sock" capture-pane -p | grep -qF "$1"; then
            local a b
            a=$(tmux -L "$sock" capture-pane -p); sleep 0.2; b=$(tmux -L "$sock" capture-pane -p)
            [ "$a" = "$b" ] && return 0
        fi
        sleep 0.1
    done
    echo "capture.sh: the screen never showed '$1'"; tmux -L "$sock" capture-pane -p; exit 1
}
shot() { tmux -L "$sock" capture-pane -p | sed -e "s/127.0.0.1:$port/127.0.0.1:8787/g" -e 's/[[:space:]]*$//' > "$out/$1.txt"; }
keys() { for k in "$@"; do tmux -L "$sock" send-keys "$k"; done; }

for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
tmux -L "$sock" new-session -d -x 100 -y 28 "QLIK_API_KEY=demo $qdc --server http://127.0.0.1:$port"
wait_for "Sources 20/20"; shot sources
keys j j j j j j j j j c
wait_for "New connection"; shot form
keys Escape
wait_for "Sources 20/20"
keys 3
wait_for "Connections 7/7"; shot connections

# the README's section between the markers, rebuilt from the captures
python3 - "$out" <<'PY'
import sys, pathlib
out = pathlib.Path(sys.argv[1])
titles = [("sources", "Sources: every data source of the tenant, its api-specs beside it"),
          ("form", "`c` on DG_mssql: the form generated from its api-specs, gateway and defaults filled in"),
          ("connections", "`3`: the connections, owners and spaces by name")]
body = "".join(f"\n{t}:\n\n```text\n{(out / (n + '.txt')).read_text().rstrip()}\n```\n" for n, t in titles)
readme = pathlib.Path("README.md")
text = readme.read_text()
begin, end = "<!-- screens:begin (assets/screens/capture.sh) -->", "<!-- screens:end -->"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
readme.write_text(head + begin + "\n" + body + "\n" + end + tail)
PY
echo "screens written to $out and README.md"
