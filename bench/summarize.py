"""Medians over the interleaved rounds of bench/run.sh, with ratios to direct and to nginx."""
import csv
import statistics
import sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
by = defaultdict(list)
for r in rows:
    by[(r["size"], r["target"])].append(r)


def med(size, target, field):
    values = [float(r[field]) for r in by[(size, target)] if r[field] not in ("-", "")]
    return statistics.median(values) if values else float("nan")


print()
print(f"{'size':>6} {'target':>7} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'CPU us/req':>10} {'RSS MiB':>8}"
      f" {'x direct':>8} {'x nginx':>8} {'sent':>9} {'recorded':>9} {'dropped':>8} {'shed':>8}")
for size in sorted({k[0] for k in by}, key=int):
    direct = med(size, "direct", "rps")
    nginx = med(size, "nginx", "rps")
    for target in ("direct", "nginx", "twice"):
        if (size, target) not in by:
            continue
        rps = med(size, target, "rps")
        sent = sum(int(r["sent"]) for r in by[(size, target)])
        rec = sum(int(r["recorded"]) for r in by[(size, target)] if r["recorded"] != "-")
        drop = sum(int(r["dropped"]) for r in by[(size, target)] if r["dropped"] != "-")
        shed = sum(int(r["shed"]) for r in by[(size, target)] if r["shed"] != "-")
        twice = target == "twice"
        print(f"{int(size) // 1024:>4}Ki {target:>7} {rps:>8.0f} {med(size, target, 'p50_us') / 1000:>7.2f}"
              f" {med(size, target, 'p99_us') / 1000:>7.2f} {med(size, target, 'cpu_us_per_req'):>10.1f}"
              f" {med(size, target, 'peak_rss_mib'):>8.0f} {rps / direct:>8.2f} {rps / nginx:>8.2f}"
              f" {sent:>9} {rec if twice else '-':>9} {drop if twice else '-':>8} {shed if twice else '-':>8}")
    if (size, "twice") in by:
        shed = sum(int(r["shed"]) for r in by[(size, "twice")])
        rec = sum(int(r["recorded"]) for r in by[(size, "twice")])
        if rec:
            print(f"{'':>6} bodies kept whole: {100 * (rec - shed) / rec:.1f}% of recorded exchanges")
