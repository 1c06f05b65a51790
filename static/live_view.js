/**
 * Live view of the neural network playground: the picture a student watches while a network trains.
 *
 * Loaded once per page by the tiny inline loader that playground/ui/live_view.py registers as a
 * Streamlit `st.components.v2` component; Streamlit then calls the default export again with new
 * `data` for every frame (the component is keyed, so `parentElement` stays the same). Everything a
 * frame needs arrives in one binary message (format below); the DOM and the canvases are created
 * once per mount and only updated afterwards, and drawing happens in requestAnimationFrame, at
 * most one frame per display refresh. While training plays, one message brings a batch of frames
 * (each Streamlit run costs the browser tens of milliseconds of page re-rendering, so the server
 * runs 5 times a second and sends ten frames each time); they are played back at the spacing
 * the batch gives, so the picture moves at 50 frames per second (see `receive`).
 *
 * Wire format (written by `encode_payload` and `encode_batch` in playground/ui/live_view.py):
 *   a frame: bytes 0..3 "PGLV", bytes 4..7 uint32 LE header length H, bytes 8..8+H JSON header,
 *   then, from the next multiple of 4, the arrays; the header replaces each array by
 *   {"$a": [offset, count, "f32" | "u8"]} (offset from the start of the array section).
 *   a batch: "PGLB", uint32 count, uint32 spacing in µs, then per frame a uint32 length and the
 *   frame's bytes, padded to 4.
 *   Maps (output, output_conf, neurons) come quantized to u8: code = round((v + 1) * 127.5) for
 *   values in [-1, 1], round(p * 255) for the confidence, the class index itself for multiclass.
 *   The header holds the payload contract (REQUIRED_KEYS, OPTIONAL_KEYS in live_view.py); numbers
 *   that are not finite travel as null (shown as "–"). `status` is "playing", "paused",
 *   "diverged" or "no_data" (no training points); for the last two the banner over the output
 *   shows `status_text` (a neutral sentence when it is ""). Set by encode_payload: `presenter`
 *   (true: all text PRESENTER_SCALE times larger), `view_height`, `draw_ack`.
 *
 * Test ids (all inside the component's shadow root; Playwright selectors pierce it):
 *   live-view (root), live-status (the status line: role=status, aria-live=polite, aria-busy
 *   while playing so screen readers announce the numbers once training stops), and in it
 *   epoch-counter (the epoch as plain digits), train-loss, test-loss (3 decimals, "–" when not a
 *   number), train-metric, test-metric ("97.5 %" for accuracy, "0.912" for R², or "–"),
 *   run-status (playing, paused, diverged or "no data"; data-status holds the status itself);
 *   frame-counter (visually hidden: payload frame of the last drawn frame);
 *   network-diagram (canvas; its links are on the canvas.lv-links under it), node-detail (the
 *   hover/pinned node card), link-note;
 *   output-heatmap (canvas), status-banner (over it: why training stopped or cannot start);
 *   loss-chart, metric-chart (canvases) with chart-train-loss,
 *   chart-test-loss, chart-train-metric, chart-test-metric (their current values as text).
 *   The root also carries data-frame (payload frame number), data-frames-received (messages
 *   decoded) and data-frames-drawn (animation frames drawn) for measurements.
 *   download-output, download-network: the "Download PNG" buttons (accessible names "Download PNG
 *   of the output" / "... of the network"); draw-caption: the draw-mode help under the heatmap;
 *   draw-cursor: the keyboard cursor over the heatmap.
 *
 * Drawing points (optional payload key `draw`: {"enabled": bool, "label": number}, the class
 * index for classification or the target value for regression). In draw mode the heatmap takes
 * a crosshair cursor and sends events through the component's trigger value "draw":
 *   click                         {"action": "add", "x": number, "y": number, "label": number}
 *   shift-click or right-click    {"action": "remove", "index": int}  (nearest shown point within
 *                                 DRAW.hitRadius CSS px; index into the payload's points; nothing
 *                                 is sent when no point is that close)
 *   keyboard (heatmap focused)    arrow keys move a cursor (Shift: bigger steps), Enter adds a
 *                                 point at its centre, Delete/Backspace removes the nearest point.
 * Each event also carries "id" (unique per view and event) so Python can drop a repeated delivery;
 * frames list the ids Python handled in `draw_ack`, and an event is sent again until its id comes
 * back (see checkOutbox), so the page must pass `on_draw` to mount_live_view in draw mode.
 * x and y are data coordinates (the payload's bounds), from the heatmap's on-screen box, so CSS
 * scaling and devicePixelRatio do not matter.
 */

// ---------------------------------------------------------------------------------------------
// Colours
// ---------------------------------------------------------------------------------------------

const NEGATIVE = [245, 147, 34]; // #f59322, TF Playground orange (-1)
const NEUTRAL = [232, 234, 235]; // #e8eaeb, TF Playground grey (0)
const POSITIVE = [8, 119, 189]; // #0877bd, TF Playground blue (+1)
const NEGATIVE_CSS = "#f59322";
const POSITIVE_CSS = "#0877bd";
// Okabe–Ito (without black), then Paul Tol's muted and light sets for more than seven classes.
const CLASS_COLOURS = [
  "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
  "#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#DDCC77",
  "#CC6677", "#88CCEE", "#EE8866", "#BBCC33", "#77AADD", "#FFAABB",
];
// Train and test, the same everywhere in the view (curves, points, legends, exports):
const TRAIN_LINE = "currentColor"; // train curves: the theme's text colour (#31333F), solid
const TEST_LINE = "#CC79A7"; // test curves: Okabe–Ito reddish purple, dashed
const TRAIN_OUTLINE = "#fff"; // train points: filled with their class colour, white outline
const TEST_OUTLINE = "#000"; // test points: the same fill, black outline
// A link whose |weight| is below ZERO_WEIGHT (rounds to 0.000) carries nothing: thin dashed grey.
const ZERO_WEIGHT = 5e-4;
const ZERO_CSS = "#a3a9af";
// How strongly the output background is coloured (points are drawn at full strength on top).
const BACKGROUND_STRENGTH = 0.72;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Pack an opaque RGB colour into one Uint32 as ImageData expects it in memory. */
function packRgb(r, g, b) {
  return LITTLE_ENDIAN
    ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0
    : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
}

function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(a, b, t) {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t));
}

/** Diverging colour of v in [-1, 1] as [r, g, b]; `strength` < 1 keeps it paler. */
function diverging(v, strength = 1) {
  const t = Math.min(1, Math.abs(v)) * strength;
  return mix(NEUTRAL, v < 0 ? NEGATIVE : POSITIVE, t);
}

function cssRgb([r, g, b]) {
  return `rgb(${r},${g},${b})`;
}

/** Inline style of a legend's line swatch. */
function lineStyle(colour, dashed) {
  return `height:0;border-top:2px ${dashed ? "dashed" : "solid"} ${colour};background:none`;
}

function classColour(c) {
  return CLASS_COLOURS[c % CLASS_COLOURS.length];
}

/** Lookup tables from a quantized code (0..255) to a packed pixel. */
function divergingLut(strength, discretize) {
  const lut = new Uint32Array(256);
  for (let q = 0; q < 256; q++) {
    let v = q / 127.5 - 1;
    if (discretize) v = v < 0 ? -1 : 1;
    lut[q] = packRgb(...diverging(v, strength));
  }
  return lut;
}

/** Multiclass: per class, 256 confidence codes -> class colour blended over grey by confidence. */
function classLut(nClasses, discretize) {
  const lut = new Uint32Array(Math.max(1, nClasses) * 256);
  const chance = 1 / Math.max(2, nClasses);
  for (let c = 0; c < nClasses; c++) {
    const rgb = hexToRgb(classColour(c));
    for (let q = 0; q < 256; q++) {
      const sure = discretize ? 1 : Math.max(0, (q / 255 - chance) / (1 - chance));
      lut[c * 256 + q] = packRgb(...mix(NEUTRAL, rgb, (0.2 + 0.8 * sure) * BACKGROUND_STRENGTH));
    }
  }
  return lut;
}

// ---------------------------------------------------------------------------------------------
// Decoding one frame
// ---------------------------------------------------------------------------------------------

const TEXT_DECODER = new TextDecoder();
const MAGIC = "PGLV";
const BATCH_MAGIC = "PGLB";

// Views whose frames carry the same `sync` name (the compare page's two sides) show frame N at
// the same moment: the first view to receive frame N sets its time for all of them.
const SYNC_DUE = new Map(); // "sync:frame" -> due time (ms, performance.now), oldest first

function dueTime(frame, due) {
  if (!frame.sync) return due;
  const id = `${frame.sync}:${frame.frame}`;
  const shared = SYNC_DUE.get(id) ?? due;
  SYNC_DUE.set(id, shared);
  for (const old of SYNC_DUE.keys()) {
    if (SYNC_DUE.size <= 256) break;
    SYNC_DUE.delete(old);
  }
  return shared;
}

/** The frames of one message: a single frame, or a batch to show `spacing` ms apart. */
function decodeMessage(data) {
  let bytes = data;
  if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
  if (!(bytes instanceof Uint8Array)) throw new Error("live view: expected binary frame data");
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== BATCH_MAGIC) return { frames: [decodeFrame(bytes)], spacing: 0 };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const spacing = view.getUint32(8, true) / 1000; // µs on the wire, ms here
  const frames = [];
  for (let i = 0, at = 12; i < count; i += 1) {
    const length = view.getUint32(at, true);
    frames.push(decodeFrame(bytes.subarray(at + 4, at + 4 + length)));
    at += 4 + length + (-length & 3);
  }
  return { frames, spacing };
}

/** Turn one frame's bytes into a frame object with typed-array views (one aligned copy). */
function decodeFrame(bytes) {
  // The view may sit at an unaligned offset of the websocket message: copy it once.
  const buffer = bytes.slice().buffer;
  const view = new DataView(buffer);
  const magic = String.fromCharCode(...new Uint8Array(buffer, 0, 4));
  if (magic !== MAGIC) throw new Error(`live view: bad frame header ${JSON.stringify(magic)}`);
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(TEXT_DECODER.decode(new Uint8Array(buffer, 8, headerLength)));
  const base = (8 + headerLength + 3) & ~3;
  const resolve = (value) => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== "object") return value;
    if ("$a" in value) {
      const [offset, count, dtype] = value.$a;
      return dtype === "u8"
        ? new Uint8Array(buffer, base + offset, count)
        : new Float32Array(buffer, base + offset, count);
    }
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolve(v);
    return out;
  };
  const frame = resolve(header);
  // Non-finite numbers travel as null (older messages: "NaN", "Infinity"): NaN here, never 0.
  for (const k of ["train_loss", "test_loss", "train_metric", "test_metric"]) {
    frame[k] = frame[k] == null ? NaN : Number(frame[k]);
  }
  return frame;
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

const MISSING = "–"; // a number that is not one (NaN, ±∞, null on the wire)

function formatNumber(v, digits = 3) {
  if (!Number.isFinite(v)) return MISSING;
  if (Math.abs(v) >= 1000) return v.toExponential(2);
  return v.toFixed(digits);
}

function formatSigned(v, digits = 3) {
  const s = formatNumber(v, digits);
  return Number.isFinite(v) && v > 0 ? `+${s}` : s.replace("-", "−");
}

/** A weight as the node card lists it: "0.000", without a sign, below ZERO_WEIGHT. */
function formatWeight(w) {
  return Math.abs(w) < ZERO_WEIGHT ? "0.000" : formatSigned(w);
}

