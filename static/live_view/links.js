// The diagram's links: which to draw (dense networks keep their strongest), each link's width
// and colour bucket, and stroking them bucket by bucket onto the link canvas (or an export).

import { NEGATIVE_CSS, POSITIVE_CSS, ZERO_CSS, ZERO_WEIGHT } from "./colours.js";
import { setText } from "./dom.js";
import { sameArray } from "./util.js";

export const LINKS = {
  weightDomain: 3, // |w| at which a link reaches its maximum width
  widthBuckets: 10, // links are batched into this many widths per sign, one stroke each
  budget: 1500, // dense networks show only their strongest links (software rasterizing
  // tens of thousands of anti-aliased lines costs hundreds of ms per frame)
};
export const ZERO_BUCKET = 2 * LINKS.widthBuckets; // the bucket of links whose weight is zero

/**
 * For networks with more links than LINKS.budget, find per layer the |weight| below which links
 * are not drawn (into `thresholds`), so that each layer keeps about its share of the budget;
 * `note` says how many are shown.
 */
export function updateLinkThresholds(layout, f, thresholds, note) {
  const { layers, links } = layout;
  thresholds.length = layers.length - 1;
  thresholds.fill(0);
  if (links <= LINKS.budget) {
    setText(note, "");
    return;
  }
  const histogram = new Uint32Array(256);
  let offset = 0;
  let shown = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const count = layers[l] * layers[l + 1];
    const keep = Math.max(layers[l + 1], Math.floor((LINKS.budget * count) / links));
    if (count > keep) {
      const [threshold, kept] = strongest(f.weights, offset, count, keep, histogram);
      thresholds[l] = threshold;
      shown += kept;
    } else {
      shown += count;
    }
    offset += count;
  }
  setText(
    note,
    ` Showing the strongest ${shown.toLocaleString("en")} of ` +
      `${links.toLocaleString("en")} links.`,
  );
}

/**
 * The |weight| threshold that keeps the strongest `keep` of weights[offset, offset + count),
 * never a zero link (so none when all are zero), and how many it keeps.
 */
function strongest(weights, offset, count, keep, histogram) {
  let largest = 0;
  for (let k = offset; k < offset + count; k++) {
    const m = Math.abs(weights[k]);
    if (m > largest) largest = m;
  }
  histogram.fill(0);
  const perBin = 256 / (largest || 1);
  for (let k = offset; k < offset + count; k++) {
    histogram[Math.min(255, Math.floor(Math.abs(weights[k]) * perBin))] += 1;
  }
  let kept = 0;
  let bin = 255;
  while (bin > 0 && kept + histogram[bin] <= keep) kept += histogram[bin--];
  return [Math.max(ZERO_WEIGHT, ((bin + 1) / 256) * largest), kept];
}

/**
 * Each link's bucket into `bucketOf`: its sign and its width (by |weight|), ZERO_BUCKET when
 * |weight| < ZERO_WEIGHT, or 255 when it is not drawn (below its layer's threshold, not
 * finite, or with `only` >= 0 not touching node `only`). Links are stroked by bucket, thin
 * ones first (see strokeLinks).
 */
export function bucketLinks(layout, thresholds, f, only, bucketOf) {
  const L = LINKS;
  const { columnStart, layers } = layout;
  const w = f.weights;
  let link = 0;
  let offset = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const nIn = layers[l];
    const nOut = layers[l + 1];
    const threshold = thresholds[l];
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
        const m = Math.min(1, Math.abs(value) / L.weightDomain);
        const b = Math.min(L.widthBuckets - 1, Math.floor(m * L.widthBuckets));
        const zero = Math.abs(value) < ZERO_WEIGHT;
        bucketOf[link] = zero ? ZERO_BUCKET : (value < 0 ? L.widthBuckets : 0) + b;
      }
    }
    offset += nIn * nOut;
  }
}

/** Every link, faded when a node has the focus, then the focused node's links on top. */
export function paintLinks(ctx, layout, focus) {
  strokeLinks(ctx, layout, layout.buckets, focus >= 0 ? 0.18 : 1);
  if (focus >= 0) strokeLinks(ctx, layout, layout.focusBuckets, 1);
}

