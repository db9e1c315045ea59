#!/usr/bin/env python3
"""Hostile load for perf/overload: idle connections, slowloris connections and a Metadata flood.

Usage: flood.py HOST:PORT [--idle 2000] [--slowloris 200] [--flood 4] [--pipeline 16]
Prints "ready" once every connection is open, then runs until SIGTERM/SIGINT and prints one
JSON line: connections opened, slowloris bytes dribbled, Metadata answers and their rate.
"""
import argparse, json, signal, socket, struct, sys, threading, time

# Kafka's default socket.request.max.bytes: what each slowloris claims to send.
SLOWLORIS_CLAIM_BYTES = 100 * 1024 * 1024


def metadata_request(correlation_id):
    # Metadata v1, request header v1: api key 3, version 1, correlation id, client id;
    # body: topics = null (-1: every topic).
    client = b"overload-flood"
    body = struct.pack(">hhih", 3, 1, correlation_id, len(client)) + client + struct.pack(">i", -1)
    return struct.pack(">i", len(body)) + body


def read_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("broker closed the flood connection")
        buf += chunk
    return buf


def flood(addr, pipeline, stop, counts, index):
    sock = socket.create_connection(addr)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    batch = b"".join(metadata_request(i) for i in range(pipeline))
    while not stop.is_set():
        sock.sendall(batch)
        for i in range(pipeline):
            size = struct.unpack(">i", read_exact(sock, 4))[0]
            frame = read_exact(sock, size)
            if struct.unpack(">i", frame[:4])[0] != i:
                raise RuntimeError("Metadata answers out of order")
        counts[index] += pipeline


def main():
    p = argparse.ArgumentParser()
    p.add_argument("bootstrap")
    p.add_argument("--idle", type=int, default=2000)
    p.add_argument("--slowloris", type=int, default=200)
    p.add_argument("--flood", type=int, default=4)
    p.add_argument("--pipeline", type=int, default=16)
    args = p.parse_args()
    host, port = args.bootstrap.rsplit(":", 1)
    addr = (host, int(port))

    idle = [socket.create_connection(addr) for _ in range(args.idle)]
    lorises = []
    for _ in range(args.slowloris):
        s = socket.create_connection(addr)
        s.sendall(struct.pack(">i", SLOWLORIS_CLAIM_BYTES))
        lorises.append(s)
    stop = threading.Event()
    counts = [0] * args.flood
    threads = [threading.Thread(target=flood, args=(addr, args.pipeline, stop, counts, i), daemon=True)
               for i in range(args.flood)]
    for t in threads:
        t.start()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("ready", flush=True)
    start = time.monotonic()
    dribbled = 0
    while not stop.is_set():
        alive = []
        for s in lorises:
            try:
                s.sendall(b"\0" * 16)
                dribbled += 16
                alive.append(s)
            except OSError:
                s.close()
        lorises = alive
        stop.wait(0.05)
    elapsed = time.monotonic() - start
    for t in threads:
        t.join(timeout=5)
    print(json.dumps({
        "idle_connections": len(idle),
        "slowloris_open_at_end": len(lorises),
        "slowloris_bytes_dribbled": dribbled,
        "metadata_answers": sum(counts),
        "metadata_answers_per_s": round(sum(counts) / elapsed, 1),
        "seconds": round(elapsed, 1),
    }), flush=True)


if __name__ == "__main__":
    sys.exit(main())
