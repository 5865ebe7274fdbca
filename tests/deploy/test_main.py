"""`python -m deploy`: N app processes behind nginx; one that stops is started again on its port, and Ctrl-C or
SIGTERM stops them all."""
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTED = re.compile(r"^app process (\d+) on port (\d+)$")


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports on 127.0.0.1."""
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        if first + count < 65536 and all(free(port) for port in range(first, first + count)):
            return first


def free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
            return answer.read() == b"ok"
    except OSError:
        return False


def wait(condition, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"


def test_a_stopped_app_process_is_started_again_and_sigterm_stops_all(tmp_path: Path) -> None:
    first_app, nginx_port = free_ports(2), free_ports(1)
    command = [sys.executable, "-m", "deploy", "--processes", "2", "--port", str(nginx_port),
               "--first-app-port", str(first_app), "--prefix", str(tmp_path / "nginx")]
    deploy = subprocess.Popen(command, cwd=ROOT, env=os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.rstrip()) for line in deploy.stdout], daemon=True).start()
    pids: dict[int, list[int]] = {first_app: [], first_app + 1: []}  # port → the processes started on it
    seen: list[str] = []

    def read() -> None:
        while not lines.empty():
            seen.append(line := lines.get())
            if started := STARTED.match(line):
                pids[int(started[2])].append(int(started[1]))

    try:
        wait(lambda: read() or (healthy(nginx_port) and healthy(first_app) and healthy(first_app + 1)))
        killed = pids[first_app][0]
        os.kill(killed, signal.SIGKILL)
        wait(lambda: read() or len(pids[first_app]) == 2)
        wait(lambda: healthy(first_app))
        assert any(f"app process {killed} on port {first_app} stopped (exit code -9); starting it again" in line
                   for line in seen), seen
        assert len(pids[first_app + 1]) == 1  # the other one ran on
        assert healthy(nginx_port)
    finally:
        deploy.send_signal(signal.SIGTERM)
        assert deploy.wait(60) == 0
    read()
    assert not any(alive(pid) for started in pids.values() for pid in started)
