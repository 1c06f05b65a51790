"""Buttons whose click acts exactly once, even when Streamlit delivers the click twice.

Under load Streamlit can run a button's callback again for one click when the click lands while a
live fragment reruns (its "replay" of triggers that a fragment-scoped rerun would otherwise lose)
— even seconds later, and with the arguments of the button's newest drawing. Seen in the browser
tests: a Pause undone at once, a Play that paused. So each button's widget key carries how many of
its clicks were handled ('main:play:3'), and a callback acts only when its count is the current
one: a replayed click finds its count stale and does nothing. The button sits in a container keyed
by its stable name, so the page's CSS (`.st-key-main-play`, used to hide controls in classroom
links) and the tests can still find it. A new key makes a new button in the browser, which would
drop the keyboard focus on every Play/Pause: `keep_button_focus` mounts a tiny script, once per
page, that hands the focus to the new button of the same container.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from playground.ui.workarounds.session_lock import serialized

CLICKS_KEY = "once-buttons:clicks"  # handled clicks per button name
FOCUS_KEEPER_KEY = "button-focus-keeper"

# When a focused button leaves the page (replaced under a new key) while nothing else took the
# focus, and the user works with the keyboard, focus the one visible button of the innermost keyed
# container (`st-key-…`) still there.
FOCUS_JS = """
export default function keepButtonFocus() {
  if (window.__playgroundFocusKeeper) return;
  window.__playgroundFocusKeeper = true;
  let last = null;
  let keyboard = false; // only keyboard users need the focus back (it also shows the tooltip)
  document.addEventListener("keydown", () => { keyboard = true; }, true);
  document.addEventListener("pointerdown", () => { keyboard = false; }, true);
  document.addEventListener("focusin", (event) => {
    const button = event.target.closest ? event.target.closest("button") : null;
    const holders = [];
    for (let node = button; node; node = node.parentElement) {
      const name = [...node.classList].find((c) => c.startsWith("st-key-"));
      if (name) holders.push(name);
    }
    last = holders.length ? { button, holders, lostAt: 0 } : null;
  });
  setInterval(() => {
    if (!last || !keyboard || last.button.isConnected) return;
    const active = document.activeElement;
    if (active && active !== document.body) { last = null; return; }
    last.lostAt ||= performance.now();
    for (const name of last.holders) {
      const buttons = [...document.querySelectorAll(`.${CSS.escape(name)} button`)]
        .filter((button) => button.checkVisibility());
      if (buttons.length === 1) { buttons[0].focus(); return; }
    }
    if (performance.now() - last.lostAt > 5000) last = null;
  }, 50);
}
"""
_FOCUS_KEEPER = st.components.v2.component("playground_button_focus", js=FOCUS_JS)


def clicks(name: str) -> int:
    """How many clicks of button `name` were handled in this session."""
    return st.session_state.setdefault(CLICKS_KEY, {}).get(name, 0)


def button_key(name: str) -> str:
    """The widget key of button `name` now: 'main:play:3' after three handled clicks."""
    return f"{name}:{clicks(name)}"


@serialized
def _handle_once(name: str, count: int, action: Callable[[], None]) -> None:
    if clicks(name) == count:
        st.session_state[CLICKS_KEY][name] = count + 1
        action()


def once_button(container, name: str, label: str, action: Callable[[], None], **options) -> bool:
    """Draw button `name` in `container`; a click runs `action` once."""
    with container.container(key=name, width=options.get("width", "content")):
        return st.button(
            label,
            key=button_key(name),
            on_click=_handle_once,
            args=(name, clicks(name), action),
            **options,
        )


def keep_button_focus() -> None:
    """Mount, once per page run, the script that keeps the focus on a re-keyed button."""
    st.html(f"<style>.st-key-{FOCUS_KEEPER_KEY} {{ display: none; }}</style>")
    _FOCUS_KEEPER(key=FOCUS_KEEPER_KEY)
