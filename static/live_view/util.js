// Small pure helpers on numbers and arrays that several parts of the view share.

export function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

/** Element-wise equality of two arrays (or typed arrays); the same object is equal. */
export function sameArray(a, b) {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The largest finite value, or 0 (also when all are negative or there are none). */
export function finiteMax(values) {
  let best = 0;
  if (values) for (const v of values) if (Number.isFinite(v) && v > best) best = v;
  return best;
}

/** The smallest finite value, or 0 (also when all are positive or there are none). */
export function finiteMin(values) {
  let best = 0;
  if (values) for (const v of values) if (Number.isFinite(v) && v < best) best = v;
  return best;
}

/** Where dense layer `layer`'s W and b start in a frame's weights and biases (columns `layers`). */
export function parameterOffsets(layers, layer) {
  let weights = 0;
  let biases = 0;
  for (let l = 0; l < layer; l++) {
    weights += layers[l] * layers[l + 1];
    biases += layers[l + 1];
  }
  return { weights, biases };
}
