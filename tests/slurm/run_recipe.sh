#!/usr/bin/env bash
# Runs docs/cluster.md's Slurm recipe exactly as written, on a one-node Slurm cluster started on
# localhost for the test: an sbatch --array of shards of a real config, one task stopped with
# `scancel --signal=TERM` mid-run and requeued, a second submission of a running task (which must
# wait for the first's lock), and the merge, whose files must equal a single-process run's byte
# for byte (timing columns aside). Installs slurm-wlm and munge when missing; exits 77 (ctest:
# skipped) with the reason when the daemons cannot run here. Tears everything down on exit.
#
# usage: run_recipe.sh OPTBENCH_BINARY SOURCE_DIR
set -euo pipefail
binary=$(readlink -f "$1")
source_dir=$(readlink -f "$2")
skip() {
  echo "SKIPPED: $*"
  exit 77
}
fail() {
  echo "FAILED: $*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] || skip "the Slurm daemons need root here (slurmd runs jobs as their user)"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null ||
  ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null 2>&1; } ||
    skip "cannot install slurm-wlm and munge (no Debian archive?)"
fi

top=$(mktemp -d /tmp/optbench-slurm.XXXXXX)
host=$(hostname)
# Ports of our own, so a Slurm already running on this machine is left alone.
base=$((20000 + RANDOM % 20000))
export SLURM_CONF=$top/slurm.conf
cleanup() {
  set +e
  scancel --user=root >/dev/null 2>&1
  sleep 1
  for pidfile in "$top/slurmd.pid" "$top/slurmctld.pid" "$top/munge/munged.pid"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  sleep 1
  for pidfile in "$top/slurmd.pid" "$top/slurmctld.pid" "$top/munge/munged.pid"; do
    [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null
  done
  rm -rf "$top"
}
trap cleanup EXIT

mkdir -p "$top/munge" "$top/state" "$top/spool" "$top/log"
head -c 1024 /dev/urandom >"$top/munge/munge.key"
chmod 600 "$top/munge/munge.key"
munged --force --socket="$top/munge/munge.sock" --key-file="$top/munge/munge.key" \
  --pid-file="$top/munge/munged.pid" --log-file="$top/munge/munged.log" \
  --seed-file="$top/munge/seed" || skip "munged does not start here"
cat >"$SLURM_CONF" <<CONF
ClusterName=optbenchtest
SlurmctldHost=$host
SlurmctldPort=$base
SlurmdPort=$((base + 1))
AuthType=auth/munge
AuthInfo=socket=$top/munge/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$top/state
SlurmdSpoolDir=$top/spool
SlurmctldPidFile=$top/slurmctld.pid
SlurmdPidFile=$top/slurmd.pid
SlurmctldLogFile=$top/log/slurmctld.log
SlurmdLogFile=$top/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
KillWait=5
# Five tasks of 2 CPUs at once on whatever this machine has: the slots, not the speed, matter.
SlurmdParameters=config_overrides
NodeName=$host CPUs=10 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -c >/dev/null 2>&1 || skip "slurmctld does not start here"
slurmd -c >/dev/null 2>&1 || skip "slurmd does not start here"
for _ in $(seq 1 40); do
  sinfo -h -o %t 2>/dev/null | grep -qx idle && break
  sleep 0.5
done
sinfo -h -o %t 2>/dev/null | grep -qx idle || skip "the Slurm node did not come up: $(tail -3 "$top/log/slurmd.log" 2>/dev/null)"
echo "Slurm cluster on $host (ports $base, $((base + 1)))"

# The recipe's working folder: build/optbench and configs/ where the recipe expects them.
work=$top/work
mkdir -p "$work/build"
ln -s "$binary" "$work/build/optbench"
# The recipe's config with 5 epochs instead of 20: the recipe is under test, not the config, and
# the whole config made this the suite's longest test (three minutes, which ctest runs alone).
# Fifteen runs per shard still leave task 2 mid-sweep when it is stopped.
mkdir -p "$work/configs"
sed 's/^train: {epochs: 20,/train: {epochs: 5,/' "$source_dir/configs/digits_lr_tolerance.yaml" \
  >"$work/configs/digits_lr_tolerance.yaml"
grep -q '^train: {epochs: 5,' "$work/configs/digits_lr_tolerance.yaml" ||
  fail "configs/digits_lr_tolerance.yaml no longer has 'train: {epochs: 20,': update the scaling here"
cd "$work"

# The two code blocks of docs/cluster.md marked for this test, exactly as written.
block() {
  awk -v mark="<!-- $1 -->" '$0 == mark {on = 1; next} on && /^```sh/ {inside = 1; next}
    inside && /^```/ {exit} inside {print}' "$source_dir/docs/cluster.md"
}
block slurm-sbatch >sweep.sbatch
block slurm-submit >submit.sh
[ -s sweep.sbatch ] && [ -s submit.sh ] || fail "docs/cluster.md lost its marked Slurm blocks"
name=digits-lr-tolerance
merge_line=$(grep '^sbatch --dependency' -A1 submit.sh)

# shellcheck disable=SC1091
source ./submit.sh
echo "array job $jobid submitted"

task_state() { scontrol show job "${jobid}_$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2; }
runs_kept() { local f="shards/$1/$name/runs.csv.part"; [ -f "$f" ] && wc -l <"$f" || echo 0; }

# Task 2: stopped with SIGTERM once it has finished a run or two, as a time limit would.
for _ in $(seq 1 600); do
  [ "$(task_state 2)" = RUNNING ] && [ "$(runs_kept 2)" -ge 1 ] && break
  sleep 0.2
done
[ "$(task_state 2)" = RUNNING ] || fail "task 2 never ran (state $(task_state 2))"
# A second submission of task 3 while the first still runs: it must wait for the lock.
sbatch --parsable --array=3 --output=logs/duplicate-3.out sweep.sbatch >duplicate.id
scancel --signal=TERM "${jobid}_2"
for _ in $(seq 1 100); do
  state=$(task_state 2)
  [ "$state" != RUNNING ] && [ "$state" != COMPLETING ] && break
  sleep 0.2
done
scontrol show job "${jobid}_2" | grep -q 'ExitCode=143:0' ||
  fail "task 2 did not stop with exit code 143 after SIGTERM: $(scontrol show job "${jobid}_2" | grep -o 'JobState=[^ ]* .*ExitCode=[^ ]*')"
grep -q '"complete": false' "shards/2/$name/manifest.json" || fail "shard 2 claims to be complete"
kept=$(runs_kept 2)
echo "task 2 stopped by SIGTERM with $kept finished runs kept"

# Requeued as docs/cluster.md says; a requeued job is held back two minutes, which a test skips.
scontrol requeue "${jobid}_2"
scontrol update jobid="${jobid}_2" StartTime=now >/dev/null 2>&1 || true

# Everything ends: the array, the duplicate task 3, and the merge job.
duplicate=$(cat duplicate.id)
for _ in $(seq 1 1500); do
  [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
  sleep 0.2
done
[ -z "$(squeue -h -o %i)" ] || fail "jobs still queued after 5 minutes: $(squeue)"
for i in 1 2 3 4; do
  grep -q '"complete": true' "shards/$i/$name/manifest.json" || fail "shard $i did not complete"
done
grep -q "waiting for pid" logs/duplicate-3.out ||
  fail "the second submission of task 3 did not wait for the first (its log: $(cat logs/duplicate-3.out))"
echo "duplicate submission $duplicate of task 3 waited for the first attempt's lock"

if [ ! -f "results/$name/manifest.json" ]; then
  # The merge ran while shard 2 was unfinished: it must have refused and written nothing.
  grep -q "did not finish" logs/merge.out || fail "merge neither merged nor refused: $(cat logs/merge.out)"
  echo "the first merge refused the unfinished shard; merging again as docs/cluster.md says"
  eval "${merge_line/--dependency=afterany:\$\{jobid\} /--wait }" >/dev/null
fi
[ -f "results/$name/manifest.json" ] || fail "no merged result: $(cat logs/merge.out)"

# The merged files equal one process's, timing columns aside.
build/optbench run configs/digits_lr_tolerance.yaml --quiet --jobs 2 --out single
python3 - "$work/results/$name" "$work/single/$name" <<'PY'
import csv, sys
timing = ("wall_ms", "time_ms", "hessian_ms", "seconds_to_target", "ns_per_step")
def rows(path):
    with open(path, newline="") as f:
        table = list(csv.reader(f))
    keep = [i for i, c in enumerate(table[0]) if not c.startswith(timing)]
    return [[r[i] for i in keep] for r in table]
for name in ("runs.csv", "trace.csv", "summary.csv"):
    a, b = rows(f"{sys.argv[1]}/{name}"), rows(f"{sys.argv[2]}/{name}")
    if a != b:
        sys.exit(f"{name}: the merged shards differ from the single run ({len(a)} vs {len(b)} rows)")
    print(f"{name}: {len(a) - 1} rows, equal to the single run")
PY
echo "PASSED"