/** Whether the link canvas already shows these buckets (the same pixels): nothing to redraw. */
export function linksShown(layout, focus) {
  const { drawn, buckets, focusBuckets } = layout;
  if (!drawn || drawn[2] !== focus || !sameArray(drawn[0], buckets)) return false;
  return focus < 0 || sameArray(drawn[1], focusBuckets);
}

/**
 * Links as curves, width by |weight| and colour by sign, from their buckets; zero links thin,
 * grey and dashed under all others (the link is there, it carries nothing). To keep hundreds
 * or thousands of links cheap they are stroked bucket by bucket with one style each.
 */
function strokeLinks(ctx, layout, bucketOf, alpha) {
  const L = LINKS;
  const counts = sortLinks(layout, bucketOf);
  const links = layout.links;
  // Many overlapping links: fainter lines keep the picture readable.
  const faint = links > 400 ? Math.max(0.3, 1 - Math.log10(links / 400) * 0.45) : 0.9;
  ctx.globalAlpha = alpha * faint;
  ctx.lineWidth = 1; // zero links: under all others
  ctx.lineCap = "butt";
  ctx.setLineDash([4, 3]);
  ctx.strokeStyle = ZERO_CSS;
  strokeBucket(ctx, layout, counts, ZERO_BUCKET);
  ctx.setLineDash([]);
  ctx.lineCap = "round";
  // Thin buckets first so strong weights stay on top.
  const maxWidth = layout.maxLinkWidth;
  for (let b = 0; b < L.widthBuckets; b++) {
    ctx.lineWidth = 0.6 + (maxWidth - 0.6) * ((b + 1) / L.widthBuckets);
    for (const sign of [0, 1]) {
      ctx.strokeStyle = sign ? NEGATIVE_CSS : POSITIVE_CSS;
      strokeBucket(ctx, layout, counts, sign * L.widthBuckets + b);
    }
  }
  ctx.globalAlpha = 1;
}

/** Counting sort of the drawn links' ids by bucket into layout.order; returns bucket starts. */
function sortLinks(layout, bucketOf) {
  const { links, order } = layout;
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
function strokeBucket(ctx, layout, counts, bucket) {
  const { nodes, columnStart, layers, order, linkStart, links } = layout;
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

/**
 * The drawn link nearest to (x, y) CSS px, within `tolerance`, as {layer, source, target}, or
 * null. Each curve is followed as a polyline of LINK_HIT.segments pieces (the curve strokeBucket
 * draws: a cubic with both control points halfway across).
 */
export function linkAt(layout, x, y, tolerance = LINK_HIT.tolerance) {
  const { nodes, columnStart, layers, buckets, links } = layout;
  let best = null;
  let nearest = tolerance;
  let id = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const [nIn, nOut] = [layers[l], layers[l + 1]];
    const from = nodes[columnStart[l]];
    const to = nodes[columnStart[l + 1]];
    if (x < from.x + from.size - tolerance || x > to.x + tolerance) {
      id += nIn * nOut; // not between these two columns
      continue;
    }
    for (let i = 0; i < nIn; i++) {
      for (let j = 0; j < nOut; j++, id++) {
        if (buckets[id] === 255) continue; // not drawn
        const a = nodes[columnStart[l] + i];
        const c = nodes[columnStart[l + 1] + j];
        const d = curveDistance(a, c, x, y, links > 3000);
        if (d < nearest) [nearest, best] = [d, { layer: l, source: i, target: j }];
      }
    }
  }
  return best;
}

const LINK_HIT = { tolerance: 5, segments: 12 };

function curveDistance(a, c, x, y, straight) {
  const [x1, y1, x2, y2] = [a.x + a.size, a.y + a.size / 2, c.x, c.y + c.size / 2];
  let [px, py] = [x1, y1];
  let nearest = Infinity;
  for (let k = 1; k <= LINK_HIT.segments; k++) {
    const t = k / LINK_HIT.segments;
    const ease = straight ? t : t * t * (3 - 2 * t); // y of the cubic; x is the same ease, below
    const qx = x1 + (x2 - x1) * (straight ? t : 1.5 * t * (1 - t) + t ** 3);
    const qy = y1 + (y2 - y1) * ease;
    nearest = Math.min(nearest, segmentDistance(x, y, px, py, qx, qy));
    [px, py] = [qx, qy];
  }
  return nearest;
}

function segmentDistance(x, y, x1, y1, x2, y2) {
  const [dx, dy] = [x2 - x1, y2 - y1];
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}
