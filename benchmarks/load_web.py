"""Load test of ``edureport serve``: concurrent clients upload a typical 工作总结 and download the .docx.

    python benchmarks/load_web.py                       # 10 then 20 clients, 30 s each, serve's default workers
    python benchmarks/load_web.py --clients 20 --seconds 10 --workers 1

Starts a real server (``edureport serve``, uvicorn) on 127.0.0.1 only, on a free port, and stops it
at the end. Every request carries its own unit name; every answer's document must hold exactly that
name in its title (a document for another upload counts as a mix-up). Bounded in time (--seconds per
phase) and in requests (--max-requests per phase). Prints p50/p95/max latency, throughput, failures,
mix-ups, the server's memory (resident set of the server and its worker processes) and the CPU time per
request of the server and of the load test's own clients (which share the machine with it).
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from io import BytesIO
from pathlib import Path

import httpx
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sample_data  # noqa: E402

PLACEHOLDER = "ORG_PLACEHOLDER"
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def process_tree_rss_mb(pid: int) -> float:
    """Resident memory of the server and its worker processes."""
    total = 0
    for current in process_tree(pid):
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return total / 1024


def process_tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the server and its workers have used so far: a figure other
    programs on the machine do not inflate, unlike the latencies."""
    ticks = 0
    for current in process_tree(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def document_text(content: bytes) -> str:
    with zipfile.ZipFile(BytesIO(content)) as package:
        return "".join(_TEXT.findall(package.read("word/document.xml").decode("utf-8")))


def payload_template() -> str:
    data = sample_data.work_summary(8, org=PLACEHOLDER)
    data["template"] = "work-summary"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


class Phase:
    def __init__(self, url: str, clients: int, seconds: float, max_requests: int, text: str):
        self.url, self.clients, self.seconds, self.max_requests, self.text = url, clients, seconds, max_requests, text
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self.mixups = 0
        self.lock = threading.Lock()
        self.issued = 0

    def take(self) -> int | None:
        with self.lock:
            if self.issued >= self.max_requests:
                return None
            self.issued += 1
            return self.issued

    def client(self, number: int, stop_at: float) -> None:
        with httpx.Client(base_url=self.url, timeout=60) as http:
            while time.monotonic() < stop_at:
                request = self.take()
                if request is None:
                    return
                org = f"某某区第{number}客户第{request}号学校"
                body = self.text.replace(PLACEHOLDER, org).encode("utf-8")
                started = time.perf_counter()
                try:
                    response = http.post("/api/upload/docx", files={"file": (f"{org}.yaml", body)})
                except httpx.HTTPError as exc:
                    with self.lock:
                        self.failures.append(f"{type(exc).__name__}: {exc}")
                    continue
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    with self.lock:
                        self.failures.append(f"HTTP {response.status_code}: {response.text[:200]}")
                    continue
                text = document_text(response.content)
                mixed = f"{org}2024年工作总结" not in text or len(re.findall(r"某某区第\d+客户第\d+号学校", text)) != \
                    text.count(org)
                with self.lock:
                    self.latencies.append(elapsed)
                    self.mixups += mixed

    def run(self) -> float:
        stop_at = time.monotonic() + self.seconds
        threads = [threading.Thread(target=self.client, args=(n, stop_at)) for n in range(1, self.clients + 1)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 20], help="concurrent clients, one phase each")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase (at most 120)")
    parser.add_argument("--max-requests", type=int, default=5000, help="requests per phase at most")
    parser.add_argument("--workers", type=int, default=None,
                        help="server worker processes (edureport serve --workers); default: serve's own default")
    args = parser.parse_args()
    seconds = min(args.seconds, 120.0)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    if args.workers is None:  # what `edureport serve` starts when not told
        from edureport.web.app import default_workers

        args.workers = default_workers()
    server = subprocess.Popen([sys.executable, "-m", "edureport", "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--workers", str(args.workers), "--no-browser"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            print("server did not start:", server.stderr.read().decode()[-2000:] if server.stderr else "")
            return 1
        text = payload_template()
        with httpx.Client(base_url=url) as warm:  # templates, Jinja and profiles loaded in every worker
            for _ in range(4 * args.workers):
                warm.post("/api/upload/docx", files={"file": ("warm.yaml", text.replace(PLACEHOLDER, "预热学校").encode())})
        idle_mb = process_tree_rss_mb(server.pid)
        print(f"edureport serve --workers {args.workers} on {url}; idle memory {idle_mb:.0f} MB")
        print(f"load average (1 min) {os.getloadavg()[0]:.1f} at the start; the clients run on this machine too")
        print("clients  requests  req/s   p50 ms  p95 ms  max ms  failed  mixed-up  lost  peak MB  "
              "server CPU ms/req  client CPU ms/req")
        worst = 0
        for clients in args.clients:
            phase = Phase(url, clients, seconds, args.max_requests, text)
            peak = [idle_mb]
            sampling = threading.Event()

            def sample(peak=peak, sampling=sampling):
                while not sampling.wait(0.5):
                    peak[0] = max(peak[0], process_tree_rss_mb(server.pid))

            sampler = threading.Thread(target=sample)
            sampler.start()
            cpu_before, client_before = process_tree_cpu_seconds(server.pid), time.process_time()
            elapsed = phase.run()
            answered = max(1, len(phase.latencies))
            cpu_ms = (process_tree_cpu_seconds(server.pid) - cpu_before) * 1000 / answered
            client_ms = (time.process_time() - client_before) * 1000 / answered
            sampling.set()
            sampler.join()
            ms = [value * 1000 for value in phase.latencies] or [0.0]
            lost = phase.issued - len(phase.latencies) - len(phase.failures)  # sent, never answered
            print(f"{clients:>7}  {len(phase.latencies):>8}  {len(phase.latencies) / elapsed:>5.1f}  "
                  f"{statistics.median(ms):>7.0f} {percentile(ms, 0.95):>7.0f} {max(ms):>7.0f}  "
                  f"{len(phase.failures):>6}  {phase.mixups:>8}  {lost:>4}  {peak[0]:>7.0f}  {cpu_ms:>17.1f}  "
                  f"{client_ms:>17.1f}")
            for failure in phase.failures[:5]:
                print("   failure:", failure)
            worst = max(worst, len(phase.failures) + phase.mixups + lost)
        return 1 if worst else 0
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
