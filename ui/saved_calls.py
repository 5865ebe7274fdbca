"""The query cache's remembered calls in a file, so that a restarted app process computes the views its predecessor
served before anyone opens them (ui.cache). Only which query and its arguments (place, period, viewer) are saved,
never a result; one file per database, in QUERY_CACHE_DIR (default ~/.cache/cockpit)."""
import hashlib
import inspect
import io
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import URL

Call = tuple[Callable[..., object], tuple[object, ...], tuple[tuple[str, object], ...]]  # query, args, sorted kwargs
QUERY_MODULES = ("data_access.", "ui.filter_bar")  # the queries and their arguments' types; the filter bar's lists
ALLOWED = {("builtins", "frozenset"), ("builtins", "set"), ("datetime", "date"), ("datetime", "datetime")}
log = logging.getLogger(__name__)
_unwritable: set[Path] = set()  # files whose folder could not be written: said once in the log


def file_for(database: URL) -> Path:
    """The file of the calls made on `database` (named by a digest of its address without the password)."""
    folder = Path(os.environ.get("QUERY_CACHE_DIR") or Path.home() / ".cache" / "cockpit")
    digest = hashlib.sha256(database.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return folder / f"calls-{digest}.pickle"


def save(path: Path, calls: list[Call]) -> None:
    """The calls written to `path` at once (a reader sees the old file or the new one); a folder that cannot be
    written is logged once, and the app goes on without."""
    pickled = []
    for call in calls:
        try:
            pickled.append(pickle.dumps(call))
        except (pickle.PicklingError, TypeError, AttributeError):  # e.g. a query defined inside a function
            continue
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, delete=False) as file:
            pickle.dump(pickled, file)
        os.replace(file.name, path)
    except OSError as exc:
        if path not in _unwritable:
            _unwritable.add(path)
            log.warning("The cache's calls were not saved to %s (nor will be, until it can be written): %s", path, exc)


def load(path: Path) -> list[Call]:
    """The calls saved in `path` that the code can still make: a call of a query that no longer exists, or whose
    arguments it no longer takes, is left out, as is anything but a query (data_access's, the filter bar's lists of
    places and months) and its arguments."""
    try:
        with path.open("rb") as file:
            pickled = Restricted(file).load()
    except FileNotFoundError:
        return []
    except (OSError, pickle.UnpicklingError, EOFError, ValueError) as exc:
        log.warning("The cache's saved calls in %s were not read: %s", path, exc)
        return []
    calls = []
    for one in pickled if isinstance(pickled, list) else []:
        try:
            query, args, kwargs = Restricted.loads(one)
            inspect.signature(query).bind(*args, **dict(kwargs))
        except Exception:  # whatever a changed module or a spoiled file raises: the call is left out
            continue
        calls.append((query, args, kwargs))
    return calls


class Restricted(pickle.Unpickler):
    """An unpickler of queries and their arguments only (QUERY_MODULES, ALLOWED): no other classes or functions."""

    def find_class(self, module: str, name: str) -> object:
        if module.startswith(QUERY_MODULES) or (module, name) in ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a query or a query's argument")

    @classmethod
    def loads(cls, data: bytes) -> object:
        return cls(io.BytesIO(data)).load()
