#!/usr/bin/env python3
"""A tiny plain-HTTP responder for the wsl-sim simulator.

Answers every request on one TCP socket with a fixed status and `Server:` header, the way a
Windows dev server (or a foreign Linux program) would answer OpenClaw's probes: never a
WebSocket upgrade. Writes its pid to --pid-file once it listens.

Usage: http-responder.py --bind ADDR --port PORT --status CODE --server NAME [--pid-file PATH]
"""
import argparse
import os
import socket
import threading

REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found"}


def answer(conn: socket.socket, status: int, server: str) -> None:
    """Reads the request head (bounded) and writes one response, then closes."""
    try:
        conn.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
        body = f"{status} {REASONS.get(status, 'Status')} from {server}\n".encode()
        head = (
            f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}\r\n"
            f"Server: {server}\r\n"
            "Content-Type: text/plain\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        conn.sendall(head + body)
    except OSError:
        pass
    finally:
        conn.close()


def close_inherited_fds() -> None:
    """Closes descriptors inherited beyond stdio, so this long-lived server never holds a caller's pipe open."""
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2:
            try:
                os.close(fd)
            except OSError:
                pass


def main() -> None:
    close_inherited_fds()
    parser = argparse.ArgumentParser()
    parser.add_argument("--bind", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--status", type=int, default=404)
    parser.add_argument("--server", default="WindowsDevServer/1.0")
    parser.add_argument("--pid-file")
    args = parser.parse_args()

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.bind, args.port))
    sock.listen(64)
    if args.pid_file:
        tmp = args.pid_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{os.getpid()}\n")
        os.rename(tmp, args.pid_file)
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=answer, args=(conn, args.status, args.server), daemon=True).start()


if __name__ == "__main__":
    main()
