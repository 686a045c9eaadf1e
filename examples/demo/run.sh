#!/usr/bin/env bash
# The demo: start the HMP emulator (TLS, a throwaway CA), run examples/demo/demo.yml against it
# twice, and check that the first run changes the server and the second one changes nothing.
#
# No make target runs it (`make demo` runs examples/fleet/run.sh). Run it after `make build`, which installs the
# collection into build/collections, with .venv/bin first on PATH: `. .venv/bin/activate; examples/demo/run.sh`.
# ANSIBLE_COLLECTIONS_PATH defaults to build/collections.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ANSIBLE_COLLECTIONS_PATH="${ANSIBLE_COLLECTIONS_PATH:-${root}/build/collections}"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

work="$(mktemp -d "${TMPDIR:-/tmp}/hmp-demo.XXXXXX")"
fail() { printf 'demo: FAILED: %s\n' "$*" >&2; exit 1; }

# shellcheck source=../emulators.sh
source "${root}/examples/emulators.sh"
trap 'stop_emulators; rm -rf "${work}"' EXIT

# --- the emulator, on a free loopback port
start_emulator demo
wait_for_emulator demo
export HMP_HOST=localhost HMP_PORT="${port[demo]}" HMP_USERNAME=haiadmin HMP_PASSWORD=hmp-emulator \
    HMP_CA_PATH="${work}/demo/ca.pem"

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

[ "${first}" -ne 0 ] || fail "the first run changed nothing on a fresh server"
[ "${second}" -eq 0 ] || fail "the second run reported changed=${second}, it must change nothing"
echo "demo: first run changed=${first}, second run changed=0: idempotent"
