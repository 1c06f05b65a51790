// Drawing points on the output heatmap (draw mode), with the mouse or the keyboard.
//
// Optional frame key `draw`: {"enabled": bool, "label": number}, the class index for
// classification or the target value for regression. In draw mode the heatmap takes a
// crosshair cursor and sends events through the component's trigger value "draw":
//   click                         {"action": "add", "x": number, "y": number, "label": number}
//   shift-click or right-click    {"action": "remove", "index": int}  (nearest shown point within
//                                 DRAW.hitRadius CSS px; index into the frame's points; nothing
//                                 is sent when no point is that close)
//   keyboard (heatmap focused)    arrow keys move a cursor (Shift: bigger steps), Enter adds a
//                                 point at its centre, Delete/Backspace removes the nearest point.
// Each event also carries "id" (unique per view and event) so Python can drop a repeated
// delivery; frames list the ids Python handled in `draw_ack`, and an event is sent again until
// its id comes back (outbox.js), so the page must pass `on_draw` to mount_live_view in draw mode.
// x and y are data coordinates (the frame's bounds), from the heatmap's on-screen box, so CSS
// scaling and devicePixelRatio do not matter.

import { pointColour } from "./colours.js";
import { el } from "./dom.js";
import { formatSigned } from "./format.js";
import { OUTPUT_LABEL } from "./layout.js";
import { clamp } from "./util.js";

const DRAW = {
  hitRadius: 8, // CSS px: how close a shift-click or right-click must be to a point to remove it
  keySteps: 48, // the keyboard cursor moves by 1/keySteps of the plot per arrow key press
  bigStep: 4, // ... and by this many steps with Shift held
};
const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

/** How a label is named in the draw-mode caption: "class 1" or "value +0.50". */
function drawLabelText(f, label) {
  if (f.problem === "regression") return `value ${formatSigned(label, 2)}`;
  return `class ${Math.round(label)}`;
}

export class DrawMode {
  /** `plot` (OutputPlot) knows the plot's size; `outbox` (Outbox) delivers the events. */
  constructor(dom, plot, outbox) {
    this.dom = dom;
    this.plot = plot;
    this.outbox = outbox;
    this.frame = null; // the frame drawn last
    this.settings = null; // the frame's `draw` settings while draw mode is on, else null
    this.key = ""; // what the draw caption and labels were last set for
    this.cursor = null; // keyboard cursor [x, y] in data coordinates (null: not placed yet)
    this.bind();
  }

  /** Clicks, right-clicks and keys on the heatmap; they only act in draw mode. */
  bind() {
    const heat = this.dom.heat;
    heat.addEventListener("click", (e) => {
      if (!this.settings || !this.frame) return;
      if (e.shiftKey) this.removeNear(e.clientX, e.clientY);
      else this.addAt(e.clientX, e.clientY);
    });
    heat.addEventListener("contextmenu", (e) => {
      if (!this.settings || !this.frame) return;
      e.preventDefault(); // no browser menu: right-click removes
      this.removeNear(e.clientX, e.clientY);
    });
    heat.addEventListener("keydown", (e) => this.onKey(e));
    // The keyboard cursor shows for keyboard focus only, not after a mouse click.
    heat.addEventListener("focus", () => this.showCursor(heat.matches(":focus-visible")));
    heat.addEventListener("blur", () => this.showCursor(false));
  }

  /** Follow the frame's `draw` settings: crosshair, focusability, caption (only on change). */
  update(f) {
    this.frame = f;
    const draw = f.draw && f.draw.enabled ? f.draw : null;
    const key = draw ? JSON.stringify([Number(draw.label), f.problem, f.n_classes]) : "";
    if (key === this.key) return;
    this.key = key;
    this.settings = draw;
    const d = this.dom;
    d.plot.classList.toggle("lv-drawing", !!draw);
    d.drawCaption.hidden = !draw;
    if (!draw) {
      d.heat.removeAttribute("tabindex");
      d.heat.setAttribute("role", "img");
      d.heat.setAttribute("aria-label", OUTPUT_LABEL);
      this.showCursor(false);
      return;
    }
    // Focusable, and an "application" so that screen readers pass the arrow keys through.
    d.heat.tabIndex = 0;
    d.heat.setAttribute("role", "application");
    const what = drawLabelText(f, Number(draw.label));
    d.heat.setAttribute(
      "aria-label",
      `Output, draw mode. Arrow keys move the cursor, Enter adds a ${what} point, ` +
        "Delete removes the point under the cursor.",
    );
    d.drawCaption.replaceChildren(
      el("b", { text: "Draw: " }),
      "click adds a",
      el("i", { style: `background:${pointColour(f, Number(draw.label))}` }),
      `${what} point; shift-click or right-click a point removes it. Keyboard: Tab to the ` +
        "plot, arrow keys move the cursor (Shift: faster), Enter adds, Delete removes.",
    );
  }

