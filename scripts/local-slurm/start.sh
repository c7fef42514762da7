#!/usr/bin/env bash
# Starts a throwaway single-node Slurm cluster on this machine, for sesame's
# real-Slurm test (tests/it/slurm.rs) and for trying `sesame slurm --submit`
# without a cluster. Needs root (the daemons run as root).
#
#     eval "$(bash scripts/local-slurm/start.sh)"    # sets SLURM_CONF in this shell
#     cargo test --release --test it slurm:: -- --ignored
#     bash scripts/local-slurm/stop.sh               # stops only what start.sh started
#
# What it does (run it again and it reuses a healthy cluster):
#   1. installs slurmctld, slurmd, slurm-client and munge with apt-get if any is
#      missing (Debian 12 ships Slurm 22.05);
#   2. writes everything (configuration, munge key, sockets, state, spool, logs,
#      process ids) under one folder, $SESAME_SLURM_DIR (default
#      ${TMPDIR:-/tmp}/sesame-local-slurm), nothing under /etc;
#   3. starts munged, slurmctld and slurmd in the background, each in its
#      foreground mode (no systemd), and records their process ids in DIR/pids/;
#   4. waits until the node is idle (at most $SESAME_SLURM_TIMEOUT s, default 60).
#
# The daemons listen on 127.0.0.1 only; munge uses a private socket and key. No
# cgroups and no accounting database (`sacct` does not work; `scontrol show job`
# shows finished jobs for an hour).
#
# Output: progress on stderr; on stdout exactly one line, `export SLURM_CONF=...`.
# Settings (environment): SESAME_SLURM_DIR, SESAME_SLURM_CTLD_PORT (6817),
# SESAME_SLURM_SLURMD_PORT (6818), SESAME_SLURM_TIMEOUT (60), SESAME_SLURM_NO_INSTALL=1.

set -euo pipefail
set +m   # no job control: a background child is then no group leader, so setsid runs in place and $! is the daemon
export PATH="$PATH:/usr/sbin:/sbin:/usr/bin:/bin"   # the daemons live in /usr/sbin

DIR=${SESAME_SLURM_DIR:-${TMPDIR:-/tmp}/sesame-local-slurm}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CTLD_PORT=${SESAME_SLURM_CTLD_PORT:-6817}
SLURMD_PORT=${SESAME_SLURM_SLURMD_PORT:-6818}
TIMEOUT=${SESAME_SLURM_TIMEOUT:-60}
NODE=$(hostname -s 2>/dev/null || uname -n | cut -d. -f1)
[ -n "$NODE" ] || NODE=localhost
MARKER=.sesame-local-slurm   # only a folder holding this file is ever deleted by these scripts

