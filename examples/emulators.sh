# Sourced by the examples' run.sh scripts: HMP emulators on free loopback ports, each in ${work}/<name>/ with
# its own throwaway TLS CA (${work}/<name>/ca.pem). The script sets root (the checkout), work (its folder) and
# fail (a function that prints its arguments and exits) before sourcing this file, and may set emulator_python
# (default: python, the venv's when the Makefile runs the script).
#
#   start_emulator NAME [SEED]        start one in the background (SEED: a seed file)
#   wait_for_emulator NAME            wait until it accepts connections; sets port[NAME], prints its URL and CA
#   control NAME METHOD PATH [BODY]   call its test-only control plane (/_emulator/PATH), print the answer
#   stop_emulators                    stop every one started (call it from the script's EXIT trap)

emulator_python="${emulator_python:-python}"
declare -A emulator_pid=() port=()

start_emulator() {
    mkdir -p "${work}/$1"
    rm -f "${work}/$1/port"
    (cd "${root}" && exec "${emulator_python}" -m hmp_emulator --port 0 --port-file "${work}/$1/port" \
        --ca-out "${work}/$1/ca.pem" ${2:+--seed "$2"}) > "${work}/$1/emulator.log" 2>&1 &
    emulator_pid[$1]=$!
}

wait_for_emulator() {
    for _ in $(seq 300); do  # the port file appears once the emulator accepts connections
        [ -s "${work}/$1/port" ] && break
        kill -0 "${emulator_pid[$1]}" 2>/dev/null || { cat "${work}/$1/emulator.log"; fail "the $1 emulator exited"; }
        sleep 0.1
    done
    [ -s "${work}/$1/port" ] || { cat "${work}/$1/emulator.log"; fail "the $1 emulator did not start in 30s"; }
    port[$1]="$(cat "${work}/$1/port")"
    printf '  %-9s https://localhost:%s  (CA %s)\n' "$1" "${port[$1]}" "${work}/$1/ca.pem"
}

control() {
    "${emulator_python}" -c 'import sys, requests
answer = requests.request(sys.argv[1], sys.argv[2], verify=sys.argv[3], timeout=30, data=sys.argv[4] or None)
answer.raise_for_status()
print(answer.text)' "$2" "https://localhost:${port[$1]}/_emulator/$3" "${work}/$1/ca.pem" "${4:-}"
}

stop_emulators() {
    local name
    for name in "${!emulator_pid[@]}"; do
        if kill -0 "${emulator_pid[${name}]}" 2>/dev/null; then
            kill -TERM "${emulator_pid[${name}]}"
            wait "${emulator_pid[${name}]}" || true
        fi
    done
}
