#!/usr/bin/env bash
# A real single-node Slurm on this machine for the sweep test: munge, slurmctld and slurmd on
# localhost with their state under $DIR. `start DIR` prints the SLURM_CONF to export; `stop DIR`.
set -euo pipefail
cmd=$1; DIR=$2
case "$cmd" in
start)
  mkdir -p "$DIR"/{state,spool,log}
  HOST=$(hostname -s)
  CPUS=$(nproc)
  cat > "$DIR/slurm.conf" <<CONF
ClusterName=devcircuit
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$HOST CPUs=$CPUS State=UNKNOWN
PartitionName=devcircuit Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  [ -f /etc/munge/munge.key ] || (mungekey --create 2>/dev/null || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null)
  chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge 2>/dev/null || mkdir -p /run/munge
  pgrep -x munged >/dev/null || munged --force 2>/dev/null || /usr/sbin/munged --force
  export SLURM_CONF="$DIR/slurm.conf"
  slurmctld -c 2>"$DIR/log/slurmctld.err" &
  sleep 1
  slurmd 2>"$DIR/log/slurmd.err" &
  for _ in $(seq 1 60); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then echo "$DIR/slurm.conf"; exit 0; fi
    sleep 1
  done
  echo "slurm did not come up; see $DIR/log" >&2; exit 1
  ;;
stop)
  for p in slurmd slurmctld; do [ -f "$DIR/$p.pid" ] && kill "$(cat "$DIR/$p.pid")" 2>/dev/null || true; done
  ;;
esac
