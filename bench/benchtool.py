#!/usr/bin/env python3
"""Helpers of bench/run.sh (standard library only).

  benchtool.py ports N                          N free TCP ports on 127.0.0.1
  benchtool.py idle-conns --port P --pid PID    open 1,000 keep-alive connections, one request each, hold them idle,
                                                and print "rss_before_kb rss_kb peak_kb open" of process PID
  benchtool.py counters FILE.csv                sum a dotnet-counters CSV: "allocated_bytes work_items contentions
                                                gen0 gen1 gen2"
  benchtool.py report RUN_DIR                   the markdown report of one run
  benchtool.py slow-clients --port P --count N --seconds S
                                                N slowloris-style clients for S seconds: each sends its request head
                                                one byte every 2 s and connects again when the server closes it;
                                                prints "connections closed_by_server"
  benchtool.py sample --pid PID --every S --seconds T --out FILE.tsv
                                                RSS, open files and threads of PID every S seconds for T seconds
  benchtool.py soak-report FILE.tsv [--rss-growth P] [--files-growth N] [--threads-growth N]
                                                the samples as a table with first/last/max; exits 1 when the last
                                                sample grew beyond the tolerance over the baseline
"""
import argparse
import csv
import os
import socket
import statistics
import sys
import time


def free_ports(count):
    sockets = []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    print(" ".join(map(str, ports)))


# ---------------------------------------------------------------- idle connections

def proc_status(pid, *keys):
    """The values of some fields of /proc/PID/status (kB for memory), in the order asked."""
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in keys:
                values[key] = int(rest.split()[0])
    return tuple(values[k] for k in keys)


def memory_kb(pid):
    return proc_status(pid, "VmRSS", "VmHWM")


