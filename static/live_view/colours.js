// Colours of the live view: the diverging orange-grey-blue scale, class colours, train/test
// styles, and the lookup tables that turn a quantized map code into a packed pixel.

export const NEGATIVE = [245, 147, 34]; // #f59322, TF Playground orange (-1)
export const NEUTRAL = [232, 234, 235]; // #e8eaeb, TF Playground grey (0)
export const POSITIVE = [8, 119, 189]; // #0877bd, TF Playground blue (+1)
export const NEGATIVE_CSS = "#f59322";
export const POSITIVE_CSS = "#0877bd";
// Okabe–Ito (without black), then Paul Tol's muted and light sets for more than seven classes.
const CLASS_COLOURS = [
  "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
  "#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#DDCC77",
  "#CC6677", "#88CCEE", "#EE8866", "#BBCC33", "#77AADD", "#FFAABB",
];
// Train and test, the same everywhere in the view (curves, points, legends, exports):
export const TRAIN_LINE = "currentColor"; // train curves: the theme's text colour (#31333F), solid
export const TEST_LINE = "#CC79A7"; // test curves: Okabe–Ito reddish purple, dashed
export const TRAIN_OUTLINE = "#fff"; // train points: filled with their class colour, white outline
export const TEST_OUTLINE = "#000"; // test points: the same fill, black outline
// A link whose |weight| is below ZERO_WEIGHT (rounds to 0.000) carries nothing: thin dashed grey.
export const ZERO_WEIGHT = 5e-4;
export const ZERO_CSS = "#a3a9af";
// How strongly the output background is coloured (points are drawn at full strength on top).
export const BACKGROUND_STRENGTH = 0.72;

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
export function diverging(v, strength = 1) {
  const t = Math.min(1, Math.abs(v)) * strength;
  return mix(NEUTRAL, v < 0 ? NEGATIVE : POSITIVE, t);
}

export function cssRgb([r, g, b]) {
  return `rgb(${r},${g},${b})`;
}

/** Inline style of a legend's line swatch. */
export function lineStyle(colour, dashed) {
  return `height:0;border-top:2px ${dashed ? "dashed" : "solid"} ${colour};background:none`;
}

export function classColour(c) {
  return CLASS_COLOURS[c % CLASS_COLOURS.length];
}

/** Fill colour of a data point with this label. */
export function pointColour(f, label) {
  if (f.problem === "multiclass") return classColour(Math.round(label));
  if (f.problem === "binary") return label >= 0.5 ? POSITIVE_CSS : NEGATIVE_CSS;
  return cssRgb(diverging(label));
}

/** Lookup tables from a quantized code (0..255) to a packed pixel. */
export function divergingLut(strength, discretize) {
  const lut = new Uint32Array(256);
  for (let q = 0; q < 256; q++) {
    let v = q / 127.5 - 1;
    if (discretize) v = v < 0 ? -1 : 1;
    lut[q] = packRgb(...diverging(v, strength));
  }
  return lut;
}

/** Multiclass: per class, 256 confidence codes -> class colour blended over grey by confidence. */
export function classLut(nClasses, discretize) {
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
