// Number formatting for the view's text: figures, weights, metrics and axis ticks.

import { ZERO_WEIGHT } from "./colours.js";

export const MISSING = "–"; // a number that is not one (NaN, ±∞, null on the wire)

export function formatNumber(v, digits = 3) {
  if (!Number.isFinite(v)) return MISSING;
  if (Math.abs(v) >= 1000) return v.toExponential(2);
  return v.toFixed(digits);
}

export function formatSigned(v, digits = 3) {
  const s = formatNumber(v, digits);
  return Number.isFinite(v) && v > 0 ? `+${s}` : s.replace("-", "−");
}

/** A weight as the node card lists it: "0.000", without a sign, below ZERO_WEIGHT. */
export function formatWeight(w) {
  return Math.abs(w) < ZERO_WEIGHT ? "0.000" : formatSigned(w);
}

export function formatMetric(v, name) {
  if (!Number.isFinite(v)) return MISSING;
  return name === "accuracy" ? `${(v * 100).toFixed(1)} %` : v.toFixed(3);
}

/** A short, "nice" number >= v (1, 2, 2.5, 5 x 10^k), for axis maxima. */
export function niceCeil(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v * 0.999) return m * p;
  return 10 * p;
}

/** An axis label: 0.5, 250, 1,000, 12,500 (never exponent notation), with a real minus sign. */
export function formatTick(v) {
  const text = Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en") : String(+v.toPrecision(3));
  return text.replace("-", "−");
}
