"""Instruction counts from `valgrind --tool=callgrind` (repeatable whatever else runs on the machine).

- In-process bodies (`openclaw-bench loop --body B --count N`): instructions per iteration = the difference of two
  runs (N1 and N2 iterations) / (N2 - N1), so process start-up and one-time set-up cancel out.
- The gateway: `openclaw gateway run` under callgrind; after the readiness connection and a warm-up of 20
  conversations, the counters are zeroed (`callgrind_control --zero`), `openclaw-loadclient` runs the load, the
  counters are dumped (`callgrind_control --dump`): instructions per conversation = the dump's total / successful
  conversations. The dump is kept in bench/out/raw/ for `callgrind_annotate`. The floor server
  (`bench-floor-server`, answering `status` with the gateway's payload) is measured the same way.

Valgrind 3.19 (Debian 12) cannot read the DWARF 5 debug information Swift 6 emits ("unhandled dwarf2 abbrev form
code 0x25", then it gives up), so the binaries run under it are copies with the debug sections stripped
(`strip --strip-debug`: the symbol table stays, so profiles keep function names unless the build stripped it).
"""
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import time

BODIES = {"live": (2, 12), "floor": (2, 22), "capture": (2, 22)}
PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node-peer", "peer.js")


def without_debug_info(binaries, work, tools):
    """Copies of `tools` with the debug sections removed, in work/callgrind-bin; returns that directory."""
    target = os.path.join(work, "callgrind-bin")
    os.makedirs(target, exist_ok=True)
    for tool in tools:
        copy = os.path.join(target, tool)
        shutil.copy2(os.path.join(binaries, tool), copy)
        subprocess.run(["strip", "--strip-debug", copy], check=True)
    return target


def total_instructions(path):
    with open(path) as handle:
        for line in handle:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    raise RuntimeError(f"{path}: no summary line")


def loop_instructions(bench, body, count, capture, raw):
    out = os.path.join(raw, f"callgrind-loop-{body}-{count}.out")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", bench, "loop", "--body", body,
                    "--count", str(count), "--capture", capture], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return total_instructions(out)


def inprocess(binaries, work, capture, raw, log):
    bench = os.path.join(without_debug_info(binaries, work, ["openclaw-bench"]), "openclaw-bench")
    figures = {}
    for body, (low, high) in BODIES.items():
        per = (loop_instructions(bench, body, high, capture, raw) - loop_instructions(bench, body, low, capture, raw)) \
            / (high - low)
        figures[f"callgrind.{body}InstructionsPerIteration"] = {
            "median": per, "min": per, "max": per, "runs": 1, "unit": "instr"}
        log(f"callgrind {body}: {per:,.0f} instructions per iteration")
    return figures


def server(name, command, loadclient, port, work, raw, conversations, log):
    """Instructions per conversation (50 at a time) of one server started with `command` (it must print
    "listening on" once it serves 127.0.0.1:`port`); the dump is kept as raw/callgrind-NAME-load.out."""
    prefix = os.path.join(work, f"callgrind-{name}")
    for stale in glob.glob(prefix + ".*"):
        os.remove(stale)
    log_path = os.path.join(work, f"callgrind-{name}.log")
    with open(log_path, "w") as output:
        child = subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={prefix}.%p"] + command,
                                 stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while True:
            with open(log_path) as handle:
                if "listening on" in handle.read():
                    break
            if child.poll() is not None or time.monotonic() > deadline:
                child.kill()
                raise RuntimeError(f"{name} under callgrind did not start (see {log_path})")
            time.sleep(0.5)

        def drive(count):
            done = subprocess.run([loadclient, "--port", str(port), "--clients", str(count), "--concurrency", "50",
                                   "--timeout-ms", "120000", "--json"], capture_output=True, text=True)
            return json.loads(done.stdout)

        drive(20)
        if name == "gateway":  # the floor answers `status` with the gateway's own payload
            with open(os.path.join(work, "callgrind-status.json"), "w") as output:
                subprocess.run(["node", PEER, "fetch-status", "--port", str(port)], stdout=output, check=True)
        subprocess.run(["callgrind_control", "--zero", str(child.pid)], check=True, stdout=subprocess.DEVNULL)
        report = drive(conversations)
        subprocess.run(["callgrind_control", "--dump=load", str(child.pid)], check=True, stdout=subprocess.DEVNULL)
    finally:
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=60)
    dumps = [path for path in glob.glob(prefix + ".*") if re.search(r"\.\d+\.\d+$", path)]
    if not dumps or report["ok"] == 0:
        raise RuntimeError(f"no callgrind dump of the load of {name} ({dumps}, {report})")
    dump = max(dumps, key=os.path.getmtime)
    kept = os.path.join(raw, f"callgrind-{name}-load.out")
    shutil.copy(dump, kept)
    per = total_instructions(kept) / report["ok"]
    log(f"callgrind {name}: {per:,.0f} instructions per conversation ({report['ok']} conversations)")
    return per, kept


def gateway(binaries, work, raw, conversations, free_port, log):
    """Instructions per conversation (50 at a time) of the gateway and of the floor server (serving the gateway's
    status payload); returns (figures, the gateway's dump)."""
    copies = without_debug_info(binaries, work, ["openclaw", "bench-floor-server"])
    loadclient = os.path.join(binaries, "openclaw-loadclient")
    state = os.path.join(work, "callgrind-state")
    os.makedirs(state, exist_ok=True)
    port = free_port()
    per_gateway, kept = server("gateway", [os.path.join(copies, "openclaw"), "gateway", "run", "--port", str(port),
                                           "--state-dir", state], loadclient, port, work, raw, conversations, log)
    port = free_port()
    per_floor, _ = server("floor", [os.path.join(copies, "bench-floor-server"), "--port", str(port), "--status",
                                    os.path.join(work, "callgrind-status.json")],
                          loadclient, port, work, raw, conversations, log)
    figures = {}
    for key, per in (("gateway", per_gateway), ("floorServer", per_floor)):
        figures[f"callgrind.{key}InstructionsPerConversation"] = {
            "median": per, "min": per, "max": per, "runs": 1, "unit": "instr"}
    return figures, kept
