#!/usr/bin/env bash
# Stops the single-node Slurm cluster that scripts/local-slurm/start.sh started.
#
#     bash scripts/local-slurm/stop.sh [--purge]
#
# Stops only the processes whose ids start.sh recorded in $SESAME_SLURM_DIR/pids/
# (default ${TMPDIR:-/tmp}/sesame-local-slurm), and only while each still runs
# the same program, so a reused process id is never hit; never kills by name.
#   1. while slurmctld is up: cancels every job still queued or running and
#      waits for them to end;
#   2. stops slurmd and slurmctld (SIGTERM, then SIGKILL after 15 s);
#   3. stops munged the same way.
# Keeps the folder (logs, job records) unless --purge is given. With nothing
# running it says so. Exit status 0 when none of the recorded daemons is left.

set -uo pipefail
export PATH="$PATH:/usr/sbin:/sbin:/usr/bin:/bin"

DIR=${SESAME_SLURM_DIR:-${TMPDIR:-/tmp}/sesame-local-slurm}
MARKER=.sesame-local-slurm
purge=0
for arg in "$@"; do
    case "$arg" in
        --purge) purge=1 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
    esac
done

log() { printf '[local-slurm stop] %s\n' "$*" >&2; }
pid_of() { [ -s "$DIR/pids/$1.pid" ] && cat "$DIR/pids/$1.pid"; }
alive() {
    local pid comm state
    pid=$(pid_of "$1") || return 1
    comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
    [ "$comm" = "$1" ] || return 1
    state=$(awk '/^State:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}
# stop NAME...: SIGTERM each live recorded daemon, wait up to 15 s, then SIGKILL.
stop() {
    local name live
    for name in "$@"; do
        if alive "$name"; then
            log "stopping $name (pid $(pid_of "$name"))"
            kill -TERM "$(pid_of "$name")" 2>/dev/null || true
        fi
    done
    for _ in $(seq 1 150); do
        live=0
        for name in "$@"; do alive "$name" && live=1; done
        [ "$live" = 0 ] && break
        sleep 0.1
    done
    for name in "$@"; do
        if alive "$name"; then
            log "killing $name (pid $(pid_of "$name")): still running after 15 s"
            kill -KILL "$(pid_of "$name")" 2>/dev/null || true
            sleep 0.2
        fi
        alive "$name" || rm -f "$DIR/pids/$name.pid"
    done
}

if [ ! -d "$DIR/pids" ]; then
    log "nothing recorded in $DIR/pids: nothing to stop"
else
    if alive slurmctld && alive munged && [ -f "$DIR/slurm.conf" ]; then
        export SLURM_CONF="$DIR/slurm.conf"
        ids=$(squeue -h -o '%i' 2>/dev/null | tr '\n' ' ')
        if [ -n "${ids// /}" ]; then
            log "cancelling jobs: $ids"
            # shellcheck disable=SC2086
            scancel $ids 2>/dev/null || true
            for _ in $(seq 1 200); do
                [ -z "$(squeue -h -o '%i' 2>/dev/null)" ] && break
                sleep 0.1
            done
        fi
    fi
    stop slurmd slurmctld
    stop munged
    left=0
    for name in slurmd slurmctld munged; do
        if alive "$name"; then log "error: $name (pid $(pid_of "$name")) still running"; left=1; fi
    done
    [ "$left" = 0 ] || exit 1
    log "stopped (logs kept in $DIR/log)"
fi

if [ "$purge" = 1 ] && [ -d "$DIR" ]; then
    if [ -e "$DIR/$MARKER" ]; then
        rm -rf "$DIR"
        log "removed $DIR"
    else
        log "not removing $DIR: start.sh did not make it"
    fi
fi
exit 0
