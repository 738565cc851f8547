"""Read source files and parse the captures among them, here or in worker processes.

No Django import: what runs in a worker process reads files and parses, nothing else; it never
touches the database connection a forked worker inherits from the process that writes.
"""

from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from articles.importing.document import ImportFormatError, ParsedArticle
from articles.importing.parser import decode_source, parse_article

_BYTE_ORDER_MARK = b"\xef\xbb\xbf"
# How many files each worker may have read ahead of the writer's batch: enough to keep it
# busy, few enough that parsed articles waiting to be written stay a small amount of memory.
_READ_AHEAD_PER_WORKER = 4


@dataclass(frozen=True)
class Loaded:
    """One source file, read: a parsed capture, a JSON export's bytes, or a backup to open."""

    path: Path
    parsed: ParsedArticle | None = None
    document: bytes | None = None

    @property
    def is_backup(self):
        return self.parsed is None and self.document is None


def source_files(path):
    """Return the file named, or for a folder the captures (``*.txt``) in it, by name."""
    if not path.is_dir():
        return [path]
    captures = sorted(child for child in path.iterdir() if child.suffix.lower() == ".txt" and child.is_file())
    if not captures:
        raise ImportFormatError("a folder with no .txt capture in it")
    return captures


def load(path, max_bytes):
    """Read one source file and parse it if it is a capture; raise ImportFormatError (one line)."""
    if path.suffix.lower() == ".zip":
        return Loaded(path)  # a backup: opened by the restore, with its pictures
    data = read_source(path, max_bytes)
    if path.suffix.lower() == ".json" or data.lstrip(_BYTE_ORDER_MARK + b" \t\r\n").startswith(b"{"):
        return Loaded(path, document=data)
    return Loaded(path, parsed=parse_article(decode_source(data, max_bytes=max_bytes)))


def loaded_in_order(paths, max_bytes, *, jobs=1, held=1):
    """Yield (path, Loaded or the ImportFormatError it raised) for each path, in order.

    With ``jobs`` > 1, that many worker processes read and parse ahead while the caller writes
    what they parsed: parsing takes no time of the writing process. ``held``: how many files
    the caller takes before it writes them (a batch); the workers parse the next ones meanwhile.
    """
    if jobs <= 1:
        for path in paths:
            yield path, _outcome(load, path, max_bytes)
        return
    # Forked workers start at once and need nothing re-imported; a fresh interpreter ("spawn")
    # would also re-run a calling script that has no `if __name__ == "__main__"` guard.
    start_method = "fork" if "fork" in get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context(start_method))
    try:
        pending = deque()
        for path in paths:
            pending.append((path, pool.submit(_outcome, load, path, max_bytes)))
            if len(pending) >= held + jobs * _READ_AHEAD_PER_WORKER:
                done_path, future = pending.popleft()
                yield done_path, future.result()
        while pending:
            done_path, future = pending.popleft()
            yield done_path, future.result()
    finally:
        pool.shutdown(cancel_futures=True)


def _outcome(function, *args):
    """Return what ``function`` returns, or the ImportFormatError it raises."""
    try:
        return function(*args)
    except ImportFormatError as error:
        return error


def read_source(path, max_bytes):
    """Return the file's bytes, checking its size before reading it; raise ImportFormatError."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ImportFormatError("is a directory, not a file")
        if size > max_bytes:
            raise ImportFormatError(f"{size:,} bytes is over the import limit of {max_bytes:,} bytes")
        with path.open("rb") as source:
            # A file that grows while being read is still cut at the limit.
            data = source.read(max_bytes + 1)
    except FileNotFoundError:
        raise ImportFormatError("no such file") from None
    except OSError as error:
        raise ImportFormatError(f"cannot be read ({error.strerror})") from None
    if len(data) > max_bytes:
        raise ImportFormatError(f"over the import limit of {max_bytes:,} bytes")
    if not data.strip():
        raise ImportFormatError("the file is empty")
    return data
