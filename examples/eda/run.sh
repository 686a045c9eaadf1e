#!/usr/bin/env bash
# Run one rulebook of examples/eda under ansible-rulebook against HMP emulators, until Ctrl-C.
#
#   examples/eda/run.sh live_source_incident   # one emulator: a live session fed by a UDP camera and an SRT listener
#   examples/eda/run.sh device_offline         # one emulator with two set-top boxes
#   examples/eda/run.sh drift_repair           # the fleet of examples/fleet: three emulators, configured first
#
# It starts the emulator(s) (TLS, each with its own throwaway CA), points the watch at them (HMP_* variables,
# or a vars file for the fleet), prints how to make each kind of change the rulebook reacts to, and runs
# ansible-rulebook from examples/eda (where the rulebooks name their playbooks). Each emulator's request
# counters and request log are cleared just before ansible-rulebook starts: from then on they hold the
# watch's requests, the actions' and the changes you make.
#
# Needs: `make build` (the collection installed in build/collections, or ANSIBLE_COLLECTIONS_PATH), the venv
# of `make eda` (.venv-eda: ansible-rulebook, ansible-playbook, ansible-galaxy; or them on PATH), .venv for
# the emulators (Flask), and a Java 17+ runtime (.ci/find-java finds it).
# Environment: HMP_WATCH_INTERVAL (seconds between polls, default 10), HMP_EDA_WORK (the work folder,
# default a new temporary one; removed at the end only when temporary). The incidents and notifications go
# to <work>/incidents.log and <work>/notifications.log.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
rulebook="${1:-}"
case "${rulebook}" in
    live_source_incident | device_offline | drift_repair) ;;
    *) echo "usage: $0 live_source_incident|device_offline|drift_repair" >&2; exit 2 ;;
esac

export ANSIBLE_COLLECTIONS_PATH="${ANSIBLE_COLLECTIONS_PATH:-${root}/build/collections}"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
[ -d "${root}/.venv-eda/bin" ] && export PATH="${root}/.venv-eda/bin:${PATH}"
emulator_python="${root}/.venv/bin/python"
[ -x "${emulator_python}" ] || emulator_python=python3
interval="${HMP_WATCH_INTERVAL:-10}"
if [ -n "${HMP_EDA_WORK:-}" ]; then
    work="${HMP_EDA_WORK}"; keep_work=true; mkdir -p "${work}"
else
    work="$(mktemp -d "${TMPDIR:-/tmp}/hmp-eda.XXXXXX")"; keep_work=false
fi

banner() { printf '\n==> %s\n' "$*"; }
fail() { printf '\neda example: FAILED: %s\n' "$*" >&2; exit 1; }

command -v ansible-rulebook >/dev/null || fail "ansible-rulebook is not on PATH: make .venv-eda/.installed (make eda makes it)"
[ -d "${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/haivision/hmp" ] \
    || fail "haivision.hmp is not installed in ${ANSIBLE_COLLECTIONS_PATH}: run make build first"
JAVA_HOME="$("${root}/.ci/find-java")" || fail "no Java 17+ runtime for ansible-rulebook"
# -Xrs: the rule engine's JVM leaves SIGINT/SIGTERM to ansible-rulebook, which stops the watch cleanly (logout).
export JAVA_HOME JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:--Xrs}"

# shellcheck source=../emulators.sh
source "${root}/examples/emulators.sh"
rulebook_pid=""
stop_all() {
    if [ -n "${rulebook_pid}" ] && kill -0 "${rulebook_pid}" 2>/dev/null; then
        kill -TERM "${rulebook_pid}" 2>/dev/null || true
        wait "${rulebook_pid}" 2>/dev/null || true
    fi
    stop_emulators
    [ "${keep_work}" = true ] || rm -rf "${work}"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# $1 site, $2 kind (sources|devices), $3 field, $4 value: the id of that object in the site's emulator.
id_of() {
    control "$1" GET state | "${emulator_python}" -c 'import json, sys
kind, field, value = sys.argv[1:4]
key = "_id" if kind == "devices" else "id"
print(next(o[key] for o in json.load(sys.stdin)[kind] if o.get(field) == value))' "$2" "$3" "$4"
}

# ------------------------------------------------------------------------------------------------
if [ "${rulebook}" = drift_repair ]; then
    sites=(montreal ottawa toronto)
    banner "Starting one HMP emulator per site of examples/fleet: ${sites[*]}"
    for site in "${sites[@]}"; do start_emulator "${site}"; done
    for site in "${sites[@]}"; do wait_for_emulator "${site}"; done

    # The fleet inventory and each site's connection, in one folder: ansible-rulebook hands an inventory
    # folder to its playbooks whole (a single file would lose group_vars/ and host_vars/).
    inventory="${work}/inventory"
    mkdir -p "${inventory}"
    cp -r "${root}/examples/fleet/inventory.yml" "${root}/examples/fleet/group_vars" "${root}/examples/fleet/host_vars" "${inventory}/"
    {
        echo "# Written by examples/eda/run.sh: where each site's emulator listens and how to log in."
        echo "hmp:"
        echo "  hosts:"
        for site in "${sites[@]}"; do
            printf '    %s:\n      hmp_host: localhost\n      hmp_port: %s\n      hmp_protocol: https\n' "${site}" "${port[${site}]}"
            printf '      hmp_ca_path: %s\n      hmp_username: haiadmin\n      hmp_password: hmp-emulator\n' "${work}/${site}/ca.pem"
        done
    } > "${inventory}/connection.yml"
    {
        echo "hmp_watch_interval: ${interval}"
        echo "hmp_fleet:"
        for site in "${sites[@]}"; do
            printf '  %s: {hmp_host: localhost, hmp_port: %s, hmp_ca_path: "%s"}\n' "${site}" "${port[${site}]}" "${work}/${site}/ca.pem"
        done
    } > "${work}/vars.yml"
    export HMP_USERNAME=haiadmin HMP_PASSWORD=hmp-emulator  # the watches' login

    banner "Configuring the fleet: ansible-playbook haivision.hmp.site"
    ansible-playbook -i "${inventory}" haivision.hmp.site > "${work}/site.log" || { cat "${work}/site.log"; fail "haivision.hmp.site failed"; }
    tail -n 5 "${work}/site.log"
    rulebook_args=(-i "${inventory}" --vars "${work}/vars.yml")
    cat <<EOF

Make a site drift, in another terminal: change a source of montreal behind Ansible's back, for example

  HMP_HOST=localhost HMP_PORT=${port[montreal]} HMP_CA_PATH=${work}/montreal/ca.pem HMP_USERNAME=haiadmin \\
  HMP_PASSWORD=hmp-emulator ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH} ansible localhost -m haivision.hmp.hmp_source \\
    -a "name='Network program feed' type=udp multicast=true host=239.10.0.1 port=4900 description='changed by hand'"

