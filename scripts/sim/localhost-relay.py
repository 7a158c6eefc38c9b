#!/usr/bin/env python3
"""Stand-in for WSL's localhost relay, run in the simulator's "Windows" namespace.

Real WSL watches the Linux guest's binds and, while a Linux socket listens on loopback or the wildcard, makes
Windows' localhost:PORT reach it (NAT: wslrelay.exe with localhostForwarding=true; mirrored: the shared 127.0.0.1).
This relay does the same for one port: every 50 ms it reads the guest's LISTEN sockets (/proc/thread-self/net/tcp and
tcp6 from a thread that entered the guest's network namespace) and, while one covers an address it relays, listens on
that address in the "Windows" namespace and splices each connection to the guest's own listener (a socket created in
the guest's namespace; the hairpin leaves the relay's marked sockets alone, so there is no loop). When no guest socket listens, the
Windows address is closed again, so a Windows client is refused as on real WSL. When a Windows program already holds
the address the bind fails and the Windows program keeps it (mirrored: it shadows the Linux listener).

Usage: localhost-relay.py --guest-netns /run/netns/NS --port P --address 127.0.0.1 [--address ::1] [--by-family] --pid-file F
"""
import argparse
import ctypes
import os
import select
import socket
import sys
import threading
import time

CLONE_NEWNET = 0x40000000
SO_MARK = 36
# The mark of the relay's listening sockets: the mirrored layout's hairpin (nft, in the "Windows" namespace) leaves
# sockets with this mark alone, so only Windows' own clients use the relay and Linux's 127.0.0.1 still hairpins.
RELAY_MARK = 0x5E
LIBC = ctypes.CDLL(None, use_errno=True)


def enter_netns(path):
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        if LIBC.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, "setns %s: %s" % (path, os.strerror(err)))
    finally:
        os.close(fd)


def guest_listeners(port):
    """Local addresses of the guest's LISTEN sockets on `port` (read from this thread's network namespace)."""
    found = set()
    for name, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        try:
            with open("/proc/thread-self/net/" + name) as table:
                next(table, None)
                for line in table:
                    fields = line.split()
                    if len(fields) < 4 or fields[3] != "0A":
                        continue
                    address, hexport = fields[1].split(":")
                    if int(hexport, 16) != port:
                        continue
                    raw = bytes.fromhex(address)
                    if family == socket.AF_INET:
                        found.add(socket.inet_ntop(family, raw[::-1]))
                    else:
                        words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                        found.add(socket.inet_ntop(family, words))
        except OSError:
            continue
    return found


def covers(bound, address, by_family=False):
    """Whether a guest listener on `bound` makes the relay listen on Windows' `address`.

    by_family (NAT, as WSL's wslrelay.exe: src/windows/wslrelay/localhost.cpp, src/linux/init/localhost.cpp): only
    an IPv4 listener on 0.0.0.0 or 127.0.0.1 brings Windows' 127.0.0.1, only an IPv6 listener on :: or ::1 brings
    Windows' ::1 (a dual-stack :: listener is one IPv6 socket to WSL's scan; ::ffff:127.0.0.1 is ignored).
    Otherwise (mirrored) any listener that accepts connections to `address` in Linux."""
    if by_family:
        if ":" in address:
            return bound in ("::", "::1")
        return bound in ("0.0.0.0", "127.0.0.1")
    if bound == address or bound == "::":
        return True
    if bound == "::ffff:" + address:
        return True
    return bound == "0.0.0.0" and ":" not in address


def pump(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (sink,):
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass


def serve(client, guest_netns, address, port):
    """One relayed connection: a socket in the guest's namespace connected to address:port (under the mirrored layout
    that connection leaves through loopback0 and the hairpin hands it back, as every guest connection to 127.0.0.1)."""
    def run():
        upstream = None
        try:
            enter_netns(guest_netns)
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            upstream = socket.socket(family, socket.SOCK_STREAM)
            upstream.settimeout(5)
            upstream.connect((address, port))
            upstream.settimeout(None)
        except OSError:
            # The guest listener went away between the poll and the connect: reset, as a dying relay would.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            client.close()
            if upstream:
                upstream.close()
            return
        back = threading.Thread(target=pump, args=(upstream, client), daemon=True)
        back.start()
        pump(client, upstream)
        back.join()
        client.close()
        upstream.close()
    threading.Thread(target=run, daemon=True).start()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--guest-netns", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--address", action="append", required=True)
    parser.add_argument("--pid-file")
    parser.add_argument("--by-family", action="store_true",
                        help="relay by address family, as wslrelay.exe does under NAT (see covers)")
    args = parser.parse_args()

    state = {"listening": set()}
    lock = threading.Lock()

    def poll():
        enter_netns(args.guest_netns)
        while True:
            with lock:
                state["listening"] = guest_listeners(args.port)
            time.sleep(0.05)

    threading.Thread(target=poll, daemon=True).start()
    if args.pid_file:
        with open(args.pid_file, "w") as f:
            f.write("%d\n" % os.getpid())

    servers = {}
    while True:
        with lock:
            bound = set(state["listening"])
        for address in args.address:
            wanted = any(covers(b, address, args.by_family) for b in bound)
            if wanted and address not in servers:
                family = socket.AF_INET6 if ":" in address else socket.AF_INET
                server = socket.socket(family, socket.SOCK_STREAM)
                server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                server.setsockopt(socket.SOL_SOCKET, SO_MARK, RELAY_MARK)
                try:
                    server.bind((address, args.port))
                    server.listen(64)
                    server.setblocking(False)
                    servers[address] = server
                except OSError:
                    # A Windows program holds it: it keeps the port.
                    server.close()
            elif not wanted and address in servers:
                servers.pop(address).close()
        readable = []
        if servers:
            readable, _, _ = select.select(list(servers.values()), [], [], 0.05)
        else:
            time.sleep(0.05)
        for server in readable:
            address = next(a for a, s in servers.items() if s is server)
            try:
                client, _ = server.accept()
            except OSError:
                continue
            client.setblocking(True)
            serve(client, args.guest_netns, address, args.port)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
