#!/usr/bin/env python3
"""Per-thread CPU of a JVM between two snapshots, grouped by what the threads do.

Usage: threads.py BEFORE AFTER REQUESTS  (snapshots: lines "name<TAB>ticks" from /proc/PID/task/*)
Prints microseconds of CPU per request for each group: proxy I/O (Undertow/XNIO), upstream
reactor (HttpClient), store writer, analyzer, JIT compilers, GC, and the rest.
"""
import os
import sys

GROUPS = [
    ("proxy I/O", ("XNIO", "I/O")),
    ("upstream reactor", ("twice-upstream",)),
    ("store writer", ("twice-store-wri",)),  # /proc comm keeps 15 characters
    ("analyzer", ("twice-analyzer",)),
    ("JIT", ("C1 Compiler", "C2 Compiler", "CompilerThre")),
    ("GC", ("GC Thread", "VM Thread", "G1 ", "GC ")),
]


def read(path):
    totals = {}
    for line in open(path):
        name, _, ticks = line.rstrip("\n").rpartition("\t")
        totals[name] = totals.get(name, 0) + int(ticks or 0)
    return totals


def group(name):
    for label, prefixes in GROUPS:
        if any(p in name for p in prefixes):
            return label
    return "other"


def main():
    before, after, requests = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
    hz = os.sysconf("SC_CLK_TCK")
    per = {}
    for name, ticks in after.items():
        per[group(name)] = per.get(group(name), 0) + ticks - before.get(name, 0)
    total = sum(per.values())
    for label in [g for g, _ in GROUPS] + ["other"]:
        us = per.get(label, 0) * 1e6 / hz / max(requests, 1)
        print("  %-17s %7.1f us/request  (%4.1f %%)" % (label, us, 100.0 * per.get(label, 0) / max(total, 1)))


if __name__ == "__main__":
    main()
