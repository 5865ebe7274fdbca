"""Start N app processes on 127.0.0.1 and nginx in front of them, until Ctrl-C (README "Deployment").

    .venv/bin/python -m deploy [--processes 2] [--address 127.0.0.1] [--port 8080] [--first-app-port 8601]
                               [--prefix /tmp/cockpit-nginx] [--print-config]

The app processes take their settings (DATABASE_URL, DATABASE_POOL_SIZE, …) from the environment as ./run.sh does;
when STREAMLIT_SERVER_COOKIE_SECRET is not set they share one random secret for this run.
"""
import argparse
import os
import secrets
import signal
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

from deploy.nginx import ACCESS_LOG, nginx, site_config

ROOT = Path(__file__).resolve().parent.parent


def app_process(port: int, environment: dict[str, str]) -> subprocess.Popen[bytes]:
    """`streamlit run app.py` on 127.0.0.1:port, with the shipped .streamlit/config.toml."""
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
               "--server.port", str(port)]
    return subprocess.Popen(command, cwd=ROOT, env=environment)


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
        for port in ports:
            process = app_process(port, environment)
            stack.callback(process.wait, 20)
            stack.callback(process.terminate)
        stack.enter_context(nginx(args.prefix.resolve(), args.port, ports, args.address))
        print(f"The cockpit: http://{args.address}:{args.port}/ ({args.processes} app processes on ports "
              f"{', '.join(map(str, ports))}; nginx's logs in {args.prefix})", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the processes as Ctrl-C does
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