function formatMetric(v, name) {
  if (!Number.isFinite(v)) return MISSING;
  return name === "accuracy" ? `${(v * 100).toFixed(1)} %` : v.toFixed(3);
}

/** A short, "nice" number >= v (1, 2, 2.5, 5 x 10^k), for axis maxima. */
function niceCeil(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v * 0.999) return m * p;
  return 10 * p;
}

/** An axis label: 0.5, 250, 1,000, 12,500 (never exponent notation), with a real minus sign. */
function formatTick(v) {
  const text = Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en") : String(+v.toPrecision(3));
  return text.replace("-", "−");
}

// ---------------------------------------------------------------------------------------------
// DOM helpers and style
// ---------------------------------------------------------------------------------------------

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (k === "className") node.className = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

/** A small "Download PNG" button; `what` ("output" or "network") names it for screen readers. */
function downloadButton(what) {
  return el("button", {
    type: "button",
    className: "lv-download",
    "data-testid": `download-${what}`,
    "aria-label": `Download PNG of the ${what}`,
    title: `Save the ${what} as a PNG image`,
    text: "Download PNG",
  });
}

/** A blank canvas for an export, `width` x `height` CSS px drawn at EXPORT_SCALE or more. */
function exportCanvas(width, height, background) {
  const scale = Math.max(EXPORT_SCALE, window.devicePixelRatio || 1);
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext("2d");
  ctx.scale(scale, scale);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  return { canvas, ctx };
}

/** Save a canvas as a PNG file: canvas.toBlob + a temporary <a download> link, all client-side. */
function saveCanvas(canvas, fileName) {
  canvas.toBlob((blob) => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: fileName, style: "display:none" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }, "image/png");
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

/** Set text only when it changed: no needless DOM mutations at 40+ frames per second. */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** A CSS length that grows in presenter mode: n px times --lv-scale (PRESENTER_SCALE or 1). */
const px = (n) => `calc(${n}px * var(--lv-scale, 1))`;

const STYLE = `
.lv-root { font-family: var(--st-font, "Source Sans Pro", system-ui, sans-serif);
  color: var(--st-text-color, #31333f); font-size: ${px(14)}; line-height: 1.35;
  display: flex; flex-direction: column; gap: 10px;
  overflow-wrap: normal; word-break: normal; hyphens: manual; } /* never split a word */
.lv-root :focus:not(:focus-visible) { outline: none; } /* focus rings for the keyboard only */
.lv-root *, .lv-root *::before, .lv-root *::after { box-sizing: border-box; }
.lv-root.lv-fixed { overflow: hidden; }
.lv-root [hidden] { display: none !important; }
.lv-status { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: ${px(18)};
  row-gap: 2px; padding: 8px 14px; border-radius: var(--st-base-radius, 8px);
  background: var(--st-secondary-background-color, #f0f2f6); font-variant-numeric: tabular-nums; }
.lv-stat, .lv-pair { white-space: nowrap; }
.lv-pair { display: flex; align-items: baseline; column-gap: inherit; }
.lv-label { opacity: 0.72; margin-right: 4px; }
.lv-epoch .lv-label { font-size: ${px(13)}; text-transform: uppercase; letter-spacing: 0.06em; }
.lv-epoch .lv-value { font-size: ${px(22)}; font-weight: 650; }
.lv-stat .lv-value { font-weight: 600; }
.lv-dot { opacity: 0.4; margin: 0 ${px(-10)}; }
.lv-badge { margin-left: auto; align-self: center; font-size: ${px(12)}; font-weight: 600;
  letter-spacing: 0.05em; text-transform: uppercase; padding: 2px 10px 2px 8px;
  border-radius: 999px; background: rgba(128, 128, 128, 0.16); white-space: nowrap; }
.lv-badge::before { content: ""; display: inline-block; width: ${px(8)}; height: ${px(8)};
  margin-right: 6px; border-radius: 50%; background: #8a9199; vertical-align: 0; }
.lv-badge[data-status="playing"]::before { background: #009E73; }
.lv-badge[data-status="diverged"]::before { background: #D55E00; }
.lv-badge[data-status="diverged"] { background: rgba(213, 94, 0, 0.18); }
.lv-badge[data-status="no_data"]::before { background: none; box-shadow: inset 0 0 0 1.5px #8a9199;
}
.lv-main { display: grid; grid-template-columns: minmax(0, 1fr) var(--lv-side-w, 320px);
  gap: 12px; align-items: stretch; }
.lv-main.lv-stacked { grid-template-columns: minmax(0, 1fr); }
.lv-fixed .lv-main { flex: 1 1 auto; min-height: 0; grid-template-rows: minmax(0, 1fr); }
.lv-fixed .lv-side { overflow-y: auto; }
.lv-panel { border: 1px solid var(--st-border-color-light, rgba(49, 51, 63, 0.12));
  border-radius: var(--st-base-radius, 8px); padding: 8px 10px; min-width: 0; }
.lv-title { font-size: ${px(12)}; font-weight: 600; letter-spacing: 0.05em;
  text-transform: uppercase; opacity: 0.7; margin: 0 0 4px; }
.lv-net { position: relative; display: flex; flex-direction: column; min-height: 260px; }
.lv-net-scroll { position: relative; flex: 1 1 0; min-height: 0; overflow: auto;
  overscroll-behavior: contain; }
.lv-net-scroll canvas { position: relative; display: block; outline: none; }
.lv-net-scroll canvas.lv-links { position: absolute; left: 0; top: 0; pointer-events: none; }
.lv-net-scroll canvas:focus-visible {
  box-shadow: inset 0 0 0 2px var(--st-primary-color, #ff4b4b); }
.lv-caption { font-size: ${px(12)}; opacity: 0.7; margin-top: 4px; }
.lv-swatch { display: inline-block; width: ${px(14)}; height: 3px; border-radius: 2px;
  vertical-align: middle; margin: 0 3px 0 6px; }
.lv-side { display: flex; flex-direction: column; gap: 10px; min-width: 0; }
.lv-plot-wrap { position: relative; margin: 2px 0 0 ${px(40)}; }
.lv-plot { position: relative; border-radius: 2px; overflow: hidden;
  box-shadow: 0 0 0 1px rgba(0, 0, 0, 0.15); }
.lv-plot canvas { position: absolute; left: 0; top: 0; display: block; }
.lv-plot canvas.lv-crisp { image-rendering: pixelated; }
.lv-plot canvas.lv-overlay { pointer-events: none; }
.lv-plot.lv-drawing canvas { cursor: crosshair; outline: none; }
.lv-plot.lv-focus { box-shadow: 0 0 0 2px var(--st-primary-color, #ff4b4b); }
.lv-cursor { position: absolute; width: 19px; height: 19px; margin: -9px 0 0 -9px;
  pointer-events: none; border-radius: 50%; border: 2px solid #fff;
  box-shadow: 0 0 0 1px #000, inset 0 0 0 1px #000; }
.lv-cursor::before, .lv-cursor::after { content: ""; position: absolute; background: #000; }
.lv-cursor::before { left: 7.5px; top: -7px; width: 1px; height: 29px; }
.lv-cursor::after { top: 7.5px; left: -7px; height: 1px; width: 29px; }
.lv-title-row { display: flex; align-items: center; justify-content: space-between; gap: 8px;
  margin: 0 0 4px; }
.lv-title-row .lv-title { margin: 0; }
.lv-download { font: inherit; font-size: ${px(11)}; line-height: 1.4; padding: 1px 9px;
  border-radius: 999px; border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  background: transparent; color: inherit; cursor: pointer; opacity: 0.75; white-space: nowrap; }
.lv-download:hover { opacity: 1; border-color: var(--st-primary-color, #ff4b4b); }
.lv-download:focus-visible { opacity: 1; outline: 2px solid var(--st-primary-color, #ff4b4b);
  outline-offset: 1px; }
.lv-draw-caption { margin-top: 6px; }
.lv-draw-caption i { display: inline-block; width: ${px(10)}; height: ${px(10)}; border-radius: 50%;
  margin: 0 3px -1px; box-shadow: 0 0 0 1px #fff, 0 0 0 2px #999; }
.lv-tick { position: absolute; font-size: ${px(11)}; opacity: 0.7; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
.lv-axis { position: absolute; font-size: ${px(12)}; opacity: 0.75; font-style: italic; }
.lv-banner { position: absolute; left: 8px; right: 8px; top: 8px; padding: 6px 10px;
  border-radius: 6px; background: rgba(255, 255, 255, 0.92); color: #8a3a00; font-size: ${px(13)};
  font-weight: 600; text-align: center; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.2); }
.lv-banner[data-status="no_data"] { color: inherit; }
.lv-legend { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px;
  font-size: ${px(12)}; margin: ${px(36)} 0 0 0; }
.lv-gradient { display: flex; align-items: center; gap: 6px; }
.lv-gradient i { display: block; width: ${px(96)}; height: ${px(10)}; border-radius: 3px;
  box-shadow: 0 0 0 1px rgba(0, 0, 0, 0.1); }
.lv-chip { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; }
.lv-chip i { display: inline-block; width: ${px(11)}; height: ${px(11)}; border-radius: 2px; }
.lv-chip i.lv-dotkey { border-radius: 50%; background: #9aa3ab; }
.lv-chart-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 10px;
  font-variant-numeric: tabular-nums; font-size: ${px(13)}; }
.lv-chart-head .lv-title { margin: 0 auto 0 0; }
.lv-chart canvas { display: block; margin-top: 2px; }
.lv-card { position: absolute; z-index: 2; width: ${px(232)}; padding: 10px 12px;
  font-size: ${px(13)};
  border-radius: var(--st-base-radius, 8px); background: var(--st-background-color, #fff);
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.18); pointer-events: none;
  font-variant-numeric: tabular-nums; }
.lv-card.lv-pinned { pointer-events: auto; }
.lv-card-head { display: flex; justify-content: space-between; gap: 8px; font-weight: 600; }
.lv-card-pin { font-weight: 400; font-size: ${px(11)}; opacity: 0.65; white-space: nowrap; }
.lv-card canvas { display: block; margin: 8px auto 6px; border-radius: 2px;
  box-shadow: 0 0 0 1px rgba(0, 0, 0, 0.15); }
.lv-card-line { display: flex; justify-content: space-between; }
.lv-card-sub { margin-top: 6px; font-size: ${px(11)}; text-transform: uppercase;
  letter-spacing: 0.05em; opacity: 0.65; }
.lv-card ol { list-style: none; margin: 2px 0 0; padding: 0; max-height: ${px(168)};
  overflow-y: auto; }
.lv-card li { display: grid; grid-template-columns: ${px(64)} 1fr ${px(58)}; align-items: center;
  gap: 6px; font-size: ${px(12)}; line-height: 1.5; }
.lv-card li span:first-child { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.lv-card li span:last-child { text-align: right; }
.lv-card li.lv-zero { opacity: 0.5; }
.lv-bar { height: 6px; border-radius: 3px; background: rgba(128, 128, 128, 0.15);
  overflow: hidden; }
.lv-bar i { display: block; height: 100%; border-radius: 3px; }
.lv-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
`;

// ---------------------------------------------------------------------------------------------
// Layout constants
// ---------------------------------------------------------------------------------------------

