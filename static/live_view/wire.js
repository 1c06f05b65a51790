// Wire decoding: one binary message from Streamlit -> the frames it holds, as Frame objects
// (frame_schema.js) whose arrays are typed-array views into one aligned copy of the bytes.
//
// Wire format (written by `encode_payload` and `encode_batch` in playground/ui/widgets/live_view.py):
//   a frame: bytes 0..3 "PGLV", bytes 4..7 uint32 LE header length H, bytes 8..8+H JSON header,
//   then, from the next multiple of 4, the arrays; the header replaces each array by
//   {"$a": [offset, count, "f32" | "u8"]} (offset from the start of the array section).
//   a batch: "PGLB", uint32 count, uint32 spacing in µs, then per frame a uint32 length and the
//   frame's bytes, padded to 4.
//   Maps (output, output_conf, neurons) come quantized to u8: code = round((v + 1) * 127.5) for
//   values in [-1, 1], round(p * 255) for the confidence, the class index itself for multiclass.
//   A batch's later frames may send a map as "u8d": its difference from the frame before's,
//   modulo 256 (consecutive frames differ little, which deflate compresses well).
// The header's keys are those of the frame schema (playground/live/frame_schema.py); a key a frame
// leaves out gets the schema's default here, and the figures that travel as null (not finite)
// become NaN, never 0. Code that reads a frame names it `f`, `frame` or `…Frame` and reads its
// keys as `f.key`: tests/unit/test_frame_schema.py finds those reads and checks them against the schema.

import { CARRIED_KEYS, FRAME_DEFAULTS, NULLABLE_FIGURES } from "./frame_schema.js";

const TEXT_DECODER = new TextDecoder();
const MAGIC = "PGLV";
const BATCH_MAGIC = "PGLB";

/** The frames of one message: a single frame, or a batch to show `spacing` ms apart. */
export function decodeMessage(data) {
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
    frames.push(decodeFrame(bytes.subarray(at + 4, at + 4 + length), frames[i - 1]));
    at += 4 + length + (-length & 3);
  }
  carryOver(frames);
  return { frames, spacing };
}

/** A batch's later frames leave out CARRIED_KEYS (the points, the history): each gets the
 * previous frame's, the history extended by the frame's own latest figures at a new epoch. So
 * every queued frame is whole, whichever of them playback shows or skips. */
export function carryOver(frames) {
  for (let i = 1; i < frames.length; i += 1) {
    const f = frames[i];
    const before = frames[i - 1];
    const ownHistory = f.history != null;
    for (const key of CARRIED_KEYS) f[key] ??= before[key];
    if (!ownHistory) f.history = extendHistory(before.history, f);
  }
}

/** `history` with one more point, frame `f`'s figures, when `f` is at a later epoch. */
function extendHistory(history, f) {
  const n = history.epoch.length;
  if (!(f.epoch > (n ? history.epoch[n - 1] : 0))) return history; // epoch 0 has no record
  const grown = {};
  for (const [key, column] of Object.entries(history)) {
    grown[key] = new Float32Array(n + 1);
    grown[key].set(column);
    grown[key][n] = f[key]; // the history's keys are the frame's own figures (NaN: not finite)
  }
  return grown;
}

/** Turn one frame's bytes into a frame object with typed-array views (one aligned copy); maps
 * sent as deltas are added to those of `before`, the frame before it in its batch. */
export function decodeFrame(bytes, before = null) {
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
      return dtype === "f32"
        ? new Float32Array(buffer, base + offset, count)
        : new Uint8Array(buffer, base + offset, count);
    }
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolve(v);
    return out;
  };
  const frame = { ...FRAME_DEFAULTS, ...resolve(header) };
  for (const [key, value] of Object.entries(header)) {
    if (value?.$a?.[2] === "u8d") addDelta(frame[key], before[key]);
  }
  // Non-finite numbers travel as null (older messages: "NaN", "Infinity"): NaN here, never 0.
  for (const k of NULLABLE_FIGURES) frame[k] = frame[k] == null ? NaN : Number(frame[k]);
  return frame;
}

/** `delta` (a map sent as its difference from the frame before's) plus `previous`, in place. */
function addDelta(delta, previous) {
  for (let i = 0; i < delta.length; i += 1) delta[i] = (delta[i] + previous[i]) & 255;
}
