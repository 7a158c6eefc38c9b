#!/usr/bin/env python3
"""`make bench`: builds release binaries, runs every benchmark, prints a table, writes bench/out/latest.json.

Every figure is a median over N samples, with min and max; every comparison is the ratio of two medians
measured in the same run, with the two sides alternated (interleaved rounds in openclaw-bench; hyperfine rounds
whose command order flips each round). See docs/performance.md for what each figure means.

Usage: bench/run.py [--quick] [--dynamic] [--skip-build]
       bench/run.py --compare-linking      (dynamic vs --static-swift-stdlib start-up and memory only)
"""
import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
WORK = os.path.join(OUT, "work")
RAW = os.path.join(OUT, "raw")
CAPTURES = os.path.join(ROOT, "Tests", "Fixtures", "captures")

# key -> (numerator, denominator, limit): the comparisons and their targets (ratio of medians <= limit).
RATIOS = [
    ("inprocess.liveClassifyMicros", "inprocess.netlinkFloorMicros", 2.0),
    ("process.doctorJsonMillis", "process.ipTrioMillis", 1.0),
    ("gateway.readyMillis", "gateway.floorReadyMillis", 1.5),
    ("gateway.duplicateExitMillis", "process.helpMillis", 2.0),
]
# key -> limit: absolute targets on a median.
LIMITS = [
    ("load.handshakeP99Millis", 50.0),
    ("load.idleRssMiB", 20.0),
]


def log(text):
    print(text, file=sys.stderr, flush=True)


def run(arguments, **kwargs):
    log("$ " + " ".join(arguments))
    kwargs.setdefault("stdout", sys.stderr)
    return subprocess.run(arguments, check=True, **kwargs)


def free_port():
    """A loopback port nothing listens on (bound to 0 and closed; also free on ::1)."""
    for _ in range(20):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s6:
                s6.bind(("::1", port))
        except OSError as error:
            if error.errno != 99:  # EADDRNOTAVAIL: no IPv6 loopback, fine
                continue
        return port
    raise RuntimeError("no free loopback port")


def summary(samples, unit):
    values = sorted(samples)
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "runs": len(values),
            "unit": unit}


PRODUCTS = ["openclaw", "openclaw-doctor", "openclaw-bench", "bench-floor-server"]