const DIAGRAM = {
  padTop: 40, // room for the two-line column titles
  padBottom: 12,
  maxNode: 60, // node square size (CSS px) when there is room
  minNode: 8, // below this the column scrolls instead of shrinking further
  compactAbove: 8, // columns with more nodes than this are compacted
  gapRatio: 0.32, // vertical gap between nodes as a fraction of their size
  minSpacing: 52, // minimum distance between column centres before scrolling sideways
  maxSpacing: 190,
  weightDomain: 3, // |w| at which a link reaches its maximum width
  widthBuckets: 10, // links are batched into this many widths per sign, one stroke each
  linkBudget: 1500, // dense networks show only their strongest links (software rasterizing
  // tens of thousands of anti-aliased lines costs hundreds of ms per frame)
};
const ZERO_BUCKET = 2 * DIAGRAM.widthBuckets; // the bucket of links whose weight is zero
const DRAW = {
  hitRadius: 8, // CSS px: how close a shift-click or right-click must be to a point to remove it
  keySteps: 48, // the keyboard cursor moves by 1/keySteps of the plot per arrow key press
  bigStep: 4, // ... and by this many steps with Shift held
  resendMs: 600, // an event not acknowledged by Python after this long is sent again
  maxTries: 4, // ... at most this many times in all
};
const OUTPUT_LABEL = "Output of the network over the input plane, with the data points.";
const EXPORT_SCALE = 2; // PNG exports are drawn at least at 2x, whatever the screen's density
const CHART_HEIGHT = { loss: 104, metric: 78 };
const STATUS_LABEL = { no_data: "no data" }; // the badge's text, where it is not the status itself
// The banner over the output for these statuses, when the frame brings no `status_text`:
const BANNER_TEXT = {
  diverged: "Training diverged and was stopped. Lower the learning rate, then reset.",
  no_data: "There are no training points.",
};
const PRESENTER_SCALE = 1.5; // presenter mode: all text, and the room around it, this much larger
const CARD_MAP = 152; // CSS px of the enlarged map in the node card

// ---------------------------------------------------------------------------------------------
// The view
// ---------------------------------------------------------------------------------------------

class LiveView {
  constructor(parent) {
    this.parent = parent;
    this.frame = null; // last drawn (or about to be drawn) frame
    this.queue = []; // {frame, due}: decoded frames waiting for their time (performance.now ms)
    this.pending = false; // a draw is scheduled
    this.dirty = false; // the current frame must be drawn again (hover, resize, theme)
    this.rafId = 0;
    this.framesDrawn = 0;
    this.framesReceived = 0;
    this.layoutKey = ""; // what the current layout was computed for
    this.hovered = -1; // node index under the pointer
    this.pinned = -1; // node index pinned by a click
    this.keyboardNode = -1; // node selected with the arrow keys
    this.cardNode = -2; // node whose rows the card currently holds
    this.pointsKey = null;
    this.drawMode = null; // the payload's `draw` settings while draw mode is on, else null
    this.drawKey = ""; // what the draw caption and labels were last set for
    this.cursor = null; // keyboard cursor [x, y] in data coordinates (null: not placed yet)
    this.sendTrigger = null; // the latest setTriggerValue Streamlit gave us
    // Draw events carry a unique id: Streamlit may deliver one trigger twice (a fragment's timer
    // rerun can pick it up before the trigger's own flush), and Python drops the repeat. It may
    // also lose one (two triggers queued during one run: the newer wins), so events wait in an
    // outbox until a frame lists their id in `draw_ack` (see checkOutbox).
    this.eventPrefix = Math.random().toString(36).slice(2, 10);
    this.eventCount = 0;
    this.outbox = []; // {value, sentAt, tries}: events not yet acknowledged, oldest first
    this.acknowledged = []; // the newest frame's draw_ack: ids Python has handled
    this.outboxTimer = 0;
    this.width = 0;
    this.scale = 1; // text size factor: PRESENTER_SCALE in presenter mode
    this.dpr = window.devicePixelRatio || 1;
    this.buildDom();
    this.bindEvents();
    this.resizeObserver = new ResizeObserver((entries) => {
      const width = Math.round(entries[0].contentRect.width);
      if (width !== this.width && width > 0) {
        this.width = width;
        this.layoutKey = "";
        this.schedule();
      }
    });
    this.resizeObserver.observe(this.root);
  }

  // ----- DOM (built once per mount) ---------------------------------------------------------

  buildDom() {
    const style = el("style", { text: STYLE });
    const value = (testId) =>
      el("span", { className: "lv-value", "data-testid": testId, text: "–" });
    this.dom = {
      epoch: value("epoch-counter"),
      trainLoss: value("train-loss"),
      testLoss: value("test-loss"),
      trainMetric: value("train-metric"),
      testMetric: value("test-metric"),
      trainMetricLabel: el("span", { className: "lv-label", text: "Train accuracy" }),
      testMetricLabel: el("span", { className: "lv-label", text: "Test accuracy" }),
      badge: el("span", { className: "lv-badge", "data-testid": "run-status", text: "…" }),
      frameCounter: el("span", { className: "lv-sr-only", "data-testid": "frame-counter" }),
      announcer: el("span", { className: "lv-sr-only", role: "status", "aria-live": "polite" }),
    };
    const d = this.dom;
    const stat = (label, valueNode, extra = "") =>
      el("span", { className: `lv-stat ${extra}` }, [
        typeof label === "string" ? el("span", { className: "lv-label", text: label }) : label,
        valueNode,
      ]);
    // Train and test side by side, kept together on one line when the status line wraps.
    const pair = (train, test) =>
      el("span", { className: "lv-pair" }, [
        train,
        el("span", { className: "lv-dot", text: "·", "aria-hidden": "true" }),
        test,
      ]);
    d.status = el(
      "div",
      {
        className: "lv-status",
        role: "status",
        "aria-live": "polite",
        "aria-atomic": "true",
        "data-testid": "live-status",
      },
      [
        stat("Epoch", d.epoch, "lv-epoch"),
        pair(stat("Train loss", d.trainLoss), stat("Test loss", d.testLoss)),
        pair(stat(d.trainMetricLabel, d.trainMetric), stat(d.testMetricLabel, d.testMetric)),
        d.badge,
      ],
    );
    d.frameCounter.setAttribute("aria-hidden", "true");

    // Network diagram: a scrolling canvas plus the floating node card.
    d.netCanvas = el("canvas", {
      tabindex: "0",
      role: "img",
      "data-testid": "network-diagram",
      "aria-label": "Network diagram. Arrow keys choose a node, Enter pins its details.",
    });
    // Links get a canvas of their own under the nodes: it is redrawn only when a link's drawn
    // width or colour changes, which after the first seconds of training is rare.
    d.linkCanvas = el("canvas", { className: "lv-links", "aria-hidden": "true" });
    d.netScroll = el("div", { className: "lv-net-scroll" }, [d.linkCanvas, d.netCanvas]);
    d.cardTitle = el("span");
    d.cardPin = el("span", { className: "lv-card-pin" });
    d.cardMap = el("canvas");
    d.cardBias = el("b");
    d.cardBiasLine = el("div", { className: "lv-card-line" }, [
      el("span", { text: "bias" }),
      d.cardBias,
    ]);
    d.cardSub = el("div", { className: "lv-card-sub", text: "Incoming weights" });
    d.cardList = el("ol");
    d.card = el("div", { className: "lv-card", hidden: "", "data-testid": "node-detail" }, [
      el("div", { className: "lv-card-head" }, [d.cardTitle, d.cardPin]),
      d.cardMap,
      d.cardBiasLine,
      d.cardSub,
      d.cardList,
    ]);
    const netCaption = el("div", { className: "lv-caption" }, [
      "Link width ∝ |weight|:",
      el("i", { className: "lv-swatch", style: `background:${POSITIVE_CSS}` }),
      "positive",
      el("i", { className: "lv-swatch", style: `background:${NEGATIVE_CSS}` }),
      "negative",
      el("i", { className: "lv-swatch", style: `${lineStyle(ZERO_CSS, true)};margin-right:5px` }),
      "zero. Hover a node to see its map; click to pin.",
      (d.linkNote = el("span", { "data-testid": "link-note" })),
    ]);
    d.netDownload = downloadButton("network");
    d.net = el("section", { className: "lv-panel lv-net", "aria-label": "Network" }, [
      el("div", { className: "lv-title-row" }, [
        el("div", { className: "lv-title", text: "Network" }),
        d.netDownload,
      ]),
      d.netScroll,
      netCaption,
      d.card,
    ]);

    // Output: heatmap canvas (small, scaled by CSS) + points overlay + ticks + legend.
    d.heat = el("canvas", {
      "data-testid": "output-heatmap",
      role: "img",
      "aria-label": OUTPUT_LABEL,
    });
    d.points = el("canvas", { className: "lv-overlay" });
    d.cursor = el("div", { className: "lv-cursor", hidden: "", "data-testid": "draw-cursor" });
    d.banner = el("div", {
      className: "lv-banner",
      hidden: "",
      role: "status",
      "data-testid": "status-banner",
    });
    d.plot = el("div", { className: "lv-plot" }, [d.heat, d.points, d.cursor, d.banner]);
    d.ticks = el("div");
    d.plotWrap = el("div", { className: "lv-plot-wrap" }, [d.plot, d.ticks]);
    d.legend = el("div", { className: "lv-legend" });
    d.outputTitle = el("div", { className: "lv-title", text: "Output" });
    d.outputDownload = downloadButton("output");
    d.drawCaption = el("div", {
      className: "lv-caption lv-draw-caption",
      hidden: "",
      "data-testid": "draw-caption",
    });
    d.output = el("section", { className: "lv-panel lv-output", "aria-label": "Output" }, [
      el("div", { className: "lv-title-row" }, [d.outputTitle, d.outputDownload]),
      d.plotWrap,
      d.legend,
      d.drawCaption,
    ]);

    // Curves: loss and metric, with the current values as DOM text beside the title.
    const chart = (name, title) => {
      const train = el("b", { "data-testid": `chart-train-${name}` });
      const test = el("b", { "data-testid": `chart-test-${name}` });
      const titleNode = el("span", { className: "lv-title", text: title });
      const canvas = el("canvas", { "data-testid": `${name}-chart`, role: "img" });
      const section = el("section", { className: "lv-panel lv-chart" }, [
        el("div", { className: "lv-chart-head" }, [
          titleNode,
          el("span", {}, [this.lineKey(false), "train ", train]),
          el("span", {}, [this.lineKey(true), "test ", test]),
        ]),
        canvas,
      ]);
      return { section, canvas, train, test, titleNode };
    };
    d.loss = chart("loss", "Loss");
    d.metric = chart("metric", "Accuracy");

    d.side = el("div", { className: "lv-side" }, [d.output, d.loss.section, d.metric.section]);
    d.main = el("div", { className: "lv-main" }, [d.net, d.side]);
    this.root = el("div", { className: "lv-root", "data-testid": "live-view" }, [
      style,
      d.status,
      d.main,
      d.frameCounter,
      d.announcer,
    ]);
    this.parent.append(this.root);

    this.ctx = {
      net: d.netCanvas.getContext("2d"),
      links: d.linkCanvas.getContext("2d"),
      heat: d.heat.getContext("2d"),
      points: d.points.getContext("2d"),
      card: d.cardMap.getContext("2d"),
      loss: d.loss.canvas.getContext("2d"),
      metric: d.metric.canvas.getContext("2d"),
    };
    // Neuron maps are painted into one atlas canvas per frame, then copied into the diagram.
    this.atlas = document.createElement("canvas");
    this.atlasCtx = this.atlas.getContext("2d");
  }

  lineKey(test) {
    const line = lineStyle(test ? TEST_LINE : TRAIN_LINE, test);
    return el("i", { className: "lv-swatch", style: `${line};margin-left:0` });
  }

