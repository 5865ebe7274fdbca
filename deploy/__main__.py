"""Start N app processes on 127.0.0.1 and nginx in front of them, until Ctrl-C (README "Deployment").

    .venv/bin/python -m deploy [--processes 2] [--address 127.0.0.1] [--port 8080] [--first-app-port 8601]
                               [--prefix /tmp/cockpit-nginx] [--print-config]

The app processes take their settings (DATABASE_URL, DATABASE_POOL_SIZE, …) from the environment as ./run.sh does;
when STREAMLIT_SERVER_COOKIE_SECRET is not set they share one random secret for this run. An app process that stops
is started again on its port (at most once every RESTART_SECONDS), so that nginx never loses a backend for good.
"""
import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from deploy.nginx import ACCESS_LOG, nginx, site_config

ROOT = Path(__file__).resolve().parent.parent
RESTART_SECONDS = 5.0


def app_process(port: int, environment: dict[str, str]) -> subprocess.Popen[bytes]:
    """`streamlit run app.py` on 127.0.0.1:port, with the shipped .streamlit/config.toml."""
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
               "--server.port", str(port)]
    return subprocess.Popen(command, cwd=ROOT, env=environment)


class AppProcesses:
    """One app process per port, each started again when it stops."""

    def __init__(self, ports: list[int], environment: dict[str, str]) -> None:
        self.environment = environment
        self.running = {port: self.start(port) for port in ports}
        self.started = dict.fromkeys(ports, time.monotonic())

    def start(self, port: int) -> subprocess.Popen[bytes]:
        process = app_process(port, self.environment)
        print(f"app process {process.pid} on port {port}", flush=True)
        return process

    def restart_stopped(self) -> None:
        """Start again every process that has stopped, unless it was started less than RESTART_SECONDS ago."""
        for port, process in self.running.items():
            if process.poll() is not None and time.monotonic() - self.started[port] >= RESTART_SECONDS:
                print(f"app process {process.pid} on port {port} stopped (exit code {process.returncode}); "
                      "starting it again", file=sys.stderr, flush=True)
                self.running[port], self.started[port] = self.start(port), time.monotonic()

    def stop(self) -> None:
        for process in self.running.values():
            process.terminate()
        for process in self.running.values():
            process.wait(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--address", default="127.0.0.1", help="where nginx listens")
    parser.add_argument("--port", type=int, default=8080, help="where nginx listens")
    parser.add_argument("--first-app-port", type=int, default=8601, help="the app processes take this port and on")
    parser.add_argument("--prefix", type=Path, default=Path("/tmp/cockpit-nginx"), help="nginx's pid, logs, temp")
    parser.add_argument("--print-config", action="store_true", help="print the nginx site configuration and stop")
    args = parser.parse_args()
    ports = [args.first_app_port + i for i in range(args.processes)]
    if args.print_config:
        print(site_config(f"{args.address}:{args.port}", ports, str(args.prefix / ACCESS_LOG)), end="")
        return
    environment = dict(os.environ)
    environment.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_urlsafe(32))
    with ExitStack() as stack:
        apps = AppProcesses(ports, environment)
        stack.callback(apps.stop)
        stack.enter_context(nginx(args.prefix.resolve(), args.port, ports, args.address))
        print(f"The cockpit: http://{args.address}:{args.port}/ ({args.processes} app processes on ports "
              f"{', '.join(map(str, ports))}; nginx's logs in {args.prefix})", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the processes as Ctrl-C does
        try:
            while True:
                apps.restart_stopped()
                time.sleep(1)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
