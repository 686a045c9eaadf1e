#!/usr/bin/env bash
# The fleet demo: three sites (montreal, ottawa, toronto), each an HMP server, declared in the
# inventory beside this script and configured with the playbook haivision.hmp.site.
#
#   1. start one HMP emulator per site (TLS, each with its own throwaway CA)
#   2. run haivision.hmp.site with --diff: every site gets what the inventory declares
#   3. run it again: changed=0 on every site, and the emulators count zero writes
#   4. export every site's state as YAML with haivision.hmp.export, then apply the exported files
#      with haivision.hmp.site: changed=0 and zero writes again
#
# `make demo` builds and installs the collection into build/collections and runs this script with
# ANSIBLE_COLLECTIONS_PATH pointing there and .venv/bin first on PATH. The export goes to
# build/fleet-export (or $FLEET_EXPORT_DIR). The emulators are always stopped at the end.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
export ANSIBLE_COLLECTIONS_PATH="${ANSIBLE_COLLECTIONS_PATH:-${root}/build/collections}"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export_dir="${FLEET_EXPORT_DIR:-${root}/build/fleet-export}"

sites=(montreal ottawa toronto)
work="$(mktemp -d "${TMPDIR:-/tmp}/hmp-fleet.XXXXXX")"

banner() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nfleet demo: FAILED: %s\n' "$*" >&2; exit 1; }

# shellcheck source=../emulators.sh
source "${root}/examples/emulators.sh"
trap 'stop_emulators; rm -rf "${work}"' EXIT

# $1 site: the number of writes its emulator counted since its counters were last reset.
writes() {
    control "$1" GET counters | python -c 'import json, sys; print(json.load(sys.stdin)["writes"])'
}

# $1 log of an ansible-playbook run: "site changed-count" for each host of its PLAY RECAP.
recap_changed() {
    sed -n '/^PLAY RECAP/,$p' "$1" | awk '/ : ok=/ { for (i = 1; i <= NF; i++) if ($i ~ /^changed=/) { split($i, kv, "="); print $1, kv[2] } }'
}

# $1 log of an ansible-playbook run: fail unless its recap shows changed=0 for every site and no
# emulator counted a write since its counters were reset.
check_nothing_changed() {
    local site changed count recap
    recap="$(recap_changed "$1")"
    for site in "${sites[@]}"; do
        changed="$(awk -v site="${site}" '$1 == site { print $2 }' <<<"${recap}")"
        [ -n "${changed}" ] || fail "${site} is missing from the PLAY RECAP"
        count="$(writes "${site}")"
        printf '  %-9s changed=%s  writes=%s\n' "${site}" "${changed}" "${count}"
        [ "${changed}" -eq 0 ] || fail "${site}: the run reported changed=${changed}; it must change nothing"
        [ "${count}" -eq 0 ] || fail "${site}: its emulator counted ${count} writes; there must be none"
    done
}

# ------------------------------------------------------------------------------------------------
banner "Starting one HMP emulator per site: ${sites[*]}"
for site in "${sites[@]}"; do start_emulator "${site}"; done
for site in "${sites[@]}"; do wait_for_emulator "${site}"; done

# The connection variables of each site, as a second inventory source beside inventory.yml.
connection="${work}/connection.yml"
{
    echo "# Written by examples/fleet/run.sh: where each site's emulator listens and how to log in."
    echo "hmp:"
    echo "  hosts:"
    for site in "${sites[@]}"; do
        echo "    ${site}:"
        echo "      hmp_host: localhost"
        echo "      hmp_port: ${port[${site}]}"
        echo "      hmp_protocol: https"
        echo "      hmp_ca_path: ${work}/${site}/ca.pem"
        echo "      hmp_username: haiadmin"
        echo "      hmp_password: hmp-emulator"
    done
} > "${connection}"
inventory=(-i "${here}/inventory.yml" -i "${connection}")

# ------------------------------------------------------------------------------------------------
banner "First run: ansible-playbook haivision.hmp.site --diff  (each site gets what the inventory declares)"
ansible-playbook "${inventory[@]}" haivision.hmp.site --diff | tee "${work}/first.log" \
    || fail "ansible-playbook haivision.hmp.site failed (first run)"
first_changed="$(recap_changed "${work}/first.log" | awk '$2 > 0' | wc -l)"
[ "${first_changed}" -eq "${#sites[@]}" ] \
    || fail "the first run changed only ${first_changed} of ${#sites[@]} fresh servers"

# ------------------------------------------------------------------------------------------------
for site in "${sites[@]}"; do control "${site}" DELETE counters > /dev/null; done
banner "Second run: the same playbook again; every site is already as declared, so nothing changes"
ansible-playbook "${inventory[@]}" haivision.hmp.site --diff | tee "${work}/second.log" \
    || fail "ansible-playbook haivision.hmp.site failed (second run)"

banner "Checking the second run: changed=0 in the recap and zero writes on every emulator"
check_nothing_changed "${work}/second.log"
echo "  idempotent: the second run changed nothing and wrote nothing"

# ------------------------------------------------------------------------------------------------
if [ -f "${root}/playbooks/export.yml" ]; then
    banner "Export: ansible-playbook haivision.hmp.export  (each site's current state as YAML)"
    rm -rf "${export_dir}"
    mkdir -p "${export_dir}"
    ansible-playbook "${inventory[@]}" haivision.hmp.export -e "hmp_export_dir=${export_dir}" \
        || fail "ansible-playbook haivision.hmp.export failed"
    banner "The export of each site is in ${export_dir}"
    find "${export_dir}" -type f -name '*.yml' | sort | sed 's/^/  /'

    # The exports as the host_vars of an inventory of their own: the same servers, declared only by
    # what was exported. Applying it must change nothing.
    mkdir -p "${work}/from-export/host_vars"
    cp "${connection}" "${work}/from-export/hosts.yml"
    for site in "${sites[@]}"; do cp "${export_dir}/${site}.yml" "${work}/from-export/host_vars/${site}.yml"; done
    for site in "${sites[@]}"; do control "${site}" DELETE counters > /dev/null; done
    banner "Round trip: haivision.hmp.site with the exported files as the inventory's host_vars; nothing changes"
    ansible-playbook -i "${work}/from-export/hosts.yml" haivision.hmp.site --diff | tee "${work}/round-trip.log" \
        || fail "ansible-playbook haivision.hmp.site failed on the exported files"
    check_nothing_changed "${work}/round-trip.log"
    echo "  the exports describe the servers exactly: applying them changed nothing and wrote nothing"
else
    banner "Export: skipped, playbooks/export.yml is not in this checkout yet"
fi

banner "Fleet demo done: ${#sites[@]} sites configured and idempotent; stopping the emulators"
if [ -f "${root}/playbooks/export.yml" ]; then
    echo "  the export of each site stays in ${export_dir}"
fi
