#!/usr/bin/env bash
# Brings up a single-node Slurm on this machine, for testing `nnspec sweep --backend slurm`:
# munged, slurmctld and slurmd on localhost, one partition `local` with the machine's real CPUs
# and memory as `slurmd -C` reports them. Needs root and Debian's `slurm-wlm` and `munge`
# (apt-get install slurm-wlm munge). Idempotent: if sbatch already answers, it does nothing.
# Exit 0 when `sinfo` shows the node ready, 1 with the reason otherwise.
#
#   sudo scripts/slurm-local.sh          # then: nnspec sweep SPEC --set … --backend slurm --wait
#   scripts/slurm-local.sh --stop        # stop the daemons it started
set -uo pipefail

conf_dir=/etc/slurm
conf=$conf_dir/slurm.conf
log_dir=/var/log/slurm
timeout=${SLURM_LOCAL_TIMEOUT:-60}

say() { echo "slurm-local: $*" >&2; }
fail() { say "$*"; exit 1; }

if [[ ${1:-} == --stop ]]; then
  for d in slurmd slurmctld; do
    [[ -f /run/$d.pid ]] && kill "$(cat /run/$d.pid)" 2>/dev/null && say "stopped $d"
  done
  exit 0
fi

[[ $EUID -eq 0 ]] || fail "must run as root (it writes $conf and starts daemons)"
for b in munged mungekey slurmctld slurmd sbatch sinfo scontrol; do
  command -v "$b" >/dev/null || PATH=$PATH:/usr/sbin command -v "$b" >/dev/null || fail "no $b: apt-get install slurm-wlm munge"
done
export PATH=$PATH:/usr/sbin

ready() { sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; }
if ready; then say "Slurm is already up"; sinfo; exit 0; fi

# munge: a key, its run directory, the daemon (as the munge user, as Debian's service runs it).
if [[ ! -s /etc/munge/munge.key ]]; then mungekey --create --keyfile=/etc/munge/munge.key || fail "cannot create the munge key"; fi
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge && chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- munged || fail "munged did not start (see /var/log/munge/munged.log)"
  for _ in $(seq 1 20); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.5; done
  munge -n </dev/null | unmunge >/dev/null 2>&1 || fail "munge does not answer"
fi

# slurm.conf for one node: this host, with the CPUs and memory slurmd finds. Cores are the
# consumable resource (memory is not), so array tasks share the node one core each.
node=$(slurmd -C 2>/dev/null | head -n 1)
[[ $node == NodeName=* ]] || fail "slurmd -C did not describe this machine: $node"
name=${node#NodeName=}; name=${name%% *}
host=$(hostname -s)
mkdir -p "$conf_dir" "$log_dir" /var/spool/slurmctld /var/spool/slurmd
cat > "$conf" <<CONF
# Written by nnspec's scripts/slurm-local.sh: a single-node Slurm on localhost for testing.
ClusterName=nnspec-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$log_dir/slurmctld.log
SlurmdLogFile=$log_dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
MaxArraySize=100001
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
say "wrote $conf ($node)"

pgrep -x slurmctld >/dev/null || slurmctld || fail "slurmctld did not start (see $log_dir/slurmctld.log)"
pgrep -x slurmd >/dev/null || slurmd || fail "slurmd did not start (see $log_dir/slurmd.log)"

for _ in $(seq 1 "$((timeout * 2))"); do
  if ready; then say "Slurm is up"; sinfo; exit 0; fi
  # A node that was down in an earlier run's state comes back with resume.
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(down|drain)'; then scontrol update nodename="$name" state=resume 2>/dev/null; fi
  sleep 0.5
done
say "the node did not become ready within ${timeout}s:"
sinfo >&2 || true
tail -n 5 "$log_dir/slurmctld.log" "$log_dir/slurmd.log" >&2 2>/dev/null || true
exit 1
