#!/usr/bin/env python3
"""`make bench`: builds release binaries, runs every benchmark, prints a table, writes bench/out/latest.json.

Every figure is a median over N samples, with min and max; every comparison is the ratio of two medians
measured in the same run, with the two sides alternated (interleaved rounds in openclaw-bench; hyperfine rounds
whose command order flips each round). See docs/performance.md for what each figure means.

Usage: bench/run.py [--quick] [--linking NAME] [--skip-build [--binaries DIR]] [--skip-callgrind]
                    [--only load|callgrind|inprocess|process|ready]
       bench/run.py --compare-linking      (size, start-up and idle memory of every linking choice)
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

sys.dont_write_bytecode = True  # no bench/__pycache__ in the tree
import callgrind  # noqa: E402
import load  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
WORK = os.path.join(OUT, "work")
RAW = os.path.join(OUT, "raw")
CAPTURES = os.path.join(ROOT, "Tests", "Fixtures", "captures")

# (name, numerator, denominator, comparison, limit): targets on the ratio of two medians of the same run (issue 22).
# "floor" is bench-floor-server (a minimal swift-nio server, synchronous handler), "peer" the Node peer.
RATIOS = [
    ("gateway CPU per conversation / floor, 50 at a time", "load.c50.gateway.cpuMillisPerConversation",
     "load.c50.floor.cpuMillisPerConversation", "<=", 1.2),
    ("gateway CPU per conversation / floor, 1,000 at once", "load.burst1000.gateway.cpuMillisPerConversation",
     "load.burst1000.floor.cpuMillisPerConversation", "<=", 1.2),
    ("gateway instructions per conversation / floor", "callgrind.gatewayInstructionsPerConversation",
     "callgrind.floorServerInstructionsPerConversation", "<=", 1.3),
    ("gateway conversations/s / peer, 50 at a time", "load.c50.gateway.conversationsPerSecond",
     "load.c50.peer.conversationsPerSecond", ">=", 1.3),
    ("gateway conversations/s / peer, 1,000 at once", "load.burst1000.gateway.conversationsPerSecond",
     "load.burst1000.peer.conversationsPerSecond", ">=", 1.3),
    ("gateway status p99 / peer, 50 at a time", "load.c50.gateway.statusP99Millis", "load.c50.peer.statusP99Millis",
     "<=", 1.0),
    ("gateway status p99 / peer, 1,000 at once", "load.burst1000.gateway.statusP99Millis",
     "load.burst1000.peer.statusP99Millis", "<=", 1.0),
    ("gateway idle RSS / peer", "load.gateway.idleRssMiB", "load.peer.idleRssMiB", "<=", 0.3),
    ("gateway RSS 1 s after load / peer", "load.gateway.afterRssMiB", "load.peer.afterRssMiB", "<=", 0.3),
    ("gateway ready / floor ready", "gateway.readyMillis", "gateway.floorReadyMillis", "<=", 1.3),
    ("duplicate exit / openclaw --help", "gateway.duplicateExitMillis", "process.helpMillis", "<=", 1.5),
    ("openclaw-doctor --json / ip trio", "process.doctorJsonMillis", "process.ipTrioMillis", "<=", 1.5),
    ("live classify / netlink floor", "inprocess.liveClassifyMicros", "inprocess.netlinkFloorMicros", "<=", 2.0),
]
# (name, numerator, denominator): ratios of the same run printed for reading the targets, with no limit of their own.
CONTEXT_RATIOS = [
    ("gateway CPU per conversation / peer, 50 at a time", "load.c50.gateway.cpuMillisPerConversation",
     "load.c50.peer.cpuMillisPerConversation"),
    ("gateway CPU per conversation / peer, 1,000 at once", "load.burst1000.gateway.cpuMillisPerConversation",
     "load.burst1000.peer.cpuMillisPerConversation"),
    ("floor CPU per conversation / peer, 50 at a time", "load.c50.floor.cpuMillisPerConversation",
     "load.c50.peer.cpuMillisPerConversation"),
    ("floor CPU per conversation / peer, 1,000 at once", "load.burst1000.floor.cpuMillisPerConversation",
     "load.burst1000.peer.cpuMillisPerConversation"),
    ("floor conversations/s / peer, 50 at a time", "load.c50.floor.conversationsPerSecond",
     "load.c50.peer.conversationsPerSecond"),
    ("floor conversations/s / peer, 1,000 at once", "load.burst1000.floor.conversationsPerSecond",
     "load.burst1000.peer.conversationsPerSecond"),
    ("gateway conversations/s / floor, 50 at a time", "load.c50.gateway.conversationsPerSecond",
     "load.c50.floor.conversationsPerSecond"),
    ("gateway conversations/s / floor, 1,000 at once", "load.burst1000.gateway.conversationsPerSecond",
     "load.burst1000.floor.conversationsPerSecond"),
    ("gateway status p99 / floor, 50 at a time", "load.c50.gateway.statusP99Millis", "load.c50.floor.statusP99Millis"),
    ("gateway status p99 / floor, 1,000 at once", "load.burst1000.gateway.statusP99Millis",
     "load.burst1000.floor.statusP99Millis"),
    ("gateway idle RSS / floor", "load.gateway.idleRssMiB", "load.floor.idleRssMiB"),
    ("gateway RSS 1 s after load / floor", "load.gateway.afterRssMiB", "load.floor.afterRssMiB"),
]
# (name, figure, comparison, limit, unit): absolute targets on a median.
# `openclaw --help` before the binaries were slimmed: 9.08 ms (median, static, unstripped; run of 2026-11-27);
# a figure from another run, so compare it with care (docs/performance.md has the same-run comparison).
HELP_BEFORE_SLIMMING_MS = 9.08
LIMITS = [
    ("openclaw size", "size.openclawMB", "<=", 20.0, "MB"),
    ("openclaw-doctor size", "size.openclaw-doctorMB", "<=", 20.0, "MB"),
    ("openclaw --help vs before slimming (other run)", "process.helpMillis", "<=", HELP_BEFORE_SLIMMING_MS, "ms"),
]
# The executables whose size is a target (the products).
SIZED = ["openclaw", "openclaw-doctor"]


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


# `openclaw-doctor` is no product: the one executable `openclaw` under a second name (a link made by `build`).
PRODUCTS = ["openclaw", "openclaw-loadclient", "openclaw-bench", "bench-floor-server"]
SCRATCH = os.path.join(ROOT, ".build-bench")

# Linking choices (docs/performance.md, "Binary size"): name -> swift build flags. `make bench` uses LINKING.
LINKINGS = {
    "dynamic": [],
    "static": ["--static-swift-stdlib"],
    "static-gc": ["--static-swift-stdlib", "-Xlinker", "--gc-sections"],
    # As shipped (scripts/package): no exported symbol table either (the driver exports every symbol of an
    # executable; nothing looks them up: 1.9 MB of .dynsym, .dynstr and .gnu.hash).
    "static-stripped": ["--static-swift-stdlib", "-Xlinker", "--strip-all", "-Xlinker", "--no-export-dynamic"],
}
LINKING = "static-stripped"


def build_flags(linking, scratch):
    return ["-c", "release", "--scratch-path", scratch] + LINKINGS[linking]


def build(linking, scratch=SCRATCH):
    """Release build of the executables into `scratch` (never the user's .build/release), one product at a time (a
    plain `swift build` would also build the TestSupport target, which imports Testing: the static resource directory
    has no such module). Switching the runtime linking in one directory recompiles everything: other linkings get
    their own scratch directory; linker-only flags just relink."""
    flags = build_flags(linking, scratch)
    started = time.monotonic()
    for product in PRODUCTS:
        run(["swift", "build"] + flags + ["--product", product], cwd=ROOT)
    seconds = time.monotonic() - started
    binaries = bin_path(linking, scratch)
    doctor = os.path.join(binaries, "openclaw-doctor")
    if os.path.lexists(doctor):
        os.remove(doctor)
    os.symlink("openclaw", doctor)
    return binaries, seconds


def bin_path(linking, scratch=SCRATCH):
    return subprocess.run(["swift", "build"] + build_flags(linking, scratch) + ["--show-bin-path"], cwd=ROOT,
                          check=True, capture_output=True, text=True).stdout.strip()


def sizes(binaries):
    return {f"size.{tool}MB": summary([os.path.getsize(os.path.join(binaries, tool)) / 1e6], "MB") for tool in SIZED}


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


def compare(value, comparison, limit):
    return value <= limit if comparison == "<=" else value >= limit


def evaluate(figures):
    verdicts = []
    for name, numerator, denominator, comparison, limit in RATIOS:
        if numerator in figures and denominator in figures and figures[denominator]["median"] > 0:
            value = figures[numerator]["median"] / figures[denominator]["median"]
            verdicts.append({"target": name, "figure": f"{numerator} / {denominator}", "kind": "ratio",
                             "value": round(value, 3), "comparison": comparison, "limit": limit,
                             "met": compare(value, comparison, limit)})
    for name, numerator, denominator in CONTEXT_RATIOS:
        if numerator in figures and denominator in figures and figures[denominator]["median"] > 0:
            value = figures[numerator]["median"] / figures[denominator]["median"]
            verdicts.append({"target": name, "figure": f"{numerator} / {denominator}", "kind": "ratio",
                             "value": round(value, 3), "comparison": None, "limit": None, "met": None})
    for name, key, comparison, limit, unit in LIMITS:
        if key in figures:
            value = figures[key]["median"]
            verdicts.append({"target": name, "figure": key, "kind": unit, "value": round(value, 3),
                             "comparison": comparison, "limit": limit, "met": compare(value, comparison, limit)})
    return verdicts


def number(value):
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(document):
    lines = [f"{'figure':<52} {'median':>11} {'min':>11} {'max':>11}  {'unit':<5} {'runs':>5}"]
    for key in sorted(document["figures"]):
        f = document["figures"][key]
        lines.append(f"{key:<52} {number(f['median']):>11} {number(f['min']):>11} {number(f['max']):>11}  "
                     f"{f['unit']:<5} {f['runs']:>5}")
    lines.append("")
    lines.append(f"{'target':<52} {'value':>9}  {'limit':<10} met")
    for verdict in document["targets"]:
        value = f"{verdict['value']:.3f}" + ("x" if verdict["kind"] == "ratio" else f" {verdict['kind']}")
        if verdict["met"] is None:
            lines.append(f"{verdict['target']:<52} {value:>9}  {'(context)':<10} -")
            continue
        limit = f"{verdict['comparison']} {verdict['limit']}" + ("x" if verdict["kind"] == "ratio" else "")
        lines.append(f"{verdict['target']:<52} {value:>9}  {limit:<10} {'yes' if verdict['met'] else 'NO'}")
    m = document["machine"]
    lines.append("")
    lines.append(f"machine: {m['nproc']} x {m['cpu']}, kernel {m['kernel']}, {m['swift']}, "
                 f"load average at start {m['loadAverageAtStart']}, at end {m.get('loadAverageAtEnd', '?')}; "
                 f"build: {document['build']['linking']}")
    return "\n".join(lines)


def compare_linking(linkings, rounds, runs):
    """Builds each linking choice and compares size, start-up (`openclaw --help`, `openclaw-doctor --json`, hyperfine
    rounds alternating the choices) and idle gateway RSS. The static choices share .build-bench (they differ in
    linker flags only: a relink); dynamic linking builds in .build-bench-dynamic."""
    os.makedirs(os.path.join(OUT, "linking"), exist_ok=True)
    copies = {}
    for name in linkings:
        binaries, _ = build(name, SCRATCH if name != "dynamic" else os.path.join(ROOT, ".build-bench-dynamic"))
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
            "openclawDoctorBytes": os.path.getsize(f"{path}/openclaw-doctor"),
        }
    print(json.dumps(results, indent=2))
    with open(os.path.join(OUT, "linking.json"), "w") as handle:
        json.dump({"machine": machine(), "results": results}, handle, indent=2)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer samples (a smoke run, not for the docs)")
    parser.add_argument("--linking", choices=sorted(LINKINGS), default=LINKING,
                        help=f"how the executables are linked (default {LINKING})")
    parser.add_argument("--skip-build", action="store_true", help="use the release binaries already built")
    parser.add_argument("--skip-callgrind", action="store_true", help="no valgrind runs")
    parser.add_argument("--only", choices=["load", "callgrind", "inprocess", "process", "ready"],
                        help="run one part only (for profiling work): process is the start-up figures (doctor --json "
                             "and the ip trio, duplicate exit and --help), inprocess the in-process ones, ready the "
                             "gateway's and the floor's spawn-to-challenge times")
    parser.add_argument("--binaries", help="with --skip-build: measure the release binaries in this directory (e.g. a "
                                           "copy of an earlier build, for a before/after comparison)")
    parser.add_argument("--compare-linking", action="store_true", help="size, start-up and memory of each linking")
    parser.add_argument("--linkings", default=",".join(LINKINGS), help="the choices --compare-linking builds")
    options = parser.parse_args()

    os.environ.pop("XDG_RUNTIME_DIR", None)  # gateways keep their locks inside --state-dir
    os.environ["PATH"] = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    shutil.rmtree(WORK, ignore_errors=True)
    shutil.rmtree(RAW, ignore_errors=True)
    os.makedirs(WORK)
    os.makedirs(RAW)
    for tool in ("hyperfine", "ip", "node", "valgrind"):
        if shutil.which(tool) is None:
            sys.exit(f"bench: {tool} not found (scripts/install-deps --bench)")

    quick = options.quick
    process_rounds, process_runs = (2, 3) if quick else (6, 5)
    if options.compare_linking:
        compare_linking(options.linkings.split(","), process_rounds, process_runs)
        return

    started = time.monotonic()
    document_machine = machine()
    if options.binaries:
        if not options.skip_build:
            sys.exit("bench: --binaries needs --skip-build")
        binaries, build_seconds = os.path.abspath(options.binaries), 0.0
    elif options.skip_build:
        binaries, build_seconds = bin_path(options.linking), 0.0
    else:
        binaries, build_seconds = build(options.linking)
    bench = os.path.join(binaries, "openclaw-bench")
    figures, notes = sizes(binaries), {}

    if options.only in (None, "load"):
        f, n = load.run(binaries, WORK, RAW, 2 if quick else 5, quick, free_port, wait_ready, log)
        figures.update(f)
        notes.update(n)
    if options.only in (None, "callgrind") and not options.skip_callgrind:
        f, kept = callgrind.gateway(binaries, WORK, RAW, 100 if quick else 300, free_port, log)
        figures.update(f)
        notes["callgrind.gateway"] = f"dump: {os.path.relpath(kept, ROOT)} (callgrind_annotate it)"
        if options.only is None:
            figures.update(callgrind.inprocess(binaries, WORK, largest_capture(), RAW, log))

    if options.only in (None, "inprocess"):
        inprocess_out = os.path.join(RAW, "inprocess.json")
        run([bench, "inprocess", "--capture", largest_capture(), "--rounds", "50" if quick else "400",
             "--warmup", "20", "--out", inprocess_out])
        f, n = bench_json(inprocess_out)
        figures.update(f)
        notes.update(n)

    if options.only in (None, "process"):
        process_benchmarks(binaries, process_rounds, process_runs, figures, notes)

    if options.only in (None, "ready"):
        ready_out = os.path.join(RAW, "ready.json")
        run([bench, "ready", "--openclaw", os.path.join(binaries, "openclaw"),
             "--floor", os.path.join(binaries, "bench-floor-server"), "--rounds", "6" if quick else "25",
             "--warmup", "2", "--work", WORK, "--out", ready_out])
        f, n = bench_json(ready_out)
        figures.update(f)
        notes.update(n)

    with open("/proc/loadavg") as handle:
        document_machine["loadAverageAtEnd"] = " ".join(handle.read().split()[:3])
    document = {
        "schemaVersion": 2,
        "generatedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": document_machine,
        "build": {"configuration": "release", "linking": options.linking, "flags": LINKINGS[options.linking],
                  "buildSeconds": round(build_seconds, 1), "quick": quick, "only": options.only},
        "figures": figures,
        "targets": evaluate(figures),
        "notes": notes,
        "totalSeconds": round(time.monotonic() - started, 1),
    }
    name = "latest.json" if options.only is None else f"latest-{options.only}.json"
    with open(os.path.join(OUT, name), "w") as handle:
        json.dump(document, handle, indent=2, sort_keys=True)
        handle.write("\n")
    print(table(document))
    print(f"\nwrote {os.path.relpath(os.path.join(OUT, name), ROOT)} in {document['totalSeconds']} s")


if __name__ == "__main__":
    main()
