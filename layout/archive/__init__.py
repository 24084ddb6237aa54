"""Archive: build records and the browsable archive of every past issue.

lock.py records what a build was made from (build.lock) and proves the same
inputs give the same PDF bytes; build_archive.py rebuilds every out-of-date issue
and writes the searchable index (index.html is its page).

    check_lock(issue, ...) / write_lock(...)        lock.py
    run_archive(issues_dir, ...)                    the door (build_archive.py)
"""
from __future__ import annotations

from layout import lazy_exports

_EXPORTS = {"run_archive": "build_archive", "check_lock": "lock", "write_lock": "lock"}

__getattr__ = lazy_exports(__name__, _EXPORTS)
