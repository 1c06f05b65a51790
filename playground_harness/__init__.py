"""Start the app and a headless system Chromium: shared by the browser tests and the benchmarks.

`StreamlitServer` runs `streamlit run <script>` on a free 127.0.0.1 port with the production
settings and stops it by PID; `launch_chromium` opens the system Chromium with the flags this
machine needs.

Why a package of its own at the repository's root: tests/browser and benchmarks/bench_live.py
both need it, and neither should reach into the other's folder through `sys.path`. The project's
`pip install -e .` installs it beside `playground` (`[tool.setuptools.packages.find]`
`include = ["playground*"]` matches `playground_harness`), so `python benchmarks/bench_live.py`,
plain `pytest` and `python -m pytest` all import it by name. It is kept out of `playground/`
because it is tooling, not the app: it drives a checkout (it runs scripts from the repository's
root) and the app never imports it. After pulling this package into an older install, run
`pip install -e .` once more so the editable install learns the new top-level name.
"""

from playground_harness.chromium import CHROMIUM, CHROMIUM_ARGS, launch_chromium
from playground_harness.server import ROOT, StreamlitServer, free_port

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "ROOT", "StreamlitServer", "free_port", "launch_chromium"]
