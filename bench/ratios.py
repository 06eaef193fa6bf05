"""Prints Google Benchmark JSON results with each figure beside its same-run baseline.

A benchmark whose label reads "vs BM_Name" is compared with BM_Name from the same run:
ratio = baseline time / this time (above 1: faster than the baseline)."""
import json
import sys

runs = json.load(sys.stdin)["benchmarks"]
def short(name):
    return name.replace("/real_time", "")


# With repetitions, compare medians; otherwise the single run.
medians = {short(b["run_name"]): b for b in runs if b.get("aggregate_name") == "median"}
by_name = medians or {short(b["name"]): b for b in runs if b.get("run_type", "iteration") == "iteration"}
print(f"{'benchmark':<34} {'time':>12} {'baseline':>30} {'ratio':>7}")
for name, b in by_name.items():
    unit = b["time_unit"]
    label = b.get("label", "")
    line = f"{name:<34} {b['real_time']:>9.1f} {unit:<2}"
    if label.startswith("vs "):
        base = by_name.get(label[3:])
        if base:
            base_name = short(base.get("run_name", base["name"]))
            line += f" {base_name + ' ' + format(base['real_time'], '.1f'):>30} {base['real_time'] / b['real_time']:>7.3f}"
    elif label == "baseline":
        line += f" {'(baseline)':>30}"
    print(line)
