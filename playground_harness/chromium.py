"""The system Chromium (/usr/bin/chromium, never a downloaded one) under Playwright, headless.

The launch flags are the ones this machine needs (docs/design.md, "Testing in a real browser").
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright, profile_dir: str | Path, width: int = 1400, height: int = 1000):
    """A persistent headless Chromium context with a fresh profile in `profile_dir`."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(
            f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` "
            "(never `playwright install`)."
        )
    return playwright.chromium.launch_persistent_context(
        user_data_dir=str(profile_dir),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": width, "height": height},
    )
