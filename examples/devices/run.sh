#!/usr/bin/env bash
# The set-top box demo: a company's screens (300 Haivision Play boxes on one HMP server) as inventory
# hosts, and the lobby screens put in standby for the night, then woken in the morning.
#
#   1. write the seed (make_seed.py: lobby screens, meeting rooms, cafeterias; Online, Standby, Offline...)
#      and start the HMP emulator with it (TLS, a throwaway CA)
#   2. ansible-inventory on inventory/ (the plugin haivision.hmp.hmp_devices): the groups and their sizes
#   3. the evening job in check mode: what would change, and no command sent
#   4. the evening job: haivision.hmp.devices --limit lobby -e lobby_night=true; commands only for the boxes
#      that differ, the offline ones reported, not failed
#   5. the same job again: changed=0 and the emulator counts no command
#   6. the morning job: the lobby screens wake up
#
# `make demo-devices` builds and installs the collection into build/collections and runs this script with
# ANSIBLE_COLLECTIONS_PATH pointing there and .venv/bin first on PATH. DEVICES_DEMO_BOXES sets the number of
# boxes (300). The emulator is always stopped at the end.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
export ANSIBLE_COLLECTIONS_PATH="${ANSIBLE_COLLECTIONS_PATH:-${root}/build/collections}"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
boxes="${DEVICES_DEMO_BOXES:-300}"
forks=10

work="$(mktemp -d "${TMPDIR:-/tmp}/hmp-devices.XXXXXX")"

banner() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nset-top box demo: FAILED: %s\n' "$*" >&2; exit 1; }

# shellcheck source=../emulators.sh
source "${root}/examples/emulators.sh"
trap 'stop_emulators; rm -rf "${work}"' EXIT

# The set-top box commands the emulator counted since its counters were last reset.
commands() {
    control devices GET counters | python -c 'import json, sys
print(json.load(sys.stdin)["by_route"].get("POST /apis/devices/stbs/:stbId/commands", 0))'
}

# $1 log of an ansible-playbook run: the sum of the changed= counts of its PLAY RECAP.
recap_changed() {
    sed -n '/^PLAY RECAP/,$p' "$1" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^changed=/) { split($i, kv, "="); n += kv[2] } } END { print n + 0 }'
}

# $1 log, $2 title: run ansible-playbook haivision.hmp.devices with the rest of the arguments, keep its log.
devices_playbook() {
    local log="$1"
    shift
    ansible-playbook -i "${work}/inventory" haivision.hmp.devices -f "${forks}" "$@" | tee "${log}" \
        || fail "ansible-playbook haivision.hmp.devices $* failed"
}

# ------------------------------------------------------------------------------------------------
banner "Starting an HMP emulator with ${boxes} set-top boxes (examples/devices/make_seed.py)"
python "${here}/make_seed.py" --boxes "${boxes}" "${work}/seed.json"
start_emulator devices "${work}/seed.json"
wait_for_emulator devices
ca="${work}/devices/ca.pem"

# The inventory of the example, pointed at the emulator: the plugin's file with the emulator's address
# instead of hmp.example.com, group_vars and host_vars as they are. The credentials come from the environment.
mkdir -p "${work}/inventory"
python - "${here}/inventory/fleet.hmp_devices.yml" "${work}/inventory/fleet.hmp_devices.yml" "${port[devices]}" "${ca}" <<'PYTHON'
import sys, yaml
source, dest, port, ca = sys.argv[1:]
with open(source) as handle:
    config = yaml.safe_load(handle)
config["servers"][0].update(hmp_host="localhost", hmp_port=int(port), hmp_ca_path=ca)
with open(dest, "w") as out:
    yaml.safe_dump(config, out, sort_keys=False)
PYTHON
ln -s "${here}/inventory/group_vars" "${work}/inventory/group_vars"
ln -s "${here}/inventory/host_vars" "${work}/inventory/host_vars"
export HMP_USERNAME=haiadmin HMP_PASSWORD=hmp-emulator

# ------------------------------------------------------------------------------------------------
banner "The inventory: ansible-inventory -i inventory --list, the size of each group"
ansible-inventory -i "${work}/inventory" --list > "${work}/inventory.json"
python - "${work}/inventory.json" <<'PYTHON'
import json, sys
with open(sys.argv[1]) as handle:
    data = json.load(handle)
hosts = data["_meta"]["hostvars"]
print("  %d hosts" % len(hosts))
for group in sorted(g for g in data if g not in ("_meta", "all", "ungrouped")):
    members = data[group].get("hosts", [])
    children = data[group].get("children", [])
    print("  %-16s %s" % (group, "%d boxes" % len(members) if members else "groups " + ", ".join(children)))
print("  two boxes share a name:", ", ".join(sorted(h for h in hosts if h.startswith("Cafeteria 01"))))
PYTHON
[ "$(control devices GET counters | python -c 'import json, sys; print(json.load(sys.stdin)["writes"])')" -eq 0 ] \
    || fail "reading the inventory wrote to HMP"

# ------------------------------------------------------------------------------------------------
control devices DELETE counters > /dev/null
banner "Evening, --check: what the night job would change (no command is sent)"
devices_playbook "${work}/check.log" --limit lobby -e lobby_night=true --check
[ "$(commands)" -eq 0 ] || fail "check mode sent $(commands) commands"
echo "  check mode: $(recap_changed "${work}/check.log") boxes would change, 0 commands sent"

banner "Evening: the night job puts the lobby screens in standby"
devices_playbook "${work}/night.log" --limit lobby -e lobby_night=true
night_commands="$(commands)"
[ "${night_commands}" -gt 0 ] || fail "the night job sent no command"
grep -q 'nothing sent to Lobby 05' "${work}/night.log" || fail "the offline box Lobby 05 was not reported"
echo "  ${night_commands} commands to $(recap_changed "${work}/night.log") boxes; the offline ones reported above"

control devices DELETE counters > /dev/null
banner "The night job again: every box is as declared, nothing is sent"
devices_playbook "${work}/again.log" --limit lobby -e lobby_night=true
[ "$(recap_changed "${work}/again.log")" -eq 0 ] || fail "the second run reported changes"
[ "$(commands)" -eq 0 ] || fail "the second run sent $(commands) commands"
echo "  idempotent: changed=0 and 0 commands"

control devices DELETE counters > /dev/null
banner "Morning: the same group, without lobby_night, wakes up"
devices_playbook "${work}/morning.log" --limit lobby
echo "  $(commands) commands to $(recap_changed "${work}/morning.log") boxes"

banner "Set-top box demo done; stopping the emulator"
