// The network diagram: where every node goes (planDiagram), and drawing the nodes' maps, the
// column titles and labels onto the diagram canvas, over the links on their own canvas.

import { classColour } from "./colours.js";
import { sizeCanvas } from "./dom.js";
import { bucketLinks, linkAt, linksShown, paintLinks, updateLinkThresholds } from "./links.js";

const DIAGRAM = {
  padTop: 40, // room for the two-line column titles
  padBottom: 12,
  maxNode: 60, // node square size (CSS px) when there is room
  minNode: 8, // below this the column scrolls instead of shrinking further
  compactAbove: 8, // columns with more nodes than this are compacted
  gapRatio: 0.32, // vertical gap between nodes as a fraction of their size
  minSpacing: 52, // minimum distance between column centres before scrolling sideways
  maxSpacing: 190,
};

export class Diagram {
  /** `maps` (NodeMaps) holds the node maps, `text` (TextStyle) the canvas text style. */
  constructor(dom, ctx, maps, text) {
    this.dom = dom;
    this.ctx = ctx.net;
    this.linkCtx = ctx.links;
    this.maps = maps;
    this.text = text;
    this.layout = null; // planDiagram's plan plus the links' bookkeeping
    this.thresholds = []; // per layer: |weight| below which links are not drawn
  }

  /** Place every node of the diagram; compact tall columns and let the canvas scroll. */
  relayout(f, dpr) {
    const scroll = this.dom.netScroll;
    const ctx = this.ctx;
    const scale = this.text.scale;
    ctx.font = this.text.font(12);
    const labelWidth = Math.max(28, ...f.feature_names.map((s) => ctx.measureText(s).width)) + 14;
    const rightPad = (f.problem === "multiclass" ? 42 : 12) * scale;
    const viewWidth = Math.max(200, scroll.clientWidth);
    const viewHeight = Math.max(200, scroll.clientHeight);
    const planFor = (w) => planDiagram(f.layers, w, viewHeight, labelWidth, rightPad, scale);
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
    // Where the nodes are ([x, y, size] CSS px), for tests that click a link.
    this.dom.netCanvas.dataset.nodes = JSON.stringify(plan.nodes.map((n) => [n.x, n.y, n.size]));
    sizeCanvas(this.dom.netCanvas, ctx, plan.width, plan.height, dpr);
    sizeCanvas(this.dom.linkCanvas, this.linkCtx, plan.width, plan.height, dpr);
  }