Within ${interval}s the watch of montreal reports it and haivision.hmp.site runs on montreal only, which puts
the description back; the next poll reports that repair, and site runs once more and changes nothing.
EOF
else
    cat > "${work}/seed.json" <<'EOF'
{
  "sources": [
    {"name": "Studio camera", "type": "UDP", "host": "239.10.1.1", "port": 4900, "multicast": true, "active": true, "bitrate": 4500000},
    {"name": "Remote contributor", "type": "SRT", "mode": "LISTENER", "port": 9000, "latency": 250, "active": true, "bitrate": 2000000},
    {"name": "Rehearsal feed", "type": "UDP", "host": "239.10.1.2", "port": 4900, "multicast": true, "active": true, "bitrate": 3000000}
  ],
  "sessions": [
    {"title": "Morning show", "active": true, "sources": ["Studio camera", "Remote contributor"]},
    {"title": "Rehearsal", "active": false, "sources": ["Rehearsal feed"]}
  ],
  "devices": [
    {"_id": "bvgR95DKAXUTr402cyM8ew", "name": "Lobby TV", "hostname": "37D78D000096", "status": "Online", "standby": false, "channelName": "Morning show"},
    {"_id": "cafeTV9DKAXUTr402cyM8e", "name": "Cafeteria TV", "hostname": "37D78D000097", "status": "Online", "standby": false}
  ]
}
EOF
    banner "Starting an HMP emulator: a live session (Morning show) and two set-top boxes"
    start_emulator studio "${work}/seed.json"
    wait_for_emulator studio
    export HMP_HOST=localhost HMP_PORT="${port[studio]}" HMP_PROTOCOL=https HMP_CA_PATH="${work}/studio/ca.pem"
    export HMP_USERNAME=haiadmin HMP_PASSWORD=hmp-emulator  # the watch's login, and the playbooks'
    {
        echo "hmp_watch_interval: ${interval}"
        echo "hmp_incident_log: ${work}/incidents.log"
        echo "hmp_notification_log: ${work}/notifications.log"
    } > "${work}/vars.yml"
    rulebook_args=(-i "${here}/inventory.yml" --vars "${work}/vars.yml")
    control_url="https://localhost:${port[studio]}/_emulator"
    curl_put="curl --cacert ${work}/studio/ca.pem -X PUT -H 'Content-Type: application/json'"
    if [ "${rulebook}" = live_source_incident ]; then
        cat <<EOF

What HMP observes of a source, set through the emulator's control plane, in another terminal:

  the SRT listener of the live session stops receiving (an incident; its configuration is applied again):
    ${curl_put} -d '{"active": false}' ${control_url}/sources/$(id_of studio sources name "Remote contributor")/signal
  the UDP camera of the live session stops receiving (an incident):
    ${curl_put} -d '{"active": false}' ${control_url}/sources/$(id_of studio sources name "Studio camera")/signal
  the feed of the rehearsal, not live, stops receiving (no incident):
    ${curl_put} -d '{"active": false}' ${control_url}/sources/$(id_of studio sources name "Rehearsal feed")/signal
  and back: -d '{"active": true, "bitrate": 2000000}'

The incidents are appended to ${work}/incidents.log
EOF
    else
        cat <<EOF

Whether a set-top box is connected, set through the emulator's control plane, in another terminal:

  Lobby TV goes offline (a notification):
    ${curl_put} -d '{"status": "Offline"}' ${control_url}/devices/$(id_of studio devices name "Lobby TV")/presence
  Cafeteria TV goes into standby (no notification):
    ${curl_put} -d '{"status": "Standby", "standby": true}' ${control_url}/devices/$(id_of studio devices name "Cafeteria TV")/presence

The notifications are appended to ${work}/notifications.log
EOF
    fi
fi

# ------------------------------------------------------------------------------------------------
for site in "${!port[@]}"; do control "${site}" DELETE counters > /dev/null; control "${site}" DELETE requests > /dev/null; done
banner "ansible-rulebook -r rulebooks/${rulebook}.yml (polls every ${interval}s; Ctrl-C to stop)"
cd "${here}"
ansible-rulebook -r "rulebooks/${rulebook}.yml" "${rulebook_args[@]}" &
rulebook_pid=$!
wait "${rulebook_pid}"