  /** Data coordinates [x, y] of a screen position (client CSS px) over the heatmap. */
  dataAt(clientX, clientY) {
    // The on-screen box already includes CSS scaling; the canvas's own pixel size and the
    // devicePixelRatio play no part.
    const rect = this.dom.heat.getBoundingClientRect();
    const [lo, hi] = this.frame.bounds;
    const u = (clientX - rect.left) / rect.width; // 0 at the left edge, 1 at the right
    const v = (clientY - rect.top) / rect.height; // 0 at the top edge, 1 at the bottom
    return [lo + u * (hi - lo), hi - v * (hi - lo)];
  }

  /** Index (into the frame's points) of the shown point nearest a screen position, or -1. */
  pointNear(clientX, clientY, radius = DRAW.hitRadius) {
    const f = this.frame;
    const rect = this.dom.heat.getBoundingClientRect();
    const [lo, hi] = f.bounds;
    const sx = rect.width / (hi - lo);
    const sy = rect.height / (hi - lo);
    const n = Math.min(f.labels.length, f.points.length >> 1);
    let best = -1;
    let bestSquared = radius * radius;
    for (let i = 0; i < n; i++) {
      if (f.is_test[i] && !f.show_test) continue; // hidden points cannot be picked
      const dx = rect.left + (f.points[2 * i] - lo) * sx - clientX;
      const dy = rect.top + (hi - f.points[2 * i + 1]) * sy - clientY;
      const squared = dx * dx + dy * dy;
      if (squared <= bestSquared) {
        bestSquared = squared;
        best = i;
      }
    }
    return best;
  }

  /** Send an "add" event for the point under a screen position. */
  addAt(clientX, clientY) {
    const [x, y] = this.dataAt(clientX, clientY);
    this.cursor = [x, y]; // the keyboard cursor continues from the last click
    this.addPoint(x, y);
  }

  addPoint(x, y) {
    const label = Number(this.settings.label);
    const round = (v) => Math.round(v * 1e4) / 1e4;
    this.outbox.post({ action: "add", x: round(x), y: round(y), label });
    this.announce(`Added a ${drawLabelText(this.frame, label)} point at ${round(x)}, ${round(y)}.`);
  }

  /** Send a "remove" event for the nearest point within DRAW.hitRadius, if there is one. */
  removeNear(clientX, clientY) {
    const index = this.pointNear(clientX, clientY);
    if (index < 0) {
      this.announce("No point there to remove.");
      return;
    }
    this.outbox.post({ action: "remove", index });
    this.announce(`Removed point ${index + 1}.`);
  }

  announce(text) {
    // Same text twice in a row would not be read again: alternate a trailing space.
    const d = this.dom.announcer;
    d.textContent = d.textContent === text ? `${text} ` : text;
  }

  /** Arrow keys move the keyboard cursor, Enter adds a point there, Delete removes one. */
  onKey(e) {
    const f = this.frame;
    if (!this.settings || !f) return;
    const [lo, hi] = f.bounds;
    const step = ((hi - lo) / DRAW.keySteps) * (e.shiftKey ? DRAW.bigStep : 1);
    const cursor = this.keyboardCursor(f);
    if (e.key in MOVES) {
      const [dx, dy] = MOVES[e.key];
      cursor[0] = clamp(cursor[0] + dx * step, lo, hi);
      cursor[1] = clamp(cursor[1] + dy * step, lo, hi);
    } else if (e.key === "Enter") {
      this.addPoint(cursor[0], cursor[1]);
    } else if (e.key === "Delete" || e.key === "Backspace") {
      const rect = this.dom.heat.getBoundingClientRect();
      const clientX = rect.left + ((cursor[0] - lo) / (hi - lo)) * rect.width;
      const clientY = rect.top + ((hi - cursor[1]) / (hi - lo)) * rect.height;
      this.removeNear(clientX, clientY);
    } else {
      return;
    }
    e.preventDefault();
    this.showCursor(true);
  }

  /** The keyboard cursor, placed at the centre of the plane at first and kept inside it. */
  keyboardCursor(f) {
    const [lo, hi] = f.bounds;
    if (!this.cursor) this.cursor = [(lo + hi) / 2, (lo + hi) / 2];
    this.cursor = this.cursor.map((v) => clamp(v, lo, hi));
    return this.cursor;
  }

  showCursor(visible) {
    const show = visible && !!this.settings && !!this.frame;
    this.dom.plot.classList.toggle("lv-focus", show);
    if (show) this.placeCursor(this.frame);
    this.dom.cursor.hidden = !show;
  }

  /** Put the cursor element at the keyboard cursor (after a relayout too). */
  placeCursor(f) {
    const [lo, hi] = f.bounds;
    const [x, y] = this.keyboardCursor(f);
    const size = this.plot.size;
    this.dom.cursor.style.left = `${((x - lo) / (hi - lo)) * size}px`;
    this.dom.cursor.style.top = `${((hi - y) / (hi - lo)) * size}px`;
  }
}