log() { printf '[local-slurm start] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (the daemons run as root)"
case "$DIR" in /*) ;; *) die "SESAME_SLURM_DIR must be an absolute path: $DIR" ;; esac
[ "$DIR" != / ] || die "SESAME_SLURM_DIR must not be /"

# ------------------------------------------------------------ 1. install if missing
missing=0
for cmd in munged mungekey munge unmunge slurmctld slurmd sinfo sbatch squeue scontrol scancel; do
    command -v "$cmd" >/dev/null 2>&1 || missing=1
done
if [ "$missing" = 1 ]; then
    [ "${SESAME_SLURM_NO_INSTALL:-0}" = 1 ] && die "Slurm or munge missing and SESAME_SLURM_NO_INSTALL=1"
    command -v apt-get >/dev/null 2>&1 || die "Slurm or munge missing and no apt-get to install them"
    # The packages' install scripts would start system daemons through
    # invoke-rc.d; deny that with a temporary policy-rc.d where none exists.
    policy=/usr/sbin/policy-rc.d
    made_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
    fi
    apt_log="${TMPDIR:-/tmp}/sesame-local-slurm-apt.log"
    log "installing slurmctld slurmd slurm-client munge with apt-get (log: $apt_log) ..."
    rc=0
    {
        apt-get update -q &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            slurmctld slurmd slurm-client munge
    } >"$apt_log" 2>&1 || rc=$?
    [ "$made_policy" = 1 ] && rm -f "$policy"
    if [ "$rc" != 0 ]; then
        tail -n 30 "$apt_log" >&2
        die "apt-get failed (exit $rc)"
    fi
fi

# ------------------------------------------------------------ helpers
# alive NAME: the process recorded in DIR/pids/NAME.pid runs program NAME and
# is not a zombie.
alive() {
    local f="$DIR/pids/$1.pid" pid comm state
    [ -s "$f" ] || return 1
    pid=$(cat "$f")
    comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
    [ "$comm" = "$1" ] || return 1
    state=$(awk '/^State:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}
# started NAME: like alive, but gives a just-started process a few seconds to
# become NAME (right after the fork it may still be `setsid` or `bash`).
started() {
    local f="$DIR/pids/$1.pid" pid
    pid=$(cat "$f")
    for _ in $(seq 1 50); do
        alive "$1" && return 0
        [ -e "/proc/$pid" ] || return 1
        sleep 0.1
    done
    return 1
}
export SLURM_CONF="$DIR/slurm.conf"
env_line="export SLURM_CONF=$DIR/slurm.conf"
node_state() { sinfo -h -n "$NODE" -o '%T' 2>/dev/null | head -n 1; }

# ------------------------------------------------------------ 2. already running?
if [ -e "$DIR/$MARKER" ] && alive munged && alive slurmctld && alive slurmd; then
    state=$(node_state || true)
    scontrol show slurmd >/dev/null 2>&1 || state="$state, slurmd not answering"
    case "$state" in
        idle|mixed|allocated|completing)
            log "already running (node $NODE is $state), reusing $DIR"
            echo "$env_line"
            exit 0 ;;
    esac
    log "daemons alive but the node is '${state:-unknown}': restarting"
fi
if compgen -G "$DIR/pids/*.pid" >/dev/null; then
    log "stopping the daemons recorded in $DIR/pids"
    SESAME_SLURM_DIR="$DIR" bash "$HERE/stop.sh" >&2 || die "could not stop the earlier cluster"
fi

# ------------------------------------------------------------ 3. a fresh folder
if [ -e "$DIR" ]; then
    [ -e "$DIR/$MARKER" ] || die "$DIR exists and was not made by this script; set SESAME_SLURM_DIR"
    rm -rf "$DIR"
fi
mkdir -p "$DIR"
chmod 755 "$DIR"   # munged wants every folder above its socket traversable by all
touch "$DIR/$MARKER"
mkdir -p "$DIR/munge" "$DIR/pids" "$DIR/log" "$DIR/state" "$DIR/spool"
chmod 755 "$DIR/munge"
chmod 700 "$DIR/state"

for port in "$CTLD_PORT" "$SLURMD_PORT"; do
    if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
        die "TCP port $port is in use; set SESAME_SLURM_CTLD_PORT and SESAME_SLURM_SLURMD_PORT"
    fi
done

t0=$(date +%s.%N)
on_exit() {
    local rc=$?
    if [ "$rc" != 0 ]; then
        log "start failed (exit $rc): stopping what was started; logs in $DIR/log"
        SESAME_SLURM_DIR="$DIR" bash "$HERE/stop.sh" >&2 || true
    fi
}
trap on_exit EXIT
deadline=$(( $(date +%s) + TIMEOUT ))

# ------------------------------------------------------------ 4. munge
socket="$DIR/munge/munge.socket"
if ! mungekey --create --keyfile="$DIR/munge/munge.key" --bits=1024 2>/dev/null; then
    dd if=/dev/urandom of="$DIR/munge/munge.key" bs=128 count=1 status=none
fi
chmod 400 "$DIR/munge/munge.key"
setsid munged -F \
    --socket="$socket" \
    --key-file="$DIR/munge/munge.key" \
    --pid-file="$DIR/munge/munged.pid" \
    --seed-file="$DIR/munge/munged.seed" \
    </dev/null >"$DIR/log/munged.log" 2>&1 &
echo $! >"$DIR/pids/munged.pid"
started munged || { cat "$DIR/log/munged.log" >&2; die "munged exited"; }
until munge -n -S "$socket" 2>/dev/null | unmunge -S "$socket" >/dev/null 2>&1; do
    alive munged || { cat "$DIR/log/munged.log" >&2; die "munged exited"; }
    [ "$(date +%s)" -lt "$deadline" ] || die "munged not answering after ${TIMEOUT} s"
    sleep 0.1
done

# ------------------------------------------------------------ 5. slurm.conf
# The machine as slurmd sees it: a RealMemory above what slurmd detects would
# make the node invalid, so take slurmd's own numbers.
hw=$(slurmd -C 2>/dev/null | head -n 1 | tr ' ' '\n' |
     grep -E '^(CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore|RealMemory)=' |
     tr '\n' ' ' || true)
[ -n "$hw" ] || hw="CPUs=$(nproc)"
cat >"$SLURM_CONF" <<CONF
# Written by sesame's scripts/local-slurm/start.sh: a single-node cluster on 127.0.0.1.
ClusterName=sesame-local
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/log/slurmctld.pidfile
SlurmdPidFile=$DIR/log/slurmd.pidfile
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.log
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=3600
KillWait=5
InactiveLimit=0
NodeName=$NODE NodeAddr=127.0.0.1 $hw State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
echo "$env_line" >"$DIR/env.sh"

# ------------------------------------------------------------ 6. slurmctld, slurmd
setsid slurmctld -D -c -f "$SLURM_CONF" </dev/null >"$DIR/log/slurmctld.out" 2>&1 &
echo $! >"$DIR/pids/slurmctld.pid"
started slurmctld || { tail -n 30 "$DIR/log/slurmctld.out" >&2; die "slurmctld exited"; }
until scontrol ping 2>/dev/null | grep -q 'is UP'; do
    alive slurmctld || { tail -n 30 "$DIR/log/slurmctld.out" >&2; die "slurmctld exited"; }
    [ "$(date +%s)" -lt "$deadline" ] || die "slurmctld not answering after ${TIMEOUT} s"
    sleep 0.1
done
setsid slurmd -D -N "$NODE" -f "$SLURM_CONF" </dev/null >"$DIR/log/slurmd.out" 2>&1 &
echo $! >"$DIR/pids/slurmd.pid"
started slurmd || { tail -n 30 "$DIR/log/slurmd.out" >&2; die "slurmd exited"; }
until [ "$(node_state || true)" = idle ]; do
    alive slurmd || { tail -n 30 "$DIR/log/slurmd.out" >&2; die "slurmd exited"; }
    if [ "$(date +%s)" -ge "$deadline" ]; then
        sinfo -R >&2 || true
        die "node $NODE is not idle after ${TIMEOUT} s (logs in $DIR/log)"
    fi
    sleep 0.2
done

log "node $NODE idle after $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s; logs in $DIR/log"
log "stop with: bash $HERE/stop.sh"
echo "$env_line"