  bindEvents() {
    const canvas = this.dom.netCanvas;
    canvas.addEventListener("pointermove", (e) =>
      this.setHovered(this.nodeAt(e.offsetX, e.offsetY)),
    );
    canvas.addEventListener("pointerleave", () => this.setHovered(-1));
    canvas.addEventListener("click", (e) => {
      const node = this.nodeAt(e.offsetX, e.offsetY);
      this.pinned = node === this.pinned ? -1 : node;
      this.schedule();
    });
    canvas.addEventListener("keydown", (e) => this.onKey(e));
    canvas.addEventListener("blur", () => {
      this.keyboardNode = -1;
      this.schedule();
    });
    this.dom.netScroll.addEventListener("scroll", () => this.placeCard(), { passive: true });
    this.dom.outputDownload.addEventListener("click", () => this.exportOutput());
    this.dom.netDownload.addEventListener("click", () => this.exportNetwork());
    this.bindDrawEvents();
  }

  /** Clicks, right-clicks and keys on the heatmap; they only act in draw mode. */
  bindDrawEvents() {
    const heat = this.dom.heat;
    heat.addEventListener("click", (e) => {
      if (!this.drawMode || !this.frame) return;
      if (e.shiftKey) this.removeNear(e.clientX, e.clientY);
      else this.addAt(e.clientX, e.clientY);
    });
    heat.addEventListener("contextmenu", (e) => {
      if (!this.drawMode || !this.frame) return;
      e.preventDefault(); // no browser menu: right-click removes
      this.removeNear(e.clientX, e.clientY);
    });
    heat.addEventListener("keydown", (e) => this.onDrawKey(e));
    // The keyboard cursor shows for keyboard focus only, not after a mouse click.
    heat.addEventListener("focus", () => this.showCursor(heat.matches(":focus-visible")));
    heat.addEventListener("blur", () => this.showCursor(false));
  }

  setHovered(node) {
    if (node !== this.hovered) {
      this.hovered = node;
      this.schedule();
    }
  }