def read_response(sock):
    """Reads one HTTP/1.1 response with a Content-Length; returns its status code."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the response")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed inside the body")
        body += chunk
    return int(lines[0].split()[1])


def still_open(sock):
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.setblocking(True)


def idle_conns(port, pid, count, path, settle):
    rss_before, _ = memory_kb(pid)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    conns = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(count)]
    for c in conns:
        c.sendall(request)
    bad = sum(1 for c in conns if read_response(c) != 200)
    if bad:
        print(f"{bad} of {count} requests did not answer 200", file=sys.stderr)
    time.sleep(settle)
    rss, peak = memory_kb(pid)
    open_count = sum(1 for c in conns if still_open(c))
    for c in conns:
        c.close()
    print(f"{rss_before}\t{rss}\t{peak}\t{open_count}")


# ---------------------------------------------------------------- soak: slow clients, samples, verdict

def slow_clients(port, count, seconds):
    """Slowloris: every client trickles its request head and never finishes it; the server is expected to close
    them (its header timeout), and each one closed connects again."""
    import selectors
    head = f"GET /slow HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: ".encode() + b"a" * 100000
    end = time.time() + seconds
    sel = selectors.DefaultSelector()
    opened = closed = 0

    def connect():
        nonlocal opened
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            return
        s.setblocking(False)
        opened += 1
        sel.register(s, selectors.EVENT_READ, [0, time.time()])

    for _ in range(count):
        connect()
    while time.time() < end:
        for key, _ in sel.select(timeout=0.5):
            try:
                data = key.fileobj.recv(4096)
            except OSError:
                data = b""
            if not data:
                sel.unregister(key.fileobj)
                key.fileobj.close()
                closed += 1
                connect()
        now = time.time()
        for key in list(sel.get_map().values()):
            sent, last = key.data
            if now - last >= 2 and sent < len(head):
                try:
                    key.fileobj.send(head[sent:sent + 1])
                    key.data[0], key.data[1] = sent + 1, now
                except OSError:
                    pass
    for key in list(sel.get_map().values()):
        key.fileobj.close()
    print(f"{opened}\t{closed}")


def process_sample(pid):
    rss, threads = proc_status(pid, "VmRSS", "Threads")
    return rss, len(os.listdir(f"/proc/{pid}/fd")), threads


def sample(pid, every, seconds, out):
    start = time.time()
    with open(out, "w") as f:
        f.write("seconds\trss_kb\topen_files\tthreads\n")
        while True:
            elapsed = time.time() - start
            try:
                rss, files, threads = process_sample(pid)
            except (FileNotFoundError, ProcessLookupError):
                f.write(f"{elapsed:.0f}\tgone\tgone\tgone\n")
                return
            f.write(f"{elapsed:.0f}\t{rss}\t{files}\t{threads}\n")
            f.flush()
            if elapsed >= seconds:
                return
            time.sleep(max(0.0, every - (time.time() - start - elapsed)))


def soak_report(path, rss_growth, files_growth, threads_growth):
    rows = read_tsv(path)
    if not rows or any(r["rss_kb"] == "gone" for r in rows):
        print("the gateway process ended during the soak")
        sys.exit(1)
    samples = [(int(r["seconds"]), int(r["rss_kb"]), int(r["open_files"]), int(r["threads"])) for r in rows]
    print("| s | RSS MiB | open files | threads |")
    print("|---:|---:|---:|---:|")
    for s, rss, files, threads in samples:
        print(f"| {s} | {rss / 1024:.0f} | {files} | {threads} |")
    # the baseline is the first sample after the first minute (JIT, pools and caches warm), or the first one
    base = next((x for x in samples if x[0] >= 60), samples[0]) if samples[-1][0] >= 120 else samples[0]
    last = samples[-1]
    print()
    print("| | RSS MiB | open files | threads |")
    print("|---|---:|---:|---:|")
    for name, row in (("first", samples[0]), (f"baseline ({base[0]} s)", base), ("last", last)):
        print(f"| {name} | {row[1] / 1024:.0f} | {row[2]} | {row[3]} |")
    print(f"| max | {max(x[1] for x in samples) / 1024:.0f} | {max(x[2] for x in samples)} | {max(x[3] for x in samples)} |")
    limits = (base[1] * (1 + rss_growth / 100), base[2] + files_growth, base[3] + threads_growth)
    grew = [name for name, value, limit in zip(("RSS", "open files", "threads"), last[1:], limits) if value > limit]
    print()
    print(f"tolerance over the baseline: RSS +{rss_growth:g}%, open files +{files_growth}, threads +{threads_growth}")
    if grew:
        print("GREW beyond the tolerance: " + ", ".join(grew))
        sys.exit(1)
    print("within the tolerance")


# ---------------------------------------------------------------- dotnet-counters

def sum_counters(path, start, end):
    """dotnet-counters writes one rate per counter per interval; the sums are the totals of the session, which
    must cover the measured run (from start to end, epoch seconds); a warning goes to stderr when it did not."""
    totals = {"alloc": 0.0, "work": 0.0, "contention": 0.0, "gen0": 0.0, "gen1": 0.0, "gen2": 0.0}
    names = {
        "dotnet.gc.heap.total_allocated": "alloc",
        "dotnet.thread_pool.work_item.count": "work",
        "dotnet.monitor.lock_contentions": "contention",
    }
    stamps = []
    with open(path, newline="") as f:
        for row in csv.reader(f):
            if len(row) < 5 or row[0] == "Timestamp":
                continue
            try:
                stamps.append(time.mktime(time.strptime(row[0], "%m/%d/%Y %H:%M:%S")))
            except ValueError:
                pass
            name, value = row[2], float(row[4])
            key = names.get(name.split(" ")[0])
            if name.startswith("dotnet.gc.collections"):
                key = next((g for g in ("gen0", "gen1", "gen2") if f"generation={g}" in name), None)
            if key:
                totals[key] += value
    if start and stamps and (min(stamps) - 1 > start or max(stamps) < end):
        print(f"alloc: the dotnet-counters session ({os.path.basename(path)}) did not cover the whole run; "
              "its counts are too low", file=sys.stderr)
    print("\t".join(f"{totals[k]:.0f}" for k in ("alloc", "work", "contention", "gen0", "gen1", "gen2")))


# ---------------------------------------------------------------- the report

def read_tsv(path, header=None):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    if header is None:
        header, rows = rows[0], rows[1:]
    return [dict(zip(header, r)) for r in rows]


def median(values):
    return statistics.median(values) if values else None


def fmt(value, digits=0, suffix=""):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}{suffix}"


def ratio(a, b, digits=2):
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.{digits}f}×"


class Run:
    def __init__(self, row, hz):
        self.round = int(row["round"])
        self.requests = int(row["requests"])
        seconds = int(row["duration_us"]) / 1e6
        self.rps = self.requests / seconds if seconds else 0
        self.p50 = int(row["p50_us"]) / 1000
        self.p99 = int(row["p99_us"]) / 1000
        self.errors = int(row["errors"])
        ticks = int(row["proxy_ticks"])
        self.cpu_us = ticks * 1e6 / hz / self.requests if self.requests else None
        self.cpu_pct = ticks / hz / seconds * 100 if seconds else 0
        self.outside = int(row["outside_pct"])
        self.disturbed = row["disturbed"] == "1"


class Cell:
    """The medians of one target in one load case, over the rounds given."""

    def __init__(self, runs, rounds):
        self.runs = runs
        used = [r for r in runs if r.round in rounds]
        self.rps = median([r.rps for r in used])
        self.p50 = median([r.p50 for r in used])
        self.p99 = median([r.p99 for r in used])
        self.cpu_us = median([r.cpu_us for r in used if r.cpu_us is not None])
        self.cpu_pct = median([r.cpu_pct for r in used])
        self.errors = sum(r.errors for r in runs)


def load_cells(run_dir, hz):
    """(scenario, conns) -> target -> Cell, from the kept attempt of every run."""
    rows = read_tsv(os.path.join(run_dir, "runs.tsv"))
    last = {}
    for row in rows:  # the last attempt of a run is the one kept
        last[(row["round"], row["scenario"], row["conns"], row["target"])] = row
    grouped = {}
    for (rnd, scenario, conns, target), row in last.items():
        grouped.setdefault((scenario, int(conns)), {}).setdefault(target, []).append(Run(row, hz))
    repeated = sum(1 for r in rows if r["disturbed"] == "1")
    still = sum(1 for r in last.values() if r["disturbed"] == "1")
    cells, clean_rounds = {}, {}
    for key, targets in grouped.items():
        # the rounds in which no other process disturbed any target of the case: the conditions the numbers are
        # meant for, and each still a gateway run next to an nginx run; all rounds when there is none
        rounds = {r.round for runs in targets.values() for r in runs}
        clean = {n for n in rounds if all(any(r.round == n and not r.disturbed for r in runs)
                                          for runs in targets.values())}
        clean_rounds[key] = (len(clean), len(rounds))
        cells[key] = {t: Cell(sorted(v, key=lambda r: r.round), clean or rounds) for t, v in targets.items()}
    return cells, clean_rounds, repeated, still


ORDER = ["proxy", "quickstart", "latency", "post1k", "resp100k", "https", "ratelimiter"]


def main_table(cells, clean_rounds):
    out = ["| scenario | conns | req/s gateway | req/s nginx | ratio | p50 ms gw / nginx | p99 ms gw / nginx "
           "| p99 ratio | errors gw / nginx | CPU µs/req gw / nginx | CPU ratio | clean rounds |",
           "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for key in sorted(cells, key=lambda k: (ORDER.index(k[0]), k[1])):
        g, n = cells[key].get("gateway"), cells[key].get("nginx")
        if not g or not n:
            continue
        out.append(f"| {key[0]} | {key[1]} | {fmt(g.rps)} | {fmt(n.rps)} | {ratio(g.rps, n.rps)} "
                   f"| {fmt(g.p50, 3)} / {fmt(n.p50, 3)} | {fmt(g.p99, 2)} / {fmt(n.p99, 2)} | {ratio(g.p99, n.p99, 1)} "
                   f"| {g.errors} / {n.errors} | {fmt(g.cpu_us, 1)} / {fmt(n.cpu_us, 1)} | {ratio(g.cpu_us, n.cpu_us)} "
                   f"| {clean_rounds[key][0]} of {clean_rounds[key][1]} |")
    return out


def latency_table(cells):
    c = cells.get(("latency", 1))
    if not c or "backend" not in c:
        return []
    b = c["backend"]
    out = ["", "One connection (`latency`): added latency is the median p50 minus the backend's own.", "",
           "| target | req/s | p50 ms | p99 ms | added p50 ms |", "|---|--:|--:|--:|--:|"]
    for name in ("backend", "gateway", "nginx"):
        t = c.get(name)
        if t:
            added = "—" if name == "backend" else fmt(t.p50 - b.p50, 3)
            out.append(f"| {name} | {fmt(t.rps)} | {fmt(t.p50, 3)} | {fmt(t.p99, 3)} | {added} |")
    return out


def detail_table(cells):
    out = ["", "### Every run (kept attempts, in round order)", "",
           "| scenario | conns | target | req/s | CPU % of a core | others' CPU % |", "|---|--:|---|---|---|---|"]
    for key in sorted(cells, key=lambda k: (ORDER.index(k[0]), k[1])):
        for target in ("backend", "gateway", "nginx"):
            cell = cells[key].get(target)
            if not cell:
                continue
            runs = cell.runs
            out.append(f"| {key[0]} | {key[1]} | {target} | {', '.join(fmt(r.rps) for r in runs)} "
                       f"| {', '.join(fmt(r.cpu_pct) for r in runs)} "
                       f"| {', '.join(str(r.outside) + ('*' if r.disturbed else '') for r in runs)} |")
    return out


def memory_table(run_dir):
    rows = read_tsv(os.path.join(run_dir, "memory.tsv"), ["target", "before", "rss", "peak", "open", "idle_cpu"])
    if not rows:
        return [], {}
    out = ["", "### 1,000 idle keep-alive connections (`idle1000`)", "",
           "| process | RSS before, MB | RSS holding them, MB | peak RSS (VmHWM), MB | connections still open "
           "| CPU with no traffic, % of a core |",
           "|---|--:|--:|--:|--:|--:|"]
    peaks = {}
    for r in rows:
        label = "gateway (easegress-server)" if r["target"] == "gateway" else "nginx proxy worker"
        mb = {k: int(r[k]) / 1024 for k in ("before", "rss", "peak")}
        peaks[r["target"]] = mb["peak"]
        out.append(f"| {label} | {fmt(mb['before'], 1)} | {fmt(mb['rss'], 1)} | {fmt(mb['peak'], 1)} | {r['open']} "
                   f"| {r.get('idle_cpu') or '—'} |")
    return out, peaks


def alloc_table(run_dir):
    rows = read_tsv(os.path.join(run_dir, "alloc.tsv"),
                    ["shape", "requests", "alloc", "work", "contention", "gen0", "gen1", "gen2"])
    if not rows:
        return [], {}
    out = ["", "### Runtime counters of the gateway (`alloc`: dotnet-counters, 50 connections, one run each)", "",
           "| pipeline | requests | allocated bytes / request | thread-pool work items / request "
           "| lock contentions / 1,000 requests | GCs gen0 / gen1 / gen2 per run |",
           "|---|--:|--:|--:|--:|--:|"]
    per_request = {}
    for shape, label in (("get", "proxy"), ("json", "quickstart")):
        rs = [r for r in rows if r["shape"] == shape and int(r["requests"] or 0) > 0 and r.get("alloc")]
        if not rs:
            continue

        def med(key, per=1):
            return median([float(r[key]) * per / int(r["requests"]) for r in rs])

        per_request[label] = med("alloc")
        gcs = " / ".join(fmt(median([float(r[g]) for r in rs])) for g in ("gen0", "gen1", "gen2"))
        out.append(f"| {label} | {fmt(median([int(r['requests']) for r in rs]))} | {fmt(per_request[label])} "
                   f"| {fmt(med('work'), 2)} | {fmt(med('contention', 1000), 2)} | {gcs} |")
    return out, per_request


def strace_counts(path):
    """Calls per system call from an `strace -c` summary."""
    counts = {}
    for line in open(path):
        parts = line.split()
        # % time, seconds, usecs/call, calls, [errors,] syscall
        if len(parts) >= 5 and parts[0].replace(".", "", 1).isdigit() and parts[-1] != "total":
            counts[parts[-1]] = int(parts[3])
    return counts


def syscalls_table(run_dir):
    rows = read_tsv(os.path.join(run_dir, "syscalls.tsv"), ["target", "requests", "strace"])
    rows = [r for r in rows if int(r["requests"] or 0) > 0 and os.path.exists(r["strace"])]
    if not rows:
        return []
    per = {r["target"]: {k: v / int(r["requests"]) for k, v in strace_counts(r["strace"]).items()} for r in rows}
    names = sorted({k for counts in per.values() for k, v in counts.items() if v >= 0.01},
                   key=lambda k: -max(c.get(k, 0) for c in per.values()))
    targets = [t for t in ("gateway", "nginx") if t in per]
    out = ["", "### System calls per request (`syscalls`: strace -c, Proxy pipeline, 50 connections)", "",
           "| system call | " + " | ".join(targets) + " |", "|---|" + "--:|" * len(targets)]
    for name in names:
        out.append(f"| {name} | " + " | ".join(fmt(per[t].get(name, 0), 2) for t in targets) + " |")
    out.append("| **all** | " + " | ".join(fmt(sum(per[t].values()), 2) for t in targets) + " |")
    return out


def targets_table(cells, clean_rounds, peaks):
    def cell(scenario, conns, target):
        return cells.get((scenario, conns), {}).get(target)

    def verdict(ok, *cases):
        if ok is None:
            return "not measured"
        text = "met" if ok else "not met"
        if any(clean_rounds.get(c, (0, 0))[0] == 0 for c in cases):
            text += " (no clean round: noise)"
        return text

    def compare(scenario, conns, value):
        g, n = cell(scenario, conns, "gateway"), cell(scenario, conns, "nginx")
        return value(g, n) if g and n else None

    rows = []
    for conns, want in ((50, 0.6), (200, 0.9)):
        r = compare("quickstart", conns, lambda g, n: g.rps / n.rps if n.rps else None)
        rows.append((f"quick-start req/s at {conns} connections ≥ {want}× nginx's", fmt(r, 3, "×"),
                     verdict(None if r is None else r >= want, ("quickstart", conns))))
    qs = [cell("quickstart", c, "gateway") for c in (50, 200, 500)]
    errs = sum(c.errors for c in qs) if all(qs) else None
    rows.append(("quick-start: zero errors (every run at 50, 200, 500)", fmt(errs),
                 verdict(None if errs is None else errs == 0)))
    r = compare("quickstart", 500, lambda g, n: g.p99 / n.p99 if n.p99 else None)
    rows.append(("quick-start p99 at 500 connections ≤ 2× nginx's", fmt(r, 2, "×"),
                 verdict(None if r is None else r <= 2, ("quickstart", 500))))
    d = compare("latency", 1, lambda g, n: g.p50 - n.p50)
    rows.append(("one connection: p50 within 0.1 ms of nginx's", fmt(d, 3, " ms"),
                 verdict(None if d is None else d <= 0.1, ("latency", 1))))
    for scenario in ("proxy", "quickstart"):
        r = compare(scenario, 50, lambda g, n: g.cpu_us / n.cpu_us if g.cpu_us and n.cpu_us else None)
        rows.append((f"CPU per request at 50 connections ({scenario}) ≤ 2× nginx's", fmt(r, 3, "×"),
                     verdict(None if r is None else r <= 2, (scenario, 50))))
    peak = peaks.get("gateway")
    rows.append(("peak RSS at 1,000 idle keep-alive connections ≤ 200 MB", fmt(peak, 0, " MB"),
                 verdict(None if peak is None else peak <= 200)))
    rows.append(("no per-request allocation on route lookup, statistics, synchronous stages",
                 "0 bytes in unit tests", "met (RouteTableTests, RadixRouterTests, RecordingAllocationTests, FilterStatTests)"))
    out = ["", "### Issue 8's targets", "", "| target | measured | |", "|---|--:|---|"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return out


def report(run_dir):
    hz = os.sysconf("SC_CLK_TCK")
    with open(os.path.join(run_dir, "machine.txt")) as f:
        machine = [line.rstrip("\n") for line in f if line.strip()]
    cells, clean_rounds, repeated, still = load_cells(run_dir, hz)
    memory, peaks = memory_table(run_dir)
    alloc, _ = alloc_table(run_dir)
    out = ["## bench/run.sh: the gateway against nginx, alternating, same run", ""]
    out += [f"- {line}" for line in machine]
    out += ["", "Medians over the clean rounds of each case (rounds in which no other process disturbed any of its "
            "runs), or over all rounds when a case has none (then read it as noise). Ratios are gateway / nginx (for req/s higher is better, for the "
            "others lower is). CPU is the proxy process's own user+system time divided by the requests it served.",
            ""]
    if cells:
        out += main_table(cells, clean_rounds) + latency_table(cells)
    out += memory + alloc + syscalls_table(run_dir)
    if cells or peaks:
        out += targets_table(cells, clean_rounds, peaks)
    notes_path = os.path.join(run_dir, "notes.txt")
    notes = [line.strip() for line in open(notes_path)] if os.path.exists(notes_path) else []
    notes = [n for n in notes if n]
    if cells:
        notes.append(f"{repeated} run(s) were disturbed by other processes (their CPU above the limit; marked * "
                     f"below); {still} of the kept runs are disturbed ones.")
    if notes:
        out += ["", "### Notes", ""] + [f"- {n}" for n in notes]
    if cells:
        out += detail_table(cells)
    print("\n".join(out))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ports")
    p.add_argument("count", type=int)
    p = sub.add_parser("idle-conns")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--path", default="/")
    p.add_argument("--settle", type=float, default=3.0)
    p = sub.add_parser("counters")
    p.add_argument("csv")
    p.add_argument("--start", type=float, default=0)
    p.add_argument("--end", type=float, default=0)
    p = sub.add_parser("report")
    p.add_argument("run_dir")
    p = sub.add_parser("slow-clients")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, default=50)
    p.add_argument("--seconds", type=float, required=True)
    p = sub.add_parser("sample")
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--every", type=float, default=10)
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("soak-report")
    p.add_argument("tsv")
    p.add_argument("--rss-growth", type=float, default=50)
    p.add_argument("--files-growth", type=int, default=100)
    p.add_argument("--threads-growth", type=int, default=20)
    args = parser.parse_args()
    if args.command == "ports":
        free_ports(args.count)
    elif args.command == "idle-conns":
        idle_conns(args.port, args.pid, args.count, args.path, args.settle)
    elif args.command == "counters":
        sum_counters(args.csv, args.start, args.end)
    elif args.command == "slow-clients":
        slow_clients(args.port, args.count, args.seconds)
    elif args.command == "sample":
        sample(args.pid, args.every, args.seconds, args.out)
    elif args.command == "soak-report":
        soak_report(args.tsv, args.rss_growth, args.files_growth, args.threads_growth)
    else:
        report(args.run_dir)


if __name__ == "__main__":
    main()
