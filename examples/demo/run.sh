#!/usr/bin/env bash
# The demo: start the HMP emulator (TLS, a throwaway CA), run examples/demo/demo.yml against it
# twice, and check that the first run changes the server and the second one changes nothing.
#
# `make demo` builds and installs the collection into build/collections and runs this script with
# ANSIBLE_COLLECTIONS_PATH pointing there and .venv/bin first on PATH.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ANSIBLE_COLLECTIONS_PATH="${ANSIBLE_COLLECTIONS_PATH:-${root}/build/collections}"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

work="$(mktemp -d "${TMPDIR:-/tmp}/hmp-demo.XXXXXX")"
emulator_pid=""
stop_emulator() {
    if [ -n "${emulator_pid}" ] && kill -0 "${emulator_pid}" 2>/dev/null; then
        kill -TERM "${emulator_pid}"
        wait "${emulator_pid}" || true
    fi
    rm -rf "${work}"
}
trap stop_emulator EXIT

# --- the emulator, on a free loopback port
(cd "${root}" && exec python -m hmp_emulator --port 0 --port-file "${work}/port" --ca-out "${work}/ca.pem") \
    > "${work}/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 300); do  # the port file appears once the emulator accepts connections
    [ -s "${work}/port" ] && break
    kill -0 "${emulator_pid}" 2>/dev/null || { cat "${work}/emulator.log"; echo "run.sh: the emulator exited" >&2; exit 1; }
    sleep 0.1
done
[ -s "${work}/port" ] || { cat "${work}/emulator.log"; echo "run.sh: the emulator did not start in 30s" >&2; exit 1; }
cat "${work}/emulator.log"  # HMP emulator listening on <url>

port="$(cat "${work}/port")"
export HMP_HOST=localhost HMP_PORT="${port}" HMP_USERNAME=haiadmin HMP_PASSWORD=hmp-emulator \
    HMP_CA_PATH="${work}/ca.pem"

# $1: which run. Fails when ansible-playbook fails; sets changed to the sum of changed= in its PLAY RECAP.
run_playbook() {
    printf '\n==> demo: ansible-playbook examples/demo/demo.yml (%s run)\n' "$1"
    ansible-playbook "${root}/examples/demo/demo.yml" | tee "${work}/$1.log"
    changed="$(sed -n '/^PLAY RECAP/,$p' "${work}/$1.log" | grep -o 'changed=[0-9]*' | awk -F= '{ n += $2 } END { print n + 0 }')"
}

run_playbook first
first="${changed}"
run_playbook second
second="${changed}"

if [ "${first}" -eq 0 ]; then
    echo "demo: FAILED: the first run changed nothing on a fresh server" >&2
    exit 1
fi
if [ "${second}" -ne 0 ]; then
    echo "demo: FAILED: the second run reported changed=${second}, it must change nothing" >&2
    exit 1
fi
echo "demo: first run changed=${first}, second run changed=0: idempotent"