def build(static, scratch=None):
    """Release build of the four executables, one product at a time (a plain `swift build` would also build the
    TestSupport target, which imports Testing: the static resource directory has no such module). `scratch` is
    another build directory (switching the runtime linking in one directory recompiles everything)."""
    flags = ["-c", "release"] + (["--static-swift-stdlib"] if static else [])
    if scratch:
        flags += ["--scratch-path", scratch]
    started = time.monotonic()
    for product in PRODUCTS:
        run(["swift", "build"] + flags + ["--product", product], cwd=ROOT)
    seconds = time.monotonic() - started
    path = subprocess.run(["swift", "build"] + flags + ["--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return path, seconds


def hyperfine_pair(names_commands, rounds, runs_per_round, tag, ignore_failure=True):
    """Runs hyperfine `rounds` times on the commands, reversing their order every round; pools every run's
    wall time (ms) per name. Each hyperfine call exports JSON to bench/out/raw/."""
    pooled = {name: [] for name, _ in names_commands}
    for round_index in range(rounds):
        order = names_commands if round_index % 2 == 0 else list(reversed(names_commands))
        export = os.path.join(RAW, f"hyperfine-{tag}-{round_index}.json")
        arguments = ["hyperfine", "-N", "--style", "none", "--runs", str(runs_per_round), "--export-json", export]
        if ignore_failure:
            arguments.append("-i")
        for name, command in order:
            arguments += ["--command-name", name, command]
        subprocess.run(arguments, check=True, stdout=subprocess.DEVNULL)
        with open(export) as handle:
            for result in json.load(handle)["results"]:
                pooled[result["command"]] += [t * 1000 for t in result["times"]]
    return pooled


def wait_ready(bench, port):
    run([bench, "wait-ready", "--port", str(port), "--timeout", "30"])


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.strip().splitlines()
    with open("/proc/loadavg") as handle:
        load = handle.read().split()[:3]
    return {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
            "swift": swift[0] if swift else "unknown", "loadAverageAtStart": " ".join(load)}


def largest_capture():
    files = [os.path.join(CAPTURES, name) for name in os.listdir(CAPTURES)]
    return max(files, key=os.path.getsize)


def process_benchmarks(binaries, rounds, runs, figures, notes):
    openclaw = os.path.join(binaries, "openclaw")
    doctor = os.path.join(binaries, "openclaw-doctor")
    state = os.path.join(WORK, "process-state")
    os.makedirs(state, exist_ok=True)

    # openclaw-doctor --json vs the three `ip -j` commands it replaces.
    port = free_port()
    pooled = hyperfine_pair([
        ("doctor", f"{doctor} --json --port {port} --state-dir {state}"),
        ("iptrio", "sh -c 'ip -j addr; ip -j route show table all; ip -j rule'"),
    ], rounds, runs, "doctor")
    figures["process.doctorJsonMillis"] = summary(pooled["doctor"], "ms")
    figures["process.ipTrioMillis"] = summary(pooled["iptrio"], "ms")
    notes["process.doctorJsonMillis"] = f"openclaw-doctor --json --port {port} (nothing listens there)"

    # A second `gateway run` on a busy port (exit 78) vs `openclaw --help`.
    port = free_port()
    gateway_command = [openclaw, "gateway", "run", "--port", str(port), "--state-dir", state]
    with open(os.path.join(WORK, "duplicate-first.log"), "w") as first_log:
        first = subprocess.Popen(gateway_command, stdout=first_log, stderr=subprocess.STDOUT)
    try:
        wait_ready(os.path.join(binaries, "openclaw-bench"), port)
        check = subprocess.run(gateway_command, capture_output=True, text=True)
        if check.returncode != 78:
            raise RuntimeError(f"second gateway exited {check.returncode}, not 78: {check.stderr.strip()}")
        notes["gateway.duplicateExitMillis"] = "exit 78: " + check.stderr.strip().splitlines()[0][:160]
        pooled = hyperfine_pair([
            ("duplicate", " ".join(gateway_command)),
            ("help", f"{openclaw} --help"),
        ], rounds, runs, "duplicate")
        figures["gateway.duplicateExitMillis"] = summary(pooled["duplicate"], "ms")
        figures["process.helpMillis"] = summary(pooled["help"], "ms")
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=20)


def bench_json(path):
    with open(path) as handle:
        document = json.load(handle)
    return document["figures"], document["notes"]


def evaluate(figures):
    verdicts = []
    for numerator, denominator, limit in RATIOS:
        if numerator in figures and denominator in figures and figures[denominator]["median"] > 0:
            value = figures[numerator]["median"] / figures[denominator]["median"]
            verdicts.append({"figure": f"{numerator} / {denominator}", "value": round(value, 3), "target": limit,
                             "met": value <= limit})
    for key, limit in LIMITS:
        if key in figures:
            value = figures[key]["median"]
            verdicts.append({"figure": key, "value": round(value, 3), "target": limit, "met": value <= limit})
    return verdicts


def number(value):
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(document):
    lines = [f"{'figure':<34} {'median':>9} {'min':>9} {'max':>9}  {'unit':<5} {'runs':>5}"]
    for key in sorted(document["figures"]):
        f = document["figures"][key]
        lines.append(f"{key:<34} {number(f['median']):>9} {number(f['min']):>9} {number(f['max']):>9}  "
                     f"{f['unit']:<5} {f['runs']:>5}")
    lines.append("")
    lines.append(f"{'target':<76} {'value':>7} {'limit':>6}  met")
    for verdict in document["targets"]:
        lines.append(f"{verdict['figure']:<76} {verdict['value']:>7.3f} {verdict['target']:>6.1f}  "
                     f"{'yes' if verdict['met'] else 'NO'}")
    m = document["machine"]
    lines.append("")
    lines.append(f"machine: {m['nproc']} x {m['cpu']}, kernel {m['kernel']}, {m['swift']}, "
                 f"load average at start {m['loadAverageAtStart']}; static stdlib: {document['build']['staticSwiftStdlib']}")
    return "\n".join(lines)


def compare_linking(rounds, runs):
    """Builds both ways and compares start-up (`openclaw --help`, `openclaw-doctor --json`) and idle gateway RSS."""
    os.makedirs(os.path.join(OUT, "linking"), exist_ok=True)
    copies = {}
    for static in (False, True):
        binaries, _ = build(static, None if static else os.path.join(ROOT, ".build-bench-dynamic"))
        name = "static" if static else "dynamic"
        target = os.path.join(OUT, "linking", name)
        os.makedirs(target, exist_ok=True)
        for tool in ("openclaw", "openclaw-doctor", "openclaw-bench"):
            shutil.copy2(os.path.join(binaries, tool), os.path.join(target, tool))
        copies[name] = target
    state = os.path.join(WORK, "linking-state")
    os.makedirs(state, exist_ok=True)
    port = free_port()
    results = {}
    help_pool = hyperfine_pair([(n, f"{p}/openclaw --help") for n, p in copies.items()], rounds, runs, "link-help")
    doctor_pool = hyperfine_pair(
        [(n, f"{p}/openclaw-doctor --json --port {port} --state-dir {state}") for n, p in copies.items()],
        rounds, runs, "link-doctor")
    for name, path in copies.items():
        rss = []
        for _ in range(3):
            gateway_port = free_port()
            child = subprocess.Popen([f"{path}/openclaw", "gateway", "run", "--port", str(gateway_port),
                                      "--state-dir", state], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_ready(f"{path}/openclaw-bench", gateway_port)
                time.sleep(0.3)
                with open(f"/proc/{child.pid}/status") as handle:
                    rss.append(int(re.search(r"VmRSS:\s+(\d+)", handle.read()).group(1)) / 1024)
            finally:
                child.send_signal(signal.SIGTERM)
                child.wait(timeout=20)
        results[name] = {
            "helpMillis": summary(help_pool[name], "ms"),
            "doctorJsonMillis": summary(doctor_pool[name], "ms"),
            "gatewayIdleRssMiB": summary(rss, "MiB"),
            "openclawBytes": os.path.getsize(f"{path}/openclaw"),
        }
    print(json.dumps(results, indent=2))
    with open(os.path.join(OUT, "linking.json"), "w") as handle:
        json.dump({"machine": machine(), "results": results}, handle, indent=2)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer samples (a smoke run, not for the docs)")
    parser.add_argument("--dynamic", action="store_true", help="link the Swift runtime dynamically")
    parser.add_argument("--skip-build", action="store_true", help="use the release binaries already built")
    parser.add_argument("--compare-linking", action="store_true", help="dynamic vs static start-up and memory")
    options = parser.parse_args()

    os.environ.pop("XDG_RUNTIME_DIR", None)  # gateways keep their locks inside --state-dir
    os.environ["PATH"] = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    shutil.rmtree(WORK, ignore_errors=True)
    shutil.rmtree(RAW, ignore_errors=True)
    os.makedirs(WORK)
    os.makedirs(RAW)
    for tool in ("hyperfine", "ip"):
        if shutil.which(tool) is None:
            sys.exit(f"bench: {tool} not found (scripts/install-deps --bench)")

    quick = options.quick
    process_rounds, process_runs = (2, 3) if quick else (6, 5)
    if options.compare_linking:
        compare_linking(process_rounds, process_runs)
        return

    static = not options.dynamic
    started = time.monotonic()
    if options.skip_build:
        flags = ["-c", "release"] + (["--static-swift-stdlib"] if static else [])
        binaries = subprocess.run(["swift", "build"] + flags + ["--show-bin-path"], cwd=ROOT, check=True,
                                  capture_output=True, text=True).stdout.strip()
        build_seconds = 0.0
    else:
        binaries, build_seconds = build(static)
    bench = os.path.join(binaries, "openclaw-bench")
    figures, notes = {}, {}

    inprocess_out = os.path.join(RAW, "inprocess.json")
    run([bench, "inprocess", "--capture", largest_capture(), "--rounds", "50" if quick else "400",
         "--warmup", "20", "--out", inprocess_out])
    f, n = bench_json(inprocess_out)
    figures.update(f)
    notes.update(n)

    process_benchmarks(binaries, process_rounds, process_runs, figures, notes)

    ready_out = os.path.join(RAW, "ready.json")
    run([bench, "ready", "--openclaw", os.path.join(binaries, "openclaw"),
         "--floor", os.path.join(binaries, "bench-floor-server"), "--rounds", "6" if quick else "25",
         "--warmup", "2", "--work", WORK, "--out", ready_out])
    f, n = bench_json(ready_out)
    figures.update(f)
    notes.update(n)

    load_out = os.path.join(RAW, "load.json")
    run([bench, "load", "--openclaw", os.path.join(binaries, "openclaw"), "--clients", "1000",
         "--rounds", "2" if quick else "5", "--timeout", "30", "--work", WORK, "--out", load_out])
    f, n = bench_json(load_out)
    figures.update(f)
    notes.update(n)

    document = {
        "schemaVersion": 1,
        "generatedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        "build": {"configuration": "release", "staticSwiftStdlib": static, "buildSeconds": round(build_seconds, 1),
                  "quick": quick},
        "figures": figures,
        "targets": evaluate(figures),
        "notes": notes,
        "totalSeconds": round(time.monotonic() - started, 1),
    }
    with open(os.path.join(OUT, "latest.json"), "w") as handle:
        json.dump(document, handle, indent=2, sort_keys=True)
        handle.write("\n")
    print(table(document))
    print(f"\nwrote {os.path.relpath(os.path.join(OUT, 'latest.json'), ROOT)} in {document['totalSeconds']} s")


if __name__ == "__main__":
    main()
