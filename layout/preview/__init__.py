"""Preview: the editor's side of the pipeline, a stage after the build rather than in it.

Takes an issue folder; serves a local page (127.0.0.1 only) that shows every page
of the issue at readable size, rebuilt whenever a file of the issue is saved and
pushed to the browser with server-sent events, with the build's errors and
warnings beside the page they concern. It reads what build.py produces (the draft
PDF, the Log, the Issue) and changes nothing in the issue folder.

    serve(issue_dir, port) -> exit code                  the door (server.py)

server.py   the HTTP server (standard library), the builder thread, page images
notes.py    which page an error or warning concerns (by article file or manifest line)
page.html   the page itself: plain HTML, CSS and script, no build step
"""
from __future__ import annotations

from layout import lazy_exports

_EXPORTS = {"serve": "server", "Preview": "server"}

__getattr__ = lazy_exports(__name__, _EXPORTS)
