// The weight editor: a small panel over the network diagram that shows one weight (or one
// neuron's bias) and sets it, typed into its box or dragged on its slider. The new value goes to
// Python through the outbox as a view event, and the network trains on from it:
//   {"action": "weight", "layer": l, "source": i, "target": j, "value": v}  W[i, j] of layer l
//   {"action": "bias", "layer": l, "target": j, "value": v}                 b[j] of layer l
// (l counts the dense layers from 0; i and j are node indices in the columns l and l + 1), each
// with the `network` of the frame it was made on, so Python drops it after a rebuild; values are
// kept within the frame's `edit_limit`, and the editor says so when it clips one.
// It opens on a click on a link or on a row of the pinned node card (keyboard: Tab to the row,
// Enter); Enter or leaving the box applies, Escape closes.
//
// Test ids: weight-editor (the panel), weight-input (its number box), weight-slider.

import { el, setText } from "./dom.js";
import { parameterOffsets, sameArray } from "./util.js";

const DEFAULT_NOTE = "Enter sets it; training goes on from the new value.";
const EDITOR = {
  sliderSpan: 5, // the slider runs from −span to +span; the box takes any number
  step: 0.01,
  holdMs: 1500, // after a change, frames still in flight show the old value: keep ours this long
};

export class WeightEditor {
  constructor(outbox) {
    this.outbox = outbox;
    this.target = null; // {kind: "weight" | "bias", layer, source, target, name}
    this.heldUntil = 0;
    this.typed = false; // the box holds a value the student typed and has not applied yet
    this.input = el("input", {
      type: "text",
      inputmode: "decimal",
      "data-testid": "weight-input",
      "aria-label": "New value",
    });
    this.slider = el("input", {
      type: "range",
      min: String(-EDITOR.sliderSpan),
      max: String(EDITOR.sliderSpan),
      step: String(EDITOR.step),
      "data-testid": "weight-slider",
      "aria-label": "Drag to change the value",
    });
    this.title = el("span");
    this.note = el("div", { className: "lv-card-pin", text: DEFAULT_NOTE });
    this.frame = null; // the latest frame: its network id and edit limit
    const close = el("button", { type: "button", className: "lv-editor-close", text: "×" });
    close.setAttribute("aria-label", "Close the editor");
    this.panel = el("div", { className: "lv-editor", hidden: "", "data-testid": "weight-editor" }, [
      el("div", { className: "lv-card-head" }, [this.title, close]),
      el("div", { className: "lv-editor-row" }, [this.input, this.slider]),
      this.note,
    ]);
    this.panel.setAttribute("role", "dialog");
    close.addEventListener("click", () => this.close());
    this.returnFocus = null; // set by the view: where the keyboard goes when Escape closes
    this.input.addEventListener("input", () => {
      this.typed = true;
    });
    this.input.addEventListener("change", () => this.apply(typedNumber(this.input.value)));
    this.input.addEventListener("keydown", (e) => this.onKey(e));
    this.slider.addEventListener("input", () => {
      this.input.value = this.slider.value;
      this.heldUntil = performance.now() + EDITOR.holdMs;
    });
    this.slider.addEventListener("change", () => this.apply(Number(this.slider.value)));
    this.slider.addEventListener("keydown", (e) => this.onKey(e));
  }

  /** Show `target`'s value from frame `f` and put the keyboard in the box. */
  open(target, f, layers) {
    this.target = target;
    this.layers = layers;
    this.heldUntil = 0;
    this.typed = false;
    setText(this.note, DEFAULT_NOTE);
    const what = target.kind === "bias" ? `Bias of ${target.name}` : `Weight ${target.name}`;
    setText(this.title, what);
    this.panel.setAttribute("aria-label", `Edit the ${what.toLowerCase()}`);
    this.panel.hidden = false;
    this.update(f, true);
    this.input.focus();
    this.input.select();
  }

  close() {
    this.target = null;
    this.panel.hidden = true;
  }

  /** Whether the parameter being edited still exists: the network has the same columns. */
  fits(layers) {
    return !this.target || sameArray(layers, this.layers);
  }

  /** Follow the value as training changes it, unless the student has typed one or just set it. */
  update(f, force = false) {
    this.frame = f;
    if (!this.target) return;
    if (!force && (this.typed || performance.now() < this.heldUntil)) return;
    const value = parameterValue(f, this.layers, this.target);
    if (!Number.isFinite(value)) return;
    const text = String(+value.toFixed(4));
    if (this.input.value !== text) {
      const box = this.input;
      const all = box.selectionStart === 0 && box.selectionEnd === box.value.length;
      box.value = text;
      if (all && this.panel.getRootNode().activeElement === box) box.select(); // typing replaces
    }
    this.slider.value = String(value);
  }

  onKey(e) {
    if (e.key === "Enter") {
      e.preventDefault();
      this.apply(typedNumber(this.input.value));
    } else if (e.key === "Escape") {
      e.preventDefault();
      this.close();
      this.returnFocus?.(); // back to the diagram, where the keyboard came from
    }
  }

  apply(typed) {
    const invalid = !Number.isFinite(typed);
    this.input.toggleAttribute("aria-invalid", invalid); // outlined red: not a number
    if (!this.target || invalid) return;
    const limit = this.frame?.edit_limit ?? Infinity;
    const value = Math.max(-limit, Math.min(limit, typed));
    const clipped = `Set to ${value}: weights stay within ±${limit}.`;
    setText(this.note, value === typed ? DEFAULT_NOTE : clipped);
    if (value !== typed) this.input.value = String(value);
    const { kind, layer, source, target } = this.target;
    const event = { action: kind, layer, target, value, network: this.frame?.network ?? 0 };
    if (kind === "weight") event.source = source;
    this.heldUntil = performance.now() + EDITOR.holdMs;
    this.typed = false;
    this.slider.value = String(value);
    this.outbox.post(event);
  }
}

/** A typed number: "0.5", "-2", "1,5" or "−3" (a real minus sign); NaN for anything else. */
function typedNumber(text) {
  const plain = text.trim().replace(",", ".").replace("−", "-");
  return plain === "" ? NaN : Number(plain);
}

/** The weight or bias `target` names, read from frame `f` (a diagram of columns `layers`). */
export function parameterValue(f, layers, target) {
  const start = parameterOffsets(layers, target.layer);
  if (target.kind === "bias") return f.biases[start.biases + target.target];
  return f.weights[start.weights + target.source * layers[target.layer + 1] + target.target];
}
