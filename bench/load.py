"""The load comparison of `make bench`: the gateway against the Node peer (bench/node-peer/peer.js) and the floor
(`bench-floor-server`: a minimal swift-nio server with a synchronous handler), all driven by the product's
`openclaw-loadclient`, the three servers measured in turn in the same run (the order rotated every round).

Per scenario and side: server CPU per conversation (utime + stime from /proc/PID/stat before and after the
load-client run, divided by its successful conversations), the load client's own CPU per conversation (RUSAGE_CHILDREN
around its run), the share of the machine's cores the two used together over the run's elapsed time
(`machineShare`: far below 1 says the rate was bounded by other processes on the machine, not by either side),
conversations per second (the load client's `handshakesPerSecond`: successful conversations / its elapsed time) and
the `status` request's p50/p99. Memory
(`VmRSS`, `RssAnon` from /proc/PID/status): idle (after start, one readiness connection and the fetch of the status
payload), loaded (the highest `VmRSS` sampled every 20 ms during the load runs), after (once every round is over and
1 s has passed).
"""
import json
import os
import re
import resource
import signal
import statistics
import subprocess
import threading
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1
PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node-peer", "peer.js")

# name -> (clients per run, concurrency, --hold): 50 at a time, and 1,000 at once all held open together.
SCENARIOS = {"c50": (3000, 50, False), "burst1000": (1000, 1000, True)}
QUICK_SCENARIOS = {"c50": (600, 50, False), "burst1000": (1000, 1000, True)}


