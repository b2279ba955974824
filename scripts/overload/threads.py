#!/usr/bin/env python3
"""Where a server's CPU goes: samples /proc/PID/task/*/stat twice, SECONDS apart, and prints
each group of threads (by name and nice value) with its share of one core and how often its
threads were switched out involuntarily (preempted) and voluntarily (went to sleep). Usage:
threads.py PID SECONDS."""
import collections
import os
import sys
import time

pid, seconds = int(sys.argv[1]), float(sys.argv[2])
ticks = os.sysconf("SC_CLK_TCK")


def sample():
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                status = dict(line.split(":\t", 1) for line in f if ":\t" in line)
        except FileNotFoundError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        # Fields 14, 15 (utime, stime) and 19 (nice), counted from 1 with pid and comm.
        cpu = int(fields[11]) + int(fields[12])
        nice = int(fields[16])
        switches = (
            int(status["voluntary_ctxt_switches"]),
            int(status["nonvoluntary_ctxt_switches"]),
        )
        threads[tid] = (f"{name} (nice {nice})", cpu, switches)
    return threads


before = sample()
time.sleep(seconds)
after = sample()
groups = collections.defaultdict(lambda: [0, 0, 0, 0])
for tid, (group, cpu, (voluntary, preempted)) in after.items():
    _, cpu0, (voluntary0, preempted0) = before.get(tid, (group, 0, (0, 0)))
    g = groups[group]
    g[0] += cpu - cpu0
    g[1] += 1
    g[2] += voluntary - voluntary0
    g[3] += preempted - preempted0
for group, (cpu, count, voluntary, preempted) in sorted(groups.items(), key=lambda g: -g[1][0]):
    share = cpu / ticks / seconds * 100
    print(f"    {group}: {count} threads, {share:.0f}% of a core, "
          f"{voluntary / seconds:.0f} sleeps/s, {preempted / seconds:.0f} preemptions/s")