  /** Arrow keys walk the nodes (left/right: layer, up/down: node), Enter pins, Escape unpins. */
  onKey(e) {
    const layout = this.layout;
    if (!layout) return;
    let node = this.keyboardNode >= 0 ? this.keyboardNode : this.pinned >= 0 ? this.pinned : 0;
    const { column, index } = layout.nodes[node] ?? { column: 0, index: 0 };
    const starts = layout.columnStart;
    const sizes = layout.layers;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      const step = e.key === "ArrowDown" ? 1 : -1;
      node = starts[column] + ((index + step + sizes[column]) % sizes[column]);
    } else if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      const c = Math.max(0, Math.min(sizes.length - 1, column + (e.key === "ArrowRight" ? 1 : -1)));
      node = starts[c] + Math.min(index, sizes[c] - 1);
    } else if (e.key === "Enter" || e.key === " ") {
      this.pinned = this.pinned === node ? -1 : node;
    } else if (e.key === "Escape") {
      this.pinned = -1;
      node = -1;
    } else {
      return;
    }
    e.preventDefault();
    this.keyboardNode = node;
    const rect = layout.nodes[node];
    if (rect) this.scrollIntoView(rect);
    this.schedule();
  }

  scrollIntoView(rect) {
    const s = this.dom.netScroll;
    if (rect.y < s.scrollTop || rect.y + rect.size > s.scrollTop + s.clientHeight) {
      s.scrollTop = rect.y - s.clientHeight / 2;
    }
    if (rect.x < s.scrollLeft || rect.x + rect.size > s.scrollLeft + s.clientWidth) {
      s.scrollLeft = rect.x - s.clientWidth / 2;
    }
  }

  nodeAt(x, y) {
    const nodes = this.layout?.nodes ?? [];
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      const pad = Math.max(2, n.gap / 2);
      if (x >= n.x - pad && x <= n.x + n.size + pad && y >= n.y - pad && y <= n.y + n.size + pad) {
        return i;
      }
    }
    return -1;
  }

  get focusNode() {
    if (this.pinned >= 0) return this.pinned;
    if (this.hovered >= 0) return this.hovered;
    return this.keyboardNode;
  }

  // ----- Frames -----------------------------------------------------------------------------

  /**
   * Frames wait in a queue, each with the time it is due. A batch (one message per server run,
   * several frames trained `spacing` ms apart) is played back at that spacing, after what still
   * waits; a single frame (paused, a settings change) or a backlog of more than one batch is
   * shown at once, so the view never lags behind the training by more than one batch.
   */
  receive(data) {
    if (data == null) return;
    const { frames, spacing } = decodeMessage(data);
    const now = performance.now();
    const last = this.queue[this.queue.length - 1];
    let start = last ? Math.max(now, last.due + spacing) : now;
    // A single frame (paused), frames after a full run (`replace`: a setting changed) or a
    // queue running far behind: drop what is queued and show the new frames from now.
    const replace = frames.length === 1 || frames[0].replace;
    if (replace || start - now > (frames.length + 1) * spacing) {
      this.queue.length = 0;
      start = now;
    }
    frames.forEach((frame, i) => {
      this.queue.push({ frame, due: dueTime(frame, start + i * spacing) });
    });
    this.framesReceived += frames.length;
    const acknowledged = frames[frames.length - 1].draw_ack; // the same in every frame of a batch
    if (acknowledged) this.checkOutbox(acknowledged);
    this.schedule(false);
  }

  /** Draw at the next animation frame: the newest due frame, or the current one again. */
  schedule(redraw = true) {
    this.dirty ||= redraw;
    if (this.pending || (!this.frame && this.queue.length === 0)) return;
    this.pending = true;
    this.rafId = requestAnimationFrame(() => {
      this.pending = false;
      const now = performance.now() + 4; // due within this refresh
      let next = null;
      while (this.queue.length > 0 && this.queue[0].due <= now) next = this.queue.shift().frame;
      if (next) this.frame = next;
      if (next || (this.dirty && this.frame)) {
        this.dirty = false;
        this.draw();
      }
      if (this.queue.length > 0) this.schedule(false);
    });
  }

  draw() {
    const f = this.frame;
    if (!this.width) this.width = Math.round(this.root.getBoundingClientRect().width);
    if (this.framesDrawn % 30 === 0) this.textColourCache = null; // follow theme switches
    const key = this.layoutKeyOf(f);
    this.updateDrawMode(f); // first: its caption counts in the height measured by relayout
    if (key !== this.layoutKey) this.relayout(f, key);
    this.drawStatus(f);
    this.drawHeatmap(f);
    this.drawPoints(f);
    this.paintAtlas(f);
    this.drawDiagram(f);
    this.drawCard(f);
    this.drawCharts(f);
    this.framesDrawn += 1;
    setText(this.dom.frameCounter, String(f.frame));
    this.root.dataset.frame = String(f.frame);
    this.root.dataset.framesDrawn = String(this.framesDrawn);
    this.root.dataset.framesReceived = String(this.framesReceived);
  }

  layoutKeyOf(f) {
    return JSON.stringify([
      this.width, f.layers, f.feature_names, f.problem, f.n_classes, f.bounds, f.output_res,
      f.neuron_res, f.view_height, f.metric_name, f.discretize, !!f.draw?.enabled, !!f.presenter,
    ]);
  }

  // ----- Layout (only when the shape of the picture changes) ---------------------------------

  relayout(f, key) {
    this.layoutKey = key;
    const d = this.dom;
    const s = (this.scale = f.presenter ? PRESENTER_SCALE : 1);
    this.root.style.setProperty("--lv-scale", String(s));
    const width = this.width || 640;
    const stacked = width < (f.presenter ? 760 : 620);
    const sideWidth = stacked ? width : Math.round(clamp(width * 0.36, 272 * s, 400 * s));
    d.main.classList.toggle("lv-stacked", stacked);
    this.root.style.setProperty("--lv-side-w", `${sideWidth}px`);
    this.root.classList.toggle("lv-fixed", f.view_height != null);
    this.root.style.height = f.view_height != null ? `${f.view_height}px` : "";

    // Output plot: square, as wide as the side panel allows (minus the tick gutter).
    const plotSize = Math.max(160, Math.min((stacked ? 360 : 340) * s, sideWidth - 22 - 46 * s));
    this.plotSize = plotSize;
    d.plot.style.width = d.plot.style.height = `${plotSize}px`;
    // Discretized binary/regression output is thresholded after a bilinear upsampling, so the
    // boundary is sharp but follows the smooth output instead of the grid's staircase. Class
    // indices cannot be interpolated: a discretized multiclass map is scaled crisp instead.
    const res = f.output_res;
    const multiclass = f.problem === "multiclass";
    const upsample = f.discretize && !multiclass;
    const factor = upsample ? Math.max(1, Math.min(4, Math.ceil((plotSize * this.dpr) / res))) : 1;
    const size = res * factor;
    if (d.heat.width !== size) d.heat.width = d.heat.height = size;
    this.heatImage = this.ctx.heat.createImageData(size, size);
    this.heatPixels = new Uint32Array(this.heatImage.data.buffer);
    this.upsample = upsample ? bilinearPlan(res, size) : null;
    d.heat.style.width = d.heat.style.height = `${plotSize}px`;
    d.heat.classList.toggle("lv-crisp", !!f.discretize && multiclass);
    this.sizeCanvas(d.points, this.ctx.points, plotSize, plotSize);
    this.pointsKey = null;
    if (!d.cursor.hidden) this.placeCursor(f);
    this.buildTicks(f, plotSize);
    this.buildLegend(f);
    this.lut =
      f.problem === "multiclass"
        ? classLut(f.n_classes, f.discretize)
        : divergingLut(BACKGROUND_STRENGTH, f.discretize);

    // Charts.
    const chartWidth = sideWidth - 2 * 10 - 2;
    this.sizeCanvas(d.loss.canvas, this.ctx.loss, chartWidth, CHART_HEIGHT.loss * s);
    this.sizeCanvas(d.metric.canvas, this.ctx.metric, chartWidth, CHART_HEIGHT.metric * s);
    setText(d.metric.titleNode, f.metric_name === "accuracy" ? "Accuracy" : f.metric_name);
    const metricLabel = f.metric_name === "accuracy" ? "accuracy" : f.metric_name;
    setText(d.trainMetricLabel, `Train ${metricLabel}`);
    setText(d.testMetricLabel, `Test ${metricLabel}`);

    // Atlas of neuron maps and the enlarged card map.
    this.nodeCount = f.layers.reduce((a, b) => a + b, 0);
    const r = f.neuron_res;
    this.atlasColumns = Math.max(1, Math.ceil(Math.sqrt(this.nodeCount)));
    const atlasRows = Math.ceil(this.nodeCount / this.atlasColumns);
    this.atlas.width = this.atlasColumns * r;
    this.atlas.height = atlasRows * r;
    this.atlasImage = this.atlasCtx.createImageData(this.atlas.width, this.atlas.height);
    this.atlasPixels = new Uint32Array(this.atlasImage.data.buffer);
    this.nodeLut = divergingLut(1, false);
    this.sizeCanvas(d.cardMap, this.ctx.card, CARD_MAP, CARD_MAP);
    this.cardNode = -2;

    // Network panel height: match the side column, or a sensible height when stacked.
    if (stacked) {
      d.net.style.height = `${Math.max(300, Math.min(480, 120 + 44 * Math.max(...f.layers)))}px`;
    } else {
      d.net.style.height = f.view_height != null ? "" : `${d.side.offsetHeight}px`;
    }
    this.layoutDiagram(f);
    if (this.pinned >= this.nodeCount) this.pinned = -1;
    if (this.hovered >= this.nodeCount) this.hovered = -1;
    if (this.keyboardNode >= this.nodeCount) this.keyboardNode = -1;
  }

  sizeCanvas(canvas, ctx, width, height) {
    const dpr = this.dpr;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  buildTicks(f, size) {
    const [lo, hi] = f.bounds;
    const span = hi - lo;
    const step = niceCeil(span / 6);
    const ticks = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(v);
    // Always label the bounds themselves.
    if (Math.abs(ticks[0] - lo) > step * 0.3) ticks.unshift(lo);
    if (Math.abs(ticks[ticks.length - 1] - hi) > step * 0.3) ticks.push(hi);
    this.tickValues = ticks;
    // A label at (x, y) px: under the plot centred on x, or left of it right-aligned.
    const label = (text, className, x, y, shift) =>
      el("span", { className, text, style: `left:${x}px;top:${y}px;transform:${shift}` });
    const [under, left] = ["translateX(-50%)", "translate(-100%,-50%)"];
    const nodes = ticks.flatMap((v) => {
      const t = (v - lo) / span;
      const text = formatTick(Math.abs(v) < 1e-9 ? 0 : v);
      const tick = (x, y, shift) => label(text, "lv-tick", x, y, shift);
      return [tick(t * size, size + 3, under), tick(-5, (1 - t) * size, left)];
    });
    const s = this.scale;
    nodes.push(label("x₁", "lv-axis", size / 2, size + 3 + 14 * s, under));
    nodes.push(label("x₂", "lv-axis", -28 * s, size / 2, left));
    this.dom.ticks.replaceChildren(...nodes);
  }

  buildLegend(f) {
    const items = [];
    if (f.problem === "multiclass") {
      for (let c = 0; c < f.n_classes; c++) {
        items.push(
          el("span", { className: "lv-chip" }, [
            el("i", { style: `background:${classColour(c)}` }),
            `class ${c}`,
          ]),
        );
      }
    } else {
      const stops = [-1, -0.5, 0, 0.5, 1].map((v) => `${cssRgb(diverging(v))} ${(v + 1) * 50}%`);
      const ends = f.problem === "binary" ? ["class 0", "class 1"] : ["−1", "+1"];
      items.push(
        el("span", { className: "lv-gradient" }, [
          ends[0],
          el("i", { style: `background:linear-gradient(90deg, ${stops.join(",")})` }),
          ends[1],
        ]),
      );
    }
    const pointKey = (name, outline) => {
      const key = el("i", { className: "lv-dotkey", style: `box-shadow:0 0 0 1.5px ${outline}` });
      return el("span", { className: "lv-chip" }, [key, name]);
    };
    this.testLegend = pointKey("test", TEST_OUTLINE);
    items.push(pointKey("train", `${TRAIN_OUTLINE}, 0 0 0 2.5px #bbb`), this.testLegend);
    this.dom.legend.replaceChildren(...items);
  }

  /** Place every node of the diagram; compact tall columns and let the canvas scroll. */
  layoutDiagram(f) {
    const scroll = this.dom.netScroll;
    const ctx = this.ctx.net;
    ctx.font = this.font(12);
    const labelWidth = Math.max(28, ...f.feature_names.map((s) => ctx.measureText(s).width)) + 14;
    const rightPad = (f.problem === "multiclass" ? 42 : 12) * this.scale;
    const viewWidth = Math.max(200, scroll.clientWidth);
    const viewHeight = Math.max(200, scroll.clientHeight);
    const planFor = (w) => planDiagram(f.layers, w, viewHeight, labelWidth, rightPad, this.scale);
    let plan = planFor(viewWidth);
    // A vertical scrollbar will take some width: plan again without it.
    if (plan.height > viewHeight && plan.width <= viewWidth) plan = planFor(viewWidth - 16);
    const linkStart = [0]; // id of each layer's first link
    f.layers.slice(1).forEach((n, l) => linkStart.push(linkStart[l] + n * f.layers[l]));
    const links = linkStart[linkStart.length - 1];
    const smallest = Math.min(...plan.nodes.map((n) => n.size));
    this.layout = {
      ...plan,
      layers: f.layers,
      links,
      linkStart,
      maxLinkWidth: Math.max(1.5, Math.min(9, 0.26 * smallest)),
      buckets: new Uint8Array(links), // per link: its bucket (see bucketLinks), 255 = not drawn
      focusBuckets: new Uint8Array(links), // the same for the links of the focused node
      drawn: null, // what the link canvas shows: [buckets, focusBuckets, focus] copies
      order: new Uint32Array(links),
    };
    this.sizeCanvas(this.dom.netCanvas, ctx, plan.width, plan.height);
    this.sizeCanvas(this.dom.linkCanvas, this.ctx.links, plan.width, plan.height);
  }

  /** A canvas font of `size` px (times the presenter scale). */
  font(size, weight = 400) {
    if (!this.fontFamily) {
      this.fontFamily = getComputedStyle(this.root).fontFamily || "sans-serif";
    }
    return `${weight} ${size * this.scale}px ${this.fontFamily}`;
  }

  textColour() {
    if (!this.textColourCache) this.textColourCache = getComputedStyle(this.root).color;
    return this.textColourCache;
  }

  // ----- Status line ------------------------------------------------------------------------

  drawStatus(f) {
    const d = this.dom;
    setText(d.epoch, String(f.epoch));
    setText(d.trainLoss, formatNumber(f.train_loss));
    setText(d.testLoss, formatNumber(f.test_loss));
    setText(d.trainMetric, formatMetric(f.train_metric, f.metric_name));
    setText(d.testMetric, formatMetric(f.test_metric, f.metric_name));
    const status = f.status ?? "paused";
    if (d.badge.dataset.status !== status) {
      d.badge.dataset.status = d.banner.dataset.status = status;
      d.badge.textContent = STATUS_LABEL[status] ?? status;
      // Defer screen-reader announcements while numbers change every frame.
      d.status.setAttribute("aria-busy", status === "playing" ? "true" : "false");
    }
    const banner = status in BANNER_TEXT ? f.status_text || BANNER_TEXT[status] : "";
    setText(d.banner, banner);
    if (d.banner.hidden !== !banner) d.banner.hidden = !banner;
  }

  // ----- Output heatmap and points ----------------------------------------------------------

  drawHeatmap(f) {
    const out = f.output;
    const pixels = this.heatPixels;
    const lut = this.lut;
    const n = Math.min(out.length, pixels.length);
    if (f.problem === "multiclass" && f.output_conf) {
      const conf = f.output_conf;
      const last = f.n_classes - 1;
      for (let i = 0; i < n; i++) pixels[i] = lut[(Math.min(out[i], last) << 8) | conf[i]];
    } else if (this.upsample) {
      const { index, weight, size } = this.upsample;
      const res = f.output_res;
      const negative = lut[0];
      const positive = lut[255];
      let p = 0;
      for (let y = 0; y < size; y++) {
        const r0 = index[y] * res;
        const r1 = r0 + (index[y] + 1 < res ? res : 0);
        const wy = weight[y];
        for (let x = 0; x < size; x++) {
          const c0 = index[x];
          const c1 = c0 + (c0 + 1 < res ? 1 : 0);
          const wx = weight[x];
          const top = out[r0 + c0] + (out[r0 + c1] - out[r0 + c0]) * wx;
          const bottom = out[r1 + c0] + (out[r1 + c1] - out[r1 + c0]) * wx;
          pixels[p++] = top + (bottom - top) * wy < 127.5 ? negative : positive;
        }
      }
    } else {
      for (let i = 0; i < n; i++) pixels[i] = lut[out[i]];
    }
    this.ctx.heat.putImageData(this.heatImage, 0, 0);
  }

  /** Points rarely change: redraw their overlay only when they (or their display) do. */
  drawPoints(f) {
    const key = [f.points, f.labels, f.is_test, f.show_test];
    const previous = this.pointsKey;
    if (previous && sameArray(previous[0], key[0]) && sameArray(previous[1], key[1])) {
      if (sameArray(previous[2], key[2]) && previous[3] === key[3]) return;
    }
    this.pointsKey = key;
    this.testLegend.hidden = !f.show_test;
    this.ctx.points.clearRect(0, 0, this.plotSize, this.plotSize);
    paintPoints(this.ctx.points, f, this.plotSize);
  }

  // ----- Drawing points (draw mode) ---------------------------------------------------------

  /** Follow the payload's `draw` settings: crosshair, focusability, caption (only on change). */
  updateDrawMode(f) {
    const draw = f.draw && f.draw.enabled ? f.draw : null;
    const key = draw ? JSON.stringify([Number(draw.label), f.problem, f.n_classes]) : "";
    if (key === this.drawKey) return;
    this.drawKey = key;
    this.drawMode = draw;
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

  /** Index (into the payload's points) of the shown point nearest a screen position, or -1. */
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
    const label = Number(this.drawMode.label);
    const round = (v) => Math.round(v * 1e4) / 1e4;
    this.sendDraw({ action: "add", x: round(x), y: round(y), label });
    this.announce(`Added a ${drawLabelText(this.frame, label)} point at ${round(x)}, ${round(y)}.`);
  }

  /** Send a "remove" event for the nearest point within DRAW.hitRadius, if there is one. */
  removeNear(clientX, clientY) {
    const index = this.pointNear(clientX, clientY);
    if (index < 0) {
      this.announce("No point there to remove.");
      return;
    }
    this.sendDraw({ action: "remove", index });
    this.announce(`Removed point ${index + 1}.`);
  }

  /** Queue a draw event (with a unique id) and send it when the ones before it are through. */
  sendDraw(event) {
    this.eventCount += 1;
    const value = { ...event, id: `${this.eventPrefix}-${this.eventCount}` };
    this.outbox.push({ value, sentAt: 0, tries: 0 });
    this.checkOutbox(this.acknowledged);
  }

  /**
   * Stop-and-wait delivery: only the oldest unacknowledged event is in flight, so two events
   * never queue up in one Streamlit run (where the newer trigger would replace the older).
   * Acknowledged events leave the outbox; the one in flight is sent again after DRAW.resendMs,
   * and given up after DRAW.maxTries sends.
   */
  checkOutbox(acknowledged) {
    this.acknowledged = acknowledged;
    if (this.outbox.length === 0) return;
    const done = new Set(acknowledged);
    const now = performance.now();
    while (this.outbox.length > 0) {
      const head = this.outbox[0];
      const due = now - head.sentAt >= DRAW.resendMs;
      if (done.has(head.value.id) || (due && head.tries >= DRAW.maxTries)) {
        this.outbox.shift();
        continue;
      }
      if (head.tries === 0 || due) {
        head.sentAt = now;
        head.tries += 1;
        // Streamlit hands a fresh setTriggerValue with every call: use the latest one.
        this.sendTrigger?.("draw", head.value);
      }
      break;
    }
    clearTimeout(this.outboxTimer);
    if (this.outbox.length > 0) {
      const wait = this.outbox[0].sentAt + DRAW.resendMs - now;
      this.outboxTimer = setTimeout(() => this.checkOutbox(this.acknowledged), wait);
    }
  }

  announce(text) {
    // Same text twice in a row would not be read again: alternate a trailing space.
    const d = this.dom.announcer;
    d.textContent = d.textContent === text ? `${text} ` : text;
  }

  /** Arrow keys move the keyboard cursor, Enter adds a point there, Delete removes one. */
  onDrawKey(e) {
    const f = this.frame;
    if (!this.drawMode || !f) return;
    const [lo, hi] = f.bounds;
    const step = ((hi - lo) / DRAW.keySteps) * (e.shiftKey ? DRAW.bigStep : 1);
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const cursor = this.keyboardCursor(f);
    if (e.key in moves) {
      const [dx, dy] = moves[e.key];
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
    const show = visible && !!this.drawMode && !!this.frame;
    this.dom.plot.classList.toggle("lv-focus", show);
    if (show) this.placeCursor(this.frame);
    this.dom.cursor.hidden = !show;
  }

  placeCursor(f) {
    const [lo, hi] = f.bounds;
    const [x, y] = this.keyboardCursor(f);
    const size = this.plotSize;
    this.dom.cursor.style.left = `${((x - lo) / (hi - lo)) * size}px`;
    this.dom.cursor.style.top = `${((hi - y) / (hi - lo)) * size}px`;
  }

  // ----- Network diagram --------------------------------------------------------------------

  paintAtlas(f) {
    const r = f.neuron_res;
    const maps = f.neurons;
    const pixels = this.atlasPixels;
    const lut = this.nodeLut;
    const width = this.atlas.width;
    const cols = this.atlasColumns;
    const count = Math.min(this.nodeCount, Math.floor(maps.length / (r * r)));
    for (let node = 0; node < count; node++) {
      const ox = (node % cols) * r;
      const oy = Math.floor(node / cols) * r;
      let src = node * r * r;
      for (let y = 0; y < r; y++) {
        let dst = (oy + y) * width + ox;
        for (let x = 0; x < r; x++) pixels[dst++] = lut[maps[src++]];
      }
    }
    this.atlasCtx.putImageData(this.atlasImage, 0, 0);
  }

  atlasSource(node, r) {
    const cols = this.atlasColumns;
    return [(node % cols) * r, Math.floor(node / cols) * r];
  }

  /** The diagram onto `ctx` (the on-screen canvas, or an export canvas of the same CSS size). */
  drawDiagram(f, ctx = this.ctx.net) {
    const layout = this.layout;
    const { nodes } = layout;
    ctx.clearRect(0, 0, layout.width, layout.height);
    const focus = this.focusNode;

    this.updateLinkThresholds(f);
    const { buckets, focusBuckets } = layout;
    this.bucketLinks(f, -1, buckets);
    if (focus >= 0) this.bucketLinks(f, focus, focusBuckets);
    if (ctx !== this.ctx.net) this.paintLinks(ctx, focus); // an export: links on the same canvas
    else if (!this.linksShown(focus)) {
      this.ctx.links.clearRect(0, 0, layout.width, layout.height);
      this.paintLinks(this.ctx.links, focus);
      layout.drawn = [buckets.slice(), focus >= 0 ? focusBuckets.slice() : null, focus];
    }

    // Node maps, copied (and smoothly rescaled) from the atlas, each with a thin frame.
    const r = f.neuron_res;
    ctx.imageSmoothingEnabled = true;
    ctx.lineWidth = 1;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      const [sx, sy] = this.atlasSource(i, r);
      ctx.drawImage(this.atlas, sx, sy, r, r, n.x, n.y, n.size, n.size);
      ctx.strokeStyle = "rgba(0,0,0,0.22)";
      ctx.strokeRect(n.x + 0.5, n.y + 0.5, n.size - 1, n.size - 1);
    }
    // A box marks the keyboard's node only (Enter pins it): the links and the card already show
    // the node under the pointer or pinned by a click.
    const keyed = nodes[this.keyboardNode];
    if (keyed && ctx === this.ctx.net) {
      ctx.lineWidth = 2;
      ctx.strokeStyle = this.textColour();
      ctx.strokeRect(keyed.x - 2, keyed.y - 2, keyed.size + 4, keyed.size + 4);
    }
    this.drawLabels(f, ctx);
  }

  /** The diagram's column titles, input labels and class keys. */
  drawLabels(f, ctx) {
    const { nodes, columnStart, layers, centres, titleY } = this.layout;
    const s = this.scale;
    const text = this.textColour();
    ctx.fillStyle = text;
    ctx.textAlign = "center";
    ctx.textBaseline = "alphabetic";
    ctx.font = this.font(12, 600);
    const short = this.layout.spacing < ctx.measureText("Hidden 10").width + 16 * s;
    layers.forEach((count, c) => {
      const last = c === layers.length - 1;
      let title = c === 0 ? "Input" : last ? "Output" : short ? `H${c}` : `Hidden ${c}`;
      if (c === 0 && short) title = "In";
      if (last && short) title = "Out";
      ctx.globalAlpha = 0.85;
      ctx.font = this.font(12, 600);
      ctx.fillText(title, centres[c], titleY);
      ctx.globalAlpha = 0.6;
      ctx.font = this.font(11);
      const noun = c === 0 ? "feature" : "unit";
      const unit = short ? "" : ` ${noun}${count === 1 ? "" : "s"}`;
      ctx.fillText(`${count}${unit}`, centres[c], titleY + 14 * s);
    });
    ctx.globalAlpha = 1;
    ctx.font = this.font(12);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (let k = 0; k < layers[0]; k++) {
      const n = nodes[k];
      ctx.fillText(f.feature_names[k] ?? `x${k + 1}`, n.x - 7, n.y + n.size / 2);
    }
    if (f.problem === "multiclass") {
      const start = columnStart[layers.length - 1];
      ctx.textAlign = "left";
      ctx.font = this.font(11);
      for (let k = 0; k < layers[layers.length - 1]; k++) {
        const n = nodes[start + k];
        ctx.fillStyle = classColour(k);
        ctx.fillRect(n.x + n.size + 5 * s, n.y + n.size / 2 - 4 * s, 8 * s, 8 * s);
        ctx.fillStyle = text;
        ctx.fillText(String(k), n.x + n.size + 16 * s, n.y + n.size / 2);
      }
    }
  }

  /**
   * For networks with more links than DIAGRAM.linkBudget, find per layer the |weight| below
   * which links are not drawn, so that each layer keeps about its share of the budget.
   */
  updateLinkThresholds(f) {
    const { layers, links } = this.layout;
    const thresholds = (this.linkThresholds ??= []);
    thresholds.length = layers.length - 1;
    thresholds.fill(0);
    if (links <= DIAGRAM.linkBudget) {
      setText(this.dom.linkNote, "");
      return;
    }
    const histogram = new Uint32Array(256);
    let offset = 0;
    let shown = 0;
    for (let l = 0; l + 1 < layers.length; l++) {
      const count = layers[l] * layers[l + 1];
      const keep = Math.max(layers[l + 1], Math.floor((DIAGRAM.linkBudget * count) / links));
      let largest = 0;
      for (let k = offset; k < offset + count; k++) {
        const m = Math.abs(f.weights[k]);
        if (m > largest) largest = m;
      }
      if (count > keep) {
        // The strongest `keep` links, never a zero link (so none when all are zero).
        histogram.fill(0);
        const perBin = 256 / (largest || 1);
        for (let k = offset; k < offset + count; k++) {
          histogram[Math.min(255, Math.floor(Math.abs(f.weights[k]) * perBin))] += 1;
        }
        let kept = 0;
        let bin = 255;
        while (bin > 0 && kept + histogram[bin] <= keep) kept += histogram[bin--];
        thresholds[l] = Math.max(ZERO_WEIGHT, ((bin + 1) / 256) * largest);
        shown += kept;
      } else {
        shown += count;
      }
      offset += count;
    }
    setText(
      this.dom.linkNote,
      ` Showing the strongest ${shown.toLocaleString("en")} of ` +
        `${links.toLocaleString("en")} links.`,
    );
  }

  /** Every link, faded when a node has the focus, then the focused node's links on top. */
  paintLinks(ctx, focus) {
    this.strokeLinks(ctx, this.layout.buckets, focus >= 0 ? 0.18 : 1);
    if (focus >= 0) this.strokeLinks(ctx, this.layout.focusBuckets, 1);
  }

  /** Whether the link canvas already shows these buckets (the same pixels): nothing to redraw. */
  linksShown(focus) {
    const { drawn, buckets, focusBuckets } = this.layout;
    if (!drawn || drawn[2] !== focus || !sameArray(drawn[0], buckets)) return false;
    return focus < 0 || sameArray(drawn[1], focusBuckets);
  }

  /**
   * Each link's bucket into `bucketOf`: its sign and its width (by |weight|), ZERO_BUCKET when
   * |weight| < ZERO_WEIGHT, or 255 when it is not drawn (below its layer's threshold, not
   * finite, or with `only` >= 0 not touching node `only`). Links are stroked by bucket, thin
   * ones first (see strokeLinks).
   */
  bucketLinks(f, only, bucketOf) {
    const D = DIAGRAM;
    const { columnStart, layers } = this.layout;
    const w = f.weights;
    let link = 0;
    let offset = 0;
    for (let l = 0; l + 1 < layers.length; l++) {
      const nIn = layers[l];
      const nOut = layers[l + 1];
      const threshold = this.linkThresholds[l];
      for (let i = 0; i < nIn; i++) {
        for (let j = 0; j < nOut; j++, link++) {
          const from = columnStart[l] + i;
          const to = columnStart[l + 1] + j;
          const value = w[offset + i * nOut + j];
          const hidden = only >= 0 ? from !== only && to !== only : Math.abs(value) < threshold;
          if (hidden || !Number.isFinite(value)) {
            bucketOf[link] = 255;
            continue;
          }
          const m = Math.min(1, Math.abs(value) / D.weightDomain);
          const b = Math.min(D.widthBuckets - 1, Math.floor(m * D.widthBuckets));
          const zero = Math.abs(value) < ZERO_WEIGHT;
          bucketOf[link] = zero ? ZERO_BUCKET : (value < 0 ? D.widthBuckets : 0) + b;
        }
      }
      offset += nIn * nOut;
    }
  }

  /**
   * Links as curves, width by |weight| and colour by sign, from their buckets; zero links thin,
   * grey and dashed under all others (the link is there, it carries nothing). To keep hundreds
   * or thousands of links cheap they are stroked bucket by bucket with one style each.
   */
  strokeLinks(ctx, bucketOf, alpha) {
    const D = DIAGRAM;
    const counts = this.sortLinks(bucketOf);
    const links = this.layout.links;
    // Many overlapping links: fainter lines keep the picture readable.
    const faint = links > 400 ? Math.max(0.3, 1 - Math.log10(links / 400) * 0.45) : 0.9;
    ctx.globalAlpha = alpha * faint;
    ctx.lineWidth = 1; // zero links: under all others
    ctx.lineCap = "butt";
    ctx.setLineDash([4, 3]);
    ctx.strokeStyle = ZERO_CSS;
    this.strokeBucket(ctx, counts, ZERO_BUCKET);
    ctx.setLineDash([]);
    ctx.lineCap = "round";
    // Thin buckets first so strong weights stay on top.
    const maxWidth = this.layout.maxLinkWidth;
    for (let b = 0; b < D.widthBuckets; b++) {
      ctx.lineWidth = 0.6 + (maxWidth - 0.6) * ((b + 1) / D.widthBuckets);
      for (const sign of [0, 1]) {
        ctx.strokeStyle = sign ? NEGATIVE_CSS : POSITIVE_CSS;
        this.strokeBucket(ctx, counts, sign * D.widthBuckets + b);
      }
    }
    ctx.globalAlpha = 1;
  }

  /** Counting sort of the drawn links' ids by bucket into layout.order; returns bucket starts. */
  sortLinks(bucketOf) {
    const { links, order } = this.layout;
    const counts = new Uint32Array(ZERO_BUCKET + 2);
    for (let k = 0; k < links; k++) if (bucketOf[k] !== 255) counts[bucketOf[k] + 1] += 1;
    for (let b = 0; b <= ZERO_BUCKET; b++) counts[b + 1] += counts[b];
    const cursor = counts.slice(0, ZERO_BUCKET + 1);
    for (let k = 0; k < links; k++) if (bucketOf[k] !== 255) order[cursor[bucketOf[k]]++] = k;
    return counts;
  }

  /**
   * The links of one bucket in the current style. Each link is its own small path: one path of
   * many crossing links makes the rasterizer's cost grow with every crossing.
   */
  strokeBucket(ctx, counts, bucket) {
    const { nodes, columnStart, layers, order, linkStart, links } = this.layout;
    const straight = links > 3000;
    let l = 0;
    for (let k = counts[bucket]; k < counts[bucket + 1]; k++) {
      const id = order[k];
      while (id >= linkStart[l + 1]) l++; // link id -> (layer, i, j)
      const local = id - linkStart[l];
      const nOut = layers[l + 1];
      const a = nodes[columnStart[l] + Math.floor(local / nOut)];
      const c = nodes[columnStart[l + 1] + (local % nOut)];
      const [x1, y1, x2, y2] = [a.x + a.size, a.y + a.size / 2, c.x, c.y + c.size / 2];
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      if (straight) ctx.lineTo(x2, y2);
      else {
        const mx = (x1 + x2) / 2;
        ctx.bezierCurveTo(mx, y1, mx, y2, x2, y2);
      }
      ctx.stroke();
    }
  }

  // ----- Node card --------------------------------------------------------------------------

  nodeName(f, node) {
    const { nodes, layers } = this.layout;
    const { column, index } = nodes[node];
    if (column === 0) return f.feature_names[index] ?? `x${index + 1}`;
    if (column === layers.length - 1) {
      return layers[column] === 1 ? "output" : `class ${index}`;
    }
    return `h${column}.${index + 1}`;
  }

  nodeTitle(f, node) {
    const { nodes, layers } = this.layout;
    const { column, index } = nodes[node];
    if (column === 0) return `Input ${f.feature_names[index] ?? index + 1}`;
    if (column === layers.length - 1) {
      return layers[column] === 1 ? "Output" : `Output · class ${index}`;
    }
    return `Hidden ${column} · neuron ${index + 1}`;
  }

  drawCard(f) {
    const d = this.dom;
    const node = this.focusNode;
    if (node < 0 || !this.layout.nodes[node]) {
      if (!d.card.hidden) d.card.hidden = true;
      this.cardNode = -2;
      return;
    }
    const { nodes, columnStart, layers } = this.layout;
    const { column, index } = nodes[node];
    if (this.cardNode !== node) {
      // Rebuild the rows for a new node (at most one layer's width of rows).
      this.cardNode = node;
      setText(d.cardTitle, this.nodeTitle(f, node));
      const rows = [];
      this.cardRows = [];
      if (column > 0) {
        for (let i = 0; i < layers[column - 1]; i++) {
          const value = el("span");
          const bar = el("i");
          rows.push(
            el("li", {}, [
              el("span", { text: this.nodeName(f, columnStart[column - 1] + i) }),
              el("span", { className: "lv-bar" }, [bar]),
              value,
            ]),
          );
          this.cardRows.push({ value, bar, last: NaN });
        }
      }
      d.cardList.replaceChildren(...rows);
      d.cardBiasLine.hidden = d.cardSub.hidden = column === 0;
      d.card.hidden = false;
    }
    setText(
      d.cardPin,
      this.pinned === node
        ? "pinned · click to unpin"
        : this.keyboardNode === node
          ? "Enter to pin"
          : "click to pin",
    );
    d.card.classList.toggle("lv-pinned", this.pinned === node);

    // Enlarged map (from the atlas) and the numbers.
    const r = f.neuron_res;
    const [sx, sy] = this.atlasSource(node, r);
    this.ctx.card.imageSmoothingEnabled = true;
    this.ctx.card.drawImage(this.atlas, sx, sy, r, r, 0, 0, CARD_MAP, CARD_MAP);
    if (column > 0) {
      let wOffset = 0;
      let bOffset = 0;
      for (let l = 0; l + 1 < column; l++) {
        wOffset += layers[l] * layers[l + 1];
        bOffset += layers[l + 1];
      }
      setText(d.cardBias, formatSigned(f.biases[bOffset + index]));
      const nOut = layers[column];
      for (let i = 0; i < this.cardRows.length; i++) {
        const row = this.cardRows[i];
        const w = f.weights[wOffset + i * nOut + index];
        if (w === row.last) continue;
        row.last = w;
        setText(row.value, formatWeight(w));
        row.value.parentElement.classList.toggle("lv-zero", Math.abs(w) < ZERO_WEIGHT);
        const share = Number.isFinite(w) ? Math.abs(w) / DIAGRAM.weightDomain : 0;
        const width = Math.min(100, share * 100);
        row.bar.style.width = `${width.toFixed(1)}%`;
        row.bar.style.background = w < 0 ? NEGATIVE_CSS : POSITIVE_CSS;
      }
    }
    this.placeCard();
  }

  /** Put the card beside the focused node, inside the network panel. */
  placeCard() {
    const d = this.dom;
    if (d.card.hidden || !this.layout) return;
    const n = this.layout.nodes[this.cardNode];
    if (!n) return;
    const panelWidth = d.net.clientWidth;
    const panelHeight = d.net.clientHeight;
    const cardWidth = d.card.offsetWidth || 232;
    const cardHeight = d.card.offsetHeight || 300;
    const originX = d.netScroll.offsetLeft - d.netScroll.scrollLeft;
    const originY = d.netScroll.offsetTop - d.netScroll.scrollTop;
    let x = originX + n.x + n.size + 14;
    if (x + cardWidth > panelWidth - 4) x = originX + n.x - cardWidth - 14;
    x = Math.max(4, Math.min(panelWidth - cardWidth - 4, x));
    let y = originY + n.y - 12;
    y = Math.max(4, Math.min(panelHeight - cardHeight - 4, y));
    const left = `${Math.round(x)}px`;
    const top = `${Math.round(y)}px`;
    if (d.card.style.left !== left) d.card.style.left = left;
    if (d.card.style.top !== top) d.card.style.top = top;
  }

  // ----- Charts -----------------------------------------------------------------------------

  drawCharts(f) {
    const d = this.dom;
    const h = f.history ?? {};
    setText(d.loss.train, formatNumber(f.train_loss));
    setText(d.loss.test, formatNumber(f.test_loss));
    setText(d.metric.train, formatMetric(f.train_metric, f.metric_name));
    setText(d.metric.test, formatMetric(f.test_metric, f.metric_name));
    const lossMax = niceCeil(Math.max(finiteMax(h.train_loss), finiteMax(h.test_loss)));
    const losses = [h.train_loss, h.test_loss];
    this.drawChart(this.ctx.loss, d.loss.canvas, h.epoch, losses, [0, lossMax], formatTick);
    let range = [0, 1];
    let format = (v) => `${Math.round(v * 100)}%`;
    if (f.metric_name !== "accuracy") {
      const low = Math.min(finiteMin(h.train_metric), finiteMin(h.test_metric), 0);
      range = [Math.max(-1, Math.floor(low * 2) / 2), 1];
      format = formatTick;
    }
    const metrics = [h.train_metric, h.test_metric];
    this.drawChart(this.ctx.metric, d.metric.canvas, h.epoch, metrics, range, format);
  }

  drawChart(ctx, canvas, xs, series, [y0, y1], format) {
    const width = canvas.width / this.dpr;
    const height = canvas.height / this.dpr;
    const k = this.scale; // room for the tick labels
    const m = { left: 34 * k, right: 8, top: 6 * k, bottom: 16 * k };
    const pw = width - m.left - m.right;
    const ph = height - m.top - m.bottom;
    ctx.clearRect(0, 0, width, height);
    const text = this.textColour();
    ctx.font = this.font(10);
    ctx.fillStyle = text;
    ctx.strokeStyle = text;
    // Grid lines at y0, the middle and y1.
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const t of [0, 0.5, 1]) {
      const y = m.top + ph * (1 - t);
      ctx.globalAlpha = t === 0 ? 0.35 : 0.12;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(m.left, Math.round(y) + 0.5);
      ctx.lineTo(m.left + pw, Math.round(y) + 0.5);
      ctx.stroke();
      ctx.globalAlpha = 0.65;
      ctx.fillText(format(y0 + (y1 - y0) * t), m.left - 5, y);
    }
    ctx.globalAlpha = 1;
    const n = xs ? xs.length : 0;
    if (n === 0) {
      ctx.globalAlpha = 0.55;
      ctx.textAlign = "center";
      ctx.fillText("no epochs yet", m.left + pw / 2, m.top + ph / 2);
      ctx.globalAlpha = 1;
      return;
    }
    const xMin = xs[0];
    const xMax = Math.max(xs[n - 1], xMin + 1);
    ctx.globalAlpha = 0.65;
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.fillText(formatTick(xMin), m.left, m.top + ph + 3);
    ctx.textAlign = "right";
    ctx.fillText(`epoch ${formatTick(xs[n - 1])}`, m.left + pw, m.top + ph + 3);
    ctx.globalAlpha = 1;
    const sx = pw / (xMax - xMin);
    const sy = ph / (y1 - y0 || 1);
    ctx.save();
    ctx.beginPath();
    ctx.rect(m.left, m.top - 1, pw, ph + 2);
    ctx.clip();
    ctx.lineWidth = 1.75;
    ctx.lineJoin = "round";
    series.forEach((ys, s) => {
      if (!ys || ys.length === 0) return;
      ctx.strokeStyle = s === 0 ? text : TEST_LINE; // TRAIN_LINE is the text colour
      ctx.setLineDash(s === 0 ? [] : [5, 3]);
      ctx.beginPath();
      let pen = false;
      for (let i = 0; i < n && i < ys.length; i++) {
        const v = ys[i];
        if (!Number.isFinite(v)) {
          pen = false;
          continue;
        }
        const x = m.left + (xs[i] - xMin) * sx;
        const y = m.top + ph - (Math.min(Math.max(v, y0 - 1), y1 + 1) - y0) * sy;
        if (pen) ctx.lineTo(x, y);
        else ctx.moveTo(x, y);
        pen = true;
      }
      ctx.stroke();
    });
    ctx.restore();
    ctx.setLineDash([]);
  }

  // ----- PNG export (client-side only) ------------------------------------------------------

  backgroundColour() {
    const css = getComputedStyle(this.root).getPropertyValue("--st-background-color").trim();
    return css || "#ffffff";
  }

  /** The output heatmap with its points, ticks and legend: playground-output-epoch-N.png. */
  exportOutput() {
    const f = this.frame;
    if (!f || !this.plotSize) return;
    const size = this.plotSize;
    const k = this.scale; // text as large as on screen
    const [left, top, row] = [54 * k, 34 * k, 20 * k];
    const width = left + size + 18;
    const legend = this.legendItems(f);
    const legendTop = top + size + 44 * k;
    const rows = layoutRow(legend, 12, width - 12, row);
    const height = legendTop + rows * row + 8;
    const { canvas, ctx } = exportCanvas(width, height, this.backgroundColour());
    const text = this.textColour();
    ctx.fillStyle = text;
    ctx.font = this.font(13, 600);
    ctx.textBaseline = "alphabetic";
    ctx.fillText(`Output · epoch ${f.epoch}`, 12, row);
    // Heatmap scaled as on screen (smooth, or crisp class indices), then the points redrawn sharp.
    ctx.imageSmoothingEnabled = !this.dom.heat.classList.contains("lv-crisp");
    ctx.drawImage(this.dom.heat, left, top, size, size);
    ctx.imageSmoothingEnabled = true;
    ctx.save();
    ctx.translate(left, top);
    paintPoints(ctx, f, size);
    ctx.restore();
    ctx.strokeStyle = "rgba(0,0,0,0.25)";
    ctx.lineWidth = 1;
    ctx.strokeRect(left - 0.5, top - 0.5, size + 1, size + 1);
    this.paintTicks(ctx, f, left, top, size);
    ctx.textBaseline = "middle";
    for (const item of legend) item.paint(ctx, item.x, legendTop + (item.row + 0.4) * row);
    saveCanvas(canvas, `playground-output-epoch-${f.epoch}.png`);
  }

  /** Tick labels and axis names around an exported plot (the DOM ticks, redrawn on canvas). */
  paintTicks(ctx, f, left, top, size) {
    const [lo, hi] = f.bounds;
    ctx.fillStyle = this.textColour();
    ctx.globalAlpha = 0.75;
    ctx.font = this.font(11);
    for (const v of this.tickValues ?? []) {
      const t = (v - lo) / (hi - lo);
      const label = formatTick(Math.abs(v) < 1e-9 ? 0 : v);
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText(label, left + t * size, top + size + 4);
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      ctx.fillText(label, left - 5, top + (1 - t) * size);
    }
    ctx.font = `italic ${this.font(12)}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText("x₁", left + size / 2, top + size + 4 + 16 * this.scale);
    ctx.textBaseline = "middle";
    ctx.fillText("x₂", 12, top + size / 2);
    ctx.globalAlpha = 1;
    ctx.textAlign = "left";
  }

  /** The legend as canvas items {width, paint(ctx, x, y)}: the same entries as the DOM legend. */
  legendItems(f) {
    const ctx = this.ctx.heat;
    ctx.font = this.font(12);
    const text = this.textColour();
    const label = (s) => ctx.measureText(s).width;
    const items = [];
    const chip = (name, paintKey) => {
      items.push({
        width: 16 + label(name),
        paint: (c, x, y) => {
          paintKey(c, x + 5, y);
          c.fillStyle = text;
          c.font = this.font(12);
          c.textAlign = "left";
          c.fillText(name, x + 14, y);
        },
      });
    };
    if (f.problem === "multiclass") {
      for (let k = 0; k < f.n_classes; k++) {
        chip(`class ${k}`, (c, x, y) => {
          c.fillStyle = classColour(k);
          c.fillRect(x - 5, y - 5, 11, 11);
        });
      }
    } else {
      const [low, high] = f.problem === "binary" ? ["class 0", "class 1"] : ["−1", "+1"];
      items.push({
        width: label(low) + label(high) + 96 + 12,
        paint: (c, x, y) => {
          c.fillStyle = text;
          c.font = this.font(12);
          c.textAlign = "left";
          c.fillText(low, x, y);
          const x0 = x + label(low) + 6;
          const gradient = c.createLinearGradient(x0, 0, x0 + 96, 0);
          for (const v of [-1, -0.5, 0, 0.5, 1]) {
            gradient.addColorStop((v + 1) / 2, cssRgb(diverging(v)));
          }
          c.fillStyle = gradient;
          c.fillRect(x0, y - 5, 96, 10);
          c.fillStyle = text;
          c.fillText(high, x0 + 102, y);
        },
      });
    }
    const dot = (outline) => (c, x, y) => {
      c.beginPath();
      c.arc(x, y, 4, 0, 2 * Math.PI);
      c.fillStyle = "#9aa3ab";
      c.fill();
      c.lineWidth = 1.5;
      c.strokeStyle = outline;
      c.stroke();
    };
    chip("train", (c, x, y) => {
      dot(TRAIN_OUTLINE)(c, x, y);
      c.beginPath();
      c.arc(x, y, 5.5, 0, 2 * Math.PI);
      c.lineWidth = 1;
      c.strokeStyle = "#bbb";
      c.stroke();
    });
    if (f.show_test) chip("test", dot(TEST_OUTLINE));
    return items;
  }

  /** The network diagram as drawn now, saved as playground-network-epoch-N.png. */
  exportNetwork() {
    const f = this.frame;
    const layout = this.layout;
    if (!f || !layout) return;
    const top = 30 * this.scale;
    const { width, height } = layout;
    // Drawn again at export resolution (drawDiagram clears its canvas: use a transparent one),
    // then cropped to the column titles and nodes (the panel may be much taller).
    const diagram = exportCanvas(width, height, "rgba(0,0,0,0)");
    this.drawDiagram(f, diagram.ctx);
    const y0 = Math.max(0, layout.titleY - 24 * this.scale);
    const y1 = Math.min(height, Math.max(...layout.nodes.map((n) => n.y + n.size)) + 16);
    const { canvas, ctx } = exportCanvas(width, top + y1 - y0, this.backgroundColour());
    ctx.fillStyle = this.textColour();
    ctx.font = this.font(13, 600);
    ctx.fillText(`Network · epoch ${f.epoch}`, 12, (2 / 3) * top);
    const scale = diagram.canvas.width / width;
    const source = [0, y0 * scale, diagram.canvas.width, (y1 - y0) * scale];
    ctx.drawImage(diagram.canvas, ...source, 0, top, width, y1 - y0);
    saveCanvas(canvas, `playground-network-epoch-${f.epoch}.png`);
  }

  destroy() {
    cancelAnimationFrame(this.rafId);
    clearTimeout(this.outboxTimer);
    this.resizeObserver.disconnect();
    this.root.remove();
  }
}

/** Fill colour of a data point with this label. */
function pointColour(f, label) {
  if (f.problem === "multiclass") return classColour(Math.round(label));
  if (f.problem === "binary") return label >= 0.5 ? POSITIVE_CSS : NEGATIVE_CSS;
  return cssRgb(diverging(label));
}

/** How a label is named in the draw-mode caption: "class 1" or "value +0.50". */
function drawLabelText(f, label) {
  if (f.problem === "regression") return `value ${formatSigned(label, 2)}`;
  return `class ${Math.round(label)}`;
}

/**
 * The frame's points onto `ctx` over a size x size plot (CSS px; the caller clears it).
 * Train points first (white outline), then test points (black outline) on top.
 */
function paintPoints(ctx, f, size) {
  const [lo, hi] = f.bounds;
  const scale = size / (hi - lo);
  const radius = Math.max(2.2, Math.min(4, size / 90));
  const n = Math.min(f.labels.length, f.points.length >> 1);
  for (const test of [0, 1]) {
    if (test && !f.show_test) break;
    ctx.lineWidth = 1;
    ctx.strokeStyle = test ? TEST_OUTLINE : TRAIN_OUTLINE;
    for (let i = 0; i < n; i++) {
      if ((f.is_test[i] ? 1 : 0) !== test) continue;
      const x = (f.points[2 * i] - lo) * scale;
      const y = (hi - f.points[2 * i + 1]) * scale;
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fillStyle = pointColour(f, f.labels[i]);
      ctx.fill();
      ctx.stroke();
    }
  }
}

/**
 * Where each node of the diagram goes, for a scroll viewport of viewWidth x viewHeight (text,
 * largest nodes and widest spacing `scale` times their normal size).
 * Columns of up to DIAGRAM.compactAbove nodes share one size (as large as fits, up to maxNode);
 * taller columns shrink down to minNode, and below that the diagram grows and scrolls.
 */
function planDiagram(layers, viewWidth, viewHeight, labelWidth, rightPad, scale = 1) {
  const D = DIAGRAM;
  const padTop = D.padTop * scale; // the column titles' two lines of text
  const columns = layers.length;
  let spacing = (viewWidth - labelWidth - rightPad - D.maxNode) / Math.max(1, columns - 1);
  spacing = Math.max(D.minSpacing, Math.min(D.maxSpacing * scale, spacing));
  const bigNode = Math.max(14, Math.min(D.maxNode * scale, Math.floor(spacing * 0.42)));
  const innerHeight = viewHeight - padTop - D.padBottom;
  const fit = (n) => Math.floor(innerHeight / (n + (n - 1) * D.gapRatio));
  const small = layers.filter((n) => n <= D.compactAbove).map(fit);
  const shared = Math.max(D.minNode + 4, Math.min(bigNode, ...small));
  const sizes = layers.map((n) =>
    n <= D.compactAbove ? shared : Math.max(D.minNode, Math.min(shared, fit(n))),
  );
  const gaps = sizes.map((s) => Math.max(2, Math.round(s * D.gapRatio)));
  const heights = layers.map((n, i) => n * sizes[i] + (n - 1) * gaps[i]);
  const tallest = Math.max(...heights);
  const height = Math.max(viewHeight, padTop + D.padBottom + tallest);
  // Titles and nodes move together, centred as a block in the viewport.
  const blockTop = Math.round((height - padTop - D.padBottom - tallest) / 2);
  const diagramWidth = labelWidth + (columns - 1) * spacing + shared + rightPad;
  const width = Math.max(viewWidth, diagramWidth);
  const left = labelWidth + shared / 2 + Math.max(0, (viewWidth - diagramWidth) / 2);
  const centres = layers.map((_, c) => left + c * spacing);
  const nodes = [];
  const columnStart = [];
  layers.forEach((n, c) => {
    columnStart.push(nodes.length);
    const size = sizes[c];
    const top = blockTop + padTop + (tallest - heights[c]) / 2;
    for (let k = 0; k < n; k++) {
      const x = Math.round(centres[c] - size / 2);
      const y = Math.round(top + k * (size + gaps[c]));
      nodes.push({ x, y, size, gap: gaps[c], column: c, index: k });
    }
  });
  return { nodes, columnStart, centres, spacing, width, height, titleY: blockTop + 14 * scale };
}

/** For upsampling res -> size pixels: source index and weight of the next source pixel. */
function bilinearPlan(res, size) {
  const index = new Uint16Array(size);
  const weight = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const u = Math.min(res - 1, Math.max(0, ((i + 0.5) * res) / size - 0.5));
    index[i] = Math.floor(u);
    weight[i] = u - Math.floor(u);
  }
  return { index, weight, size };
}

/**
 * Place items of known width left to right from x0, wrapping before xMax; sets each item's x and
 * row and returns the number of rows.
 */
function layoutRow(items, x0, xMax, gap) {
  let x = x0;
  let row = 0;
  for (const item of items) {
    if (x > x0 && x + item.width > xMax) {
      x = x0;
      row += 1;
    }
    item.x = x;
    item.row = row;
    x += item.width + gap;
  }
  return row + 1;
}

function sameArray(a, b) {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function finiteMax(values) {
  let best = 0;
  if (values) for (const v of values) if (Number.isFinite(v) && v > best) best = v;
  return best;
}

function finiteMin(values) {
  let best = 0;
  if (values) for (const v of values) if (Number.isFinite(v) && v < best) best = v;
  return best;
}

// ---------------------------------------------------------------------------------------------
// Component entry point
// ---------------------------------------------------------------------------------------------

const VIEWS = new WeakMap(); // parentElement -> LiveView, one per mounted component

export { formatMetric, formatNumber, formatTick }; // for tests (tests/browser/standalone_view.py)

export default function liveView({ data, parentElement, setTriggerValue }) {
  let view = VIEWS.get(parentElement);
  if (!view) {
    view = new LiveView(parentElement);
    VIEWS.set(parentElement, view);
  }
  // Events (draw mode) go out through the trigger function of the latest call.
  view.sendTrigger = setTriggerValue ?? view.sendTrigger;
  view.receive(data);
  // Streamlit also calls the cleanup of calls that a newer frame overtook, while the element
  // stays mounted: destroy only once the element has really left the page.
  return () =>
    setTimeout(() => {
      if (!parentElement.isConnected && VIEWS.get(parentElement) === view) {
        view.destroy();
        VIEWS.delete(parentElement);
      }
    }, 0);
}