def cpu_seconds(pid):
    """utime + stime of a process (fields 14 and 15 of /proc/PID/stat), in seconds."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def loadavg():
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def memory(pid):
    """(VmRSS, RssAnon) in MiB from /proc/PID/status."""
    with open(f"/proc/{pid}/status") as handle:
        text = handle.read()
    rss = int(re.search(r"VmRSS:\s+(\d+)", text).group(1)) / 1024
    anon = int(re.search(r"RssAnon:\s+(\d+)", text).group(1)) / 1024
    return rss, anon


class RssSampler:
    """The highest VmRSS of a process while a `with` block runs (sampled every 20 ms)."""

    def __init__(self, pid):
        self.pid, self.peak, self.stop = pid, 0.0, threading.Event()

    def __enter__(self):
        def sample():
            while not self.stop.is_set():
                try:
                    self.peak = max(self.peak, memory(self.pid)[0])
                except (OSError, AttributeError):
                    pass
                self.stop.wait(0.02)
        self.thread = threading.Thread(target=sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def raise_file_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def children_cpu_seconds():
    """utime + stime of every child waited for so far (the load client's own CPU is the difference around its run)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_client(loadclient, port, clients, concurrency, hold):
    arguments = [loadclient, "--port", str(port), "--clients", str(clients), "--concurrency", str(concurrency),
                 "--timeout-ms", "60000", "--overall-timeout-ms", "300000", "--json"]
    if hold:
        arguments.append("--hold")
    done = subprocess.run(arguments, capture_output=True, text=True)
    if not done.stdout.strip():
        raise RuntimeError(f"openclaw-loadclient printed no report (exit {done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout)


def start_servers(binaries, work, free_port, wait_ready, log):
    """Starts the gateway, the Node peer and the floor (both serving the gateway's own status payload); returns
    {side: (Popen, port)}."""
    openclaw = os.path.join(binaries, "openclaw")
    bench = os.path.join(binaries, "openclaw-bench")
    state = os.path.join(work, "load-state")
    os.makedirs(state, exist_ok=True)
    servers = {}
    port = free_port()
    with open(os.path.join(work, "load-gateway.log"), "w") as output:
        servers["gateway"] = (subprocess.Popen([openclaw, "gateway", "run", "--port", str(port), "--state-dir", state],
                                               stdout=output, stderr=subprocess.STDOUT), port)
    wait_ready(bench, port)
    status_file = os.path.join(work, "status-payload.json")
    with open(status_file, "w") as output:
        subprocess.run(["node", PEER, "fetch-status", "--port", str(port)], stdout=output, check=True)
    port = free_port()
    with open(os.path.join(work, "load-peer.log"), "w") as output:
        servers["peer"] = (subprocess.Popen(["node", PEER, "serve", "--port", str(port), "--status", status_file],
                                            stdout=output, stderr=subprocess.STDOUT), port)
    wait_ready(bench, port)
    port = free_port()
    with open(os.path.join(work, "load-floor.log"), "w") as output:
        servers["floor"] = (subprocess.Popen([os.path.join(binaries, "bench-floor-server"), "--port", str(port),
                                              "--status", status_file], stdout=output, stderr=subprocess.STDOUT), port)
    wait_ready(bench, port)
    log(f"load: gateway pid {servers['gateway'][0].pid}, node peer pid {servers['peer'][0].pid}, floor pid "
        f"{servers['floor'][0].pid}; status payload {os.path.getsize(status_file)} bytes")
    return servers


def summary(samples, unit):
    values = sorted(samples)
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "runs": len(values),
            "unit": unit}


def run(binaries, work, raw, rounds, quick, free_port, wait_ready, log):
    """Returns (figures, notes) under `load.<scenario>.<side>.*` and `load.<side>.*RssMiB`."""
    raise_file_limit()
    loadclient = os.path.join(binaries, "openclaw-loadclient")
    scenarios = QUICK_SCENARIOS if quick else SCENARIOS
    servers = start_servers(binaries, work, free_port, wait_ready, log)
    figures, notes, reports = {}, {}, []
    try:
        time.sleep(0.5)
        with open(os.path.join(work, "load-gateway.log")) as handle:  # where the build runs its tasks
            executor = [line.strip(" -\n") for line in handle if "concurrency:" in line]
        notes["load.gateway.executor"] = executor[0] if executor else "no concurrency line in the start output"
        idle = {side: memory(process.pid) for side, (process, _) in servers.items()}
        for side, (_, port) in servers.items():  # warm-up: code paths, allocator arenas, the JIT
            load_client(loadclient, port, 200, 50, False)
        samples = {}
        loaded = {side: 0.0 for side in servers}
        failed = {side: 0 for side in servers}
        for round_index in range(rounds):
            for scenario, (clients, concurrency, hold) in scenarios.items():
                names = list(servers)  # rotated every round: each side takes each place in turn
                sides = names[round_index % len(names):] + names[:round_index % len(names)]
                for side in sides:
                    process, port = servers[side]
                    before, client_before = cpu_seconds(process.pid), children_cpu_seconds()
                    with RssSampler(process.pid) as sampler:
                        report = load_client(loadclient, port, clients, concurrency, hold)
                    cpu = cpu_seconds(process.pid) - before
                    client_cpu = children_cpu_seconds() - client_before
                    loaded[side] = max(loaded[side], sampler.peak)
                    failed[side] += report["failed"] + report["unfinished"]
                    elapsed = report["elapsedMs"] / 1000
                    # The share of the machine's cores the server and the load client used together while the run
                    # lasted: well under 1 means neither was what bounded the rate (other processes had the cores).
                    share = (cpu + client_cpu) / (elapsed * CORES) if elapsed > 0 else 0.0
                    reports.append({"round": round_index, "scenario": scenario, "side": side, "cpuSeconds": cpu,
                                    "clientCpuSeconds": client_cpu, "machineShare": share,
                                    "loadAverage": loadavg(), "report": report})
                    key = f"load.{scenario}.{side}"
                    bucket = samples.setdefault(key, {"cpu": [], "rate": [], "p50": [], "p99": [], "client": [],
                                                      "share": []})
                    if report["ok"] > 0:
                        bucket["client"].append(client_cpu * 1000 / report["ok"])
                        bucket["share"].append(share)
                        bucket["cpu"].append(cpu * 1000 / report["ok"])
                        bucket["rate"].append(report["handshakesPerSecond"])
                        bucket["p50"].append(report["statusP50Ms"])
                        bucket["p99"].append(report["statusP99Ms"])
                    log(f"load round {round_index + 1}/{rounds} {scenario} {side}: ok {report['ok']}, failed "
                        f"{report['failed']}, {report['handshakesPerSecond']:.0f}/s, server CPU {cpu:.2f} s, "
                        f"client CPU {client_cpu:.2f} s in {elapsed:.2f} s ({share:.0%} of {CORES} cores), "
                        f"status p99 {report['statusP99Ms']} ms, load {loadavg()}")
                    time.sleep(0.3)
        time.sleep(1.0)
        after = {side: memory(process.pid) for side, (process, _) in servers.items()}
    finally:
        for process, _ in servers.values():
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
    for key, bucket in samples.items():
        if bucket["cpu"]:
            figures[key + ".cpuMillisPerConversation"] = summary(bucket["cpu"], "ms")
            figures[key + ".conversationsPerSecond"] = summary(bucket["rate"], "1/s")
            figures[key + ".statusP50Millis"] = summary(bucket["p50"], "ms")
            figures[key + ".statusP99Millis"] = summary(bucket["p99"], "ms")
            figures[key + ".clientCpuMillisPerConversation"] = summary(bucket["client"], "ms")
            figures[key + ".machineShare"] = summary(bucket["share"], "ratio")
    for side in servers:
        figures[f"load.{side}.idleRssMiB"] = summary([idle[side][0]], "MiB")
        figures[f"load.{side}.idleRssAnonMiB"] = summary([idle[side][1]], "MiB")
        figures[f"load.{side}.loadedRssMiB"] = summary([loaded[side]], "MiB")
        figures[f"load.{side}.afterRssMiB"] = summary([after[side][0]], "MiB")
        figures[f"load.{side}.failedClients"] = summary([failed[side]], "count")
    with open(os.path.join(raw, "load-reports.json"), "w") as handle:
        json.dump(reports, handle, indent=1)
    notes["load"] = ("openclaw-loadclient against `openclaw gateway run` and the Node peer (node "
                     + subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
                     + ", ws from /usr/share/nodejs) and bench-floor-server, 127.0.0.1; scenarios "
                     + ", ".join(f"{name}: {c} clients, {k} at a time{' (held open)' if h else ''}"
                                 for name, (c, k, h) in scenarios.items())
                     + f"; {rounds} rounds, the order of the sides rotated every round")
    return figures, notes