  /**
   * The diagram onto `ctx` (the on-screen canvas, or an export canvas of the same CSS size),
   * the links of node `focus` (or -1) highlighted and a box around `keyboardNode` on screen.
   */
  draw(f, focus, keyboardNode, ctx = this.ctx) {
    const layout = this.layout;
    const { nodes } = layout;
    ctx.clearRect(0, 0, layout.width, layout.height);
    this.bucket(f, focus);
    if (ctx !== this.ctx) paintLinks(ctx, layout, focus); // an export: links on the same canvas
    else if (!linksShown(layout, focus)) {
      this.linkCtx.clearRect(0, 0, layout.width, layout.height);
      paintLinks(this.linkCtx, layout, focus);
      const { buckets, focusBuckets } = layout;
      layout.drawn = [buckets.slice(), focus >= 0 ? focusBuckets.slice() : null, focus];
    }

    this.drawSkips(f, ctx);
    // Node maps, copied (and smoothly rescaled) from the atlas, each with a thin frame.
    const r = f.neuron_res;
    ctx.imageSmoothingEnabled = true;
    ctx.lineWidth = 1;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      const [sx, sy] = this.maps.source(i, r);
      ctx.drawImage(this.maps.canvas, sx, sy, r, r, n.x, n.y, n.size, n.size);
      ctx.strokeStyle = "rgba(0,0,0,0.22)";
      ctx.strokeRect(n.x + 0.5, n.y + 0.5, n.size - 1, n.size - 1);
    }
    // A box marks the keyboard's node only (Enter pins it): the links and the card already show
    // the node under the pointer or pinned by a click.
    const keyed = nodes[keyboardNode];
    if (keyed && ctx === this.ctx) {
      ctx.lineWidth = 2;
      ctx.strokeStyle = this.text.colour();
      ctx.strokeRect(keyed.x - 2, keyed.y - 2, keyed.size + 4, keyed.size + 4);
    }
    this.drawLabels(f, ctx);
  }

  /**
   * Skip connections: a dashed arc from each node of the column before a skipped layer to the
   * same node of that layer, whose output adds it unchanged (so the arc carries no weight).
   */
  drawSkips(f, ctx) {
    const { nodes, columnStart } = this.layout;
    ctx.save();
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1.5 * this.text.scale;
    ctx.strokeStyle = this.text.colour();
    ctx.globalAlpha = 0.6;
    (f.skips ?? []).forEach((skip, h) => {
      if (!skip) return;
      for (let k = 0; k < f.layers[h + 1]; k++) {
        const a = nodes[columnStart[h] + k];
        const b = nodes[columnStart[h + 1] + k];
        const [x1, x2, y] = [a.x + a.size / 2, b.x + b.size / 2, Math.min(a.y, b.y)];
        ctx.beginPath();
        ctx.moveTo(x1, a.y);
        ctx.quadraticCurveTo((x1 + x2) / 2, y - 1.6 * Math.max(a.gap, 6), x2, b.y);
        ctx.stroke();
      }
    });
    ctx.restore();
  }

  /** Every link's bucket for this frame, and those of node `focus`'s links when it has one. */
  bucket(f, focus) {
    const layout = this.layout;
    updateLinkThresholds(layout, f, this.thresholds, this.dom.linkNote);
    bucketLinks(layout, this.thresholds, f, -1, layout.buckets);
    if (focus >= 0) bucketLinks(layout, this.thresholds, f, focus, layout.focusBuckets);
  }

  /** The diagram's column titles, input labels and class keys. */
  drawLabels(f, ctx) {
    const { nodes, columnStart, layers } = this.layout;
    const s = this.text.scale;
    const text = this.text.colour();
    this.drawTitles(ctx, text, f.skips ?? []);
    ctx.font = this.text.font(12);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (let k = 0; k < layers[0]; k++) {
      const n = nodes[k];
      ctx.fillText(f.feature_names[k] ?? `x${k + 1}`, n.x - 7, n.y + n.size / 2);
    }
    if (f.problem === "multiclass") {
      const start = columnStart[layers.length - 1];
      ctx.textAlign = "left";
      ctx.font = this.text.font(11);
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
   * Each column's title ("Hidden 2", or "H2" when columns are close) and its node count, with
   * "+ in" where a skip connection adds the layer's input.
   */
  drawTitles(ctx, text, skips) {
    const { layers, centres, titleY, spacing } = this.layout;
    const s = this.text.scale;
    ctx.fillStyle = text;
    ctx.textAlign = "center";
    ctx.textBaseline = "alphabetic";
    ctx.font = this.text.font(12, 600);
    const short = spacing < ctx.measureText("Hidden 10").width + 16 * s;
    layers.forEach((count, c) => {
      const last = c === layers.length - 1;
      let title = c === 0 ? "Input" : last ? "Output" : short ? `H${c}` : `Hidden ${c}`;
      if (c === 0 && short) title = "In";
      if (last && short) title = "Out";
      ctx.globalAlpha = 0.85;
      ctx.font = this.text.font(12, 600);
      ctx.fillText(title, centres[c], titleY);
      ctx.globalAlpha = 0.6;
      ctx.font = this.text.font(11);
      const noun = c === 0 ? "feature" : "unit";
      const unit = short ? "" : ` ${noun}${count === 1 ? "" : "s"}`;
      const skip = skips[c - 1] ? " + in" : "";
      ctx.fillText(`${count}${unit}${skip}`, centres[c], titleY + 14 * s);
    });
    ctx.globalAlpha = 1;
  }

  /** The drawn link at diagram position (x, y) CSS px, {layer, source, target}, or null. */
  linkAt(x, y) {
    return this.layout ? linkAt(this.layout, x, y) : null;
  }

  /** Index of the node at diagram position (x, y) CSS px (with a small margin), or -1. */
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
