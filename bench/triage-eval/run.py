#!/usr/bin/env python3
"""`make triage-eval`: runs `openclaw-doctor triage` over the public reports in bench/triage-eval/reports/ (issue
bodies no test reads; each names its source) and counts what triage made of them.

For every report: the verdict (kind, mode, confidence), whether it was decided (exit 0), the blocks read into the
Windows sections, the supervisor sections (journal, systemd-show), the listeners section, the openclaw CLI
statements, the blocks that are the reporter's words (a form box, a retyped WSL message, a release in prose), and the
other people's machines of a thread (each commenter's facts read apart, with its own verdict). Prints one line per report and the totals; writes each report's text output to OUT/NAME.txt so a person
can read it against the report (docs/triage-eval.md lists the sentences found untrue, before and after).

Usage: bench/triage-eval/run.py [--doctor PATH] [--out DIR] [--json]
"""
import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPORTS = os.path.join(ROOT, "bench", "triage-eval", "reports")
WINDOWS = {"windows-netstat", "windows-tasklist", "windows-excludedportrange", "windows-dynamicportrange",
           "wsl-version", "wsl-messages", "wsl-list", "wsl-status", "windows-ipconfig"}
# Blocks that are the REPORTER's words, not a tool's output (counted apart: they never count as a fact used).
REPORTERS_WORDS = {"WSL message, retyped", "kernel release named in prose", "WSL issue form"}
SUPERVISOR = {"journal", "systemd-show"}


def triage(doctor, path, json_out):
    args = [doctor, "triage", path] + (["--json"] if json_out else [])
    run = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return run.returncode, run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--doctor", default=os.path.join(ROOT, ".build", "debug", "openclaw-doctor"))
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "out", "triage-eval"))
    parser.add_argument("--json", action="store_true", help="print the totals as JSON")
    options = parser.parse_args()
    os.makedirs(options.out, exist_ok=True)
    names = sorted(n for n in os.listdir(REPORTS) if n.endswith(".md"))
    totals = collections.Counter()
    verdicts = collections.Counter()
    rows = []
    for name in names:
        path = os.path.join(REPORTS, name)
        code, out, err = triage(options.doctor, path, True)
        if code == 2:
            rows.append((name, "error", err.strip()[:80]))
            totals["errors"] += 1
            continue
        report = json.loads(out)
        environment = report["environment"]
        blocks = report.get("triage", {}).get("blocks", [])
        sections = [b["section"] for b in blocks if b.get("section")]
        stated = sum(len(b.get("stated") or []) for b in blocks if b["kind"] == "openclaw CLI output")
        form = sum(len(b.get("stated") or []) for b in blocks if b["kind"] == "issue-form facts")
        form_deciding = sum(1 for b in blocks if b.get("section") in ("osrelease", "wsl-version", "wsl-form") and b["found"] == "shape")
        windows = sum(1 for s in sections if s in WINDOWS)
        supervisor = sum(1 for s in sections if s in SUPERVISOR)
        listeners = sum(1 for s in sections if s == "listeners")
        others = report.get("triage", {}).get("otherMachines", [])
        reporters_words = sum(1 for b in blocks if b["kind"] in REPORTERS_WORDS and b.get("section"))
        verdict = environment["kind"] + (" " + environment["wslNetworkingMode"] if environment.get("wslNetworkingMode") else "")
        verdicts[verdict] += 1
        totals["reports"] += 1
        totals["decided"] += 1 if code == 0 else 0
        totals["windows blocks"] += windows
        totals["journal/systemd blocks"] += supervisor
        totals["listener blocks"] += listeners
        totals["CLI statements"] += stated
        totals["issue-form facts stated"] += form
        totals["reports with a WSL/Windows/kernel version read"] += 1 if any(x in sections for x in ("osrelease", "wsl-version", "wsl-form")) else 0
        judged = {c["id"]: c["status"] for c in report["checks"]}
        totals["windows.adapters judged (not skip)"] += 1 if judged.get("windows.adapters", "skip") != "skip" else 0
        totals["reports with a Windows or journal fact used"] += 1 if windows or supervisor else 0
        totals["other people's machines read apart"] += len(others)
        totals["reports with other people's machines"] += 1 if others else 0
        totals["reporter's-words blocks (form box, retyped message, release in prose)"] += reporters_words
        failing = [c["id"] for c in report["checks"] if c["status"] in ("fail", "warn")]
        apart = "; others " + ",".join(o["environment"]["kind"] for o in others) if others else ""
        rows.append((name, f"{verdict} ({environment['confidence']}) exit {code}",
                     f"sections {','.join(sections) or '-'}; stated {stated}+{form}; fail/warn {','.join(failing) or '-'}{apart}"))
        _, text, _ = triage(options.doctor, path, False)
        with open(os.path.join(options.out, name.replace(".md", ".txt")), "w") as f:
            f.write(text)
    if options.json:
        print(json.dumps({"totals": totals, "verdicts": verdicts}, indent=2, sort_keys=True))
        return 0
    for name, verdict, what in rows:
        print(f"{name:42} {verdict:32} {what}")
    print()
    for key in ["reports", "decided", "reports with a Windows or journal fact used", "windows blocks",
                "journal/systemd blocks", "listener blocks", "CLI statements", "issue-form facts stated",
                "reports with a WSL/Windows/kernel version read", "windows.adapters judged (not skip)",
                "reporter's-words blocks (form box, retyped message, release in prose)",
                "reports with other people's machines", "other people's machines read apart", "errors"]:
        print(f"{key}: {totals[key]}")
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))
    print(f"text outputs: {options.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
