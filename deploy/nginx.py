"""Debian's nginx in front of several app processes: the site configuration (cockpit.conf) for their ports, and
nginx run in the foreground with its own prefix folder for its pid, logs and temporary files."""
import re
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

TEMPLATE = Path(__file__).with_name("cockpit.conf")
NGINX = "/usr/sbin/nginx"
ACCESS_LOG, ERROR_LOG = "access.log", "error.log"


def site_config(listen: str, app_ports: Sequence[int], access_log: str) -> str:
    """cockpit.conf for nginx listening on `listen` (a port or address:port) in front of the app processes on
    127.0.0.1 at `app_ports`, logging every request and the process that answered it to `access_log`."""
    servers = "\n".join(f"    server 127.0.0.1:{port};" for port in app_ports)
    return (TEMPLATE.read_text(encoding="utf-8").replace("@SERVERS@", servers).replace("@LISTEN@", listen)
            .replace("@ACCESS_LOG@", access_log))


def main_config(prefix: Path) -> str:
    """A whole nginx.conf that keeps everything in `prefix` and includes the site configuration there."""
    temporary = "\n".join(f"    {kind}_temp_path {prefix / kind};" for kind in
                          ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""daemon off;
worker_processes 1;
pid {prefix / 'nginx.pid'};
error_log {prefix / ERROR_LOG} warn;
events {{
    worker_connections 1024;
}}
http {{
{temporary}
    include {prefix / 'cockpit.conf'};
}}
"""


@contextmanager
def nginx(prefix: Path, port: int, app_ports: Sequence[int], address: str = "127.0.0.1") -> Iterator[Path]:
    """nginx on address:port in front of the app processes until the block ends; yields its access log."""
    prefix.mkdir(parents=True, exist_ok=True)
    access_log = prefix / ACCESS_LOG
    (prefix / "cockpit.conf").write_text(site_config(f"{address}:{port}", app_ports, str(access_log)))
    config = prefix / "nginx.conf"
    config.write_text(main_config(prefix))
    command = [NGINX, "-p", str(prefix), "-c", str(config), "-e", str(prefix / ERROR_LOG)]
    subprocess.run([*command, "-t", "-q"], check=True)
    server = subprocess.Popen(command)
    try:
        _wait_for_port(address, port, server, prefix / ERROR_LOG)
        yield access_log
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait_for_port(address: str, port: int, server: subprocess.Popen[bytes], error_log: Path) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection((address, port), timeout=1).close()
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {error_log.read_text() if error_log.exists() else ''}")
            time.sleep(0.1)


LOG_LINE = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d{3}) .* upstream=(?P<upstream>\S+) key=(?P<key>\S+)$')
STREAM = "GET /_stcore/stream "


def processes(access_log: Path, websockets_only: bool = False) -> dict[str, set[str]]:
    """The app processes (address:port) that answered each browser (its cookie key), from the access log; only
    those that took a WebSocket to its end when `websockets_only` (nginx logs a request once it is over)."""
    answered: dict[str, set[str]] = {}
    for line in access_log.read_text(encoding="utf-8").splitlines():
        if not (match := LOG_LINE.search(line)) or match["upstream"] == "-":
            continue
        if not websockets_only or (match["request"].startswith(STREAM) and match["status"] == "101"):
            answered.setdefault(match["key"], set()).update(match["upstream"].split(", "))
    return answered
