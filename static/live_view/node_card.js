// The node card: the hovered, pinned or keyboard-chosen node's enlarged map, bias and incoming
// weights, floating beside the node inside the network panel.

import { NEGATIVE_CSS, POSITIVE_CSS, ZERO_WEIGHT } from "./colours.js";
import { el, setText, sizeCanvas } from "./dom.js";
import { formatSigned, formatWeight } from "./format.js";
import { LINKS } from "./links.js";
import { parameterOffsets } from "./util.js";

const CARD_MAP = 152; // CSS px of the enlarged map in the node card

/** How the card lists a node as the source of a weight: "x₁", "h1.3", "class 2", "output". */
function nodeName(f, layout, node) {
  const { column, index } = layout.nodes[node];
  if (column === 0) return f.feature_names[index] ?? `x${index + 1}`;
  if (column === layout.layers.length - 1) {
    return layout.layers[column] === 1 ? "output" : `class ${index}`;
  }
  return `h${column}.${index + 1}`;
}

/** What the weight editor edits: the weight from node `source` of the column before `node`. */
export function weightTarget(f, layout, node, source) {
  const { column, index } = layout.nodes[node];
  const from = nodeName(f, layout, layout.columnStart[column - 1] + source);
  return { kind: "weight", layer: column - 1, source, target: index,
           name: `${from} → ${nodeName(f, layout, node)}` }; // prettier-ignore
}

function biasTarget(f, layout, node) {
  const { column, index } = layout.nodes[node];
  return { kind: "bias", layer: column - 1, target: index, name: nodeName(f, layout, node) };
}

function nodeTitle(f, layout, node) {
  const { column, index } = layout.nodes[node];
  if (column === 0) return `Input ${f.feature_names[index] ?? index + 1}`;
  if (column === layout.layers.length - 1) {
    return layout.layers[column] === 1 ? "Output" : `Output · class ${index}`;
  }
  const title = `Hidden ${column} · neuron ${index + 1}`;
  if (!f.skips?.[column - 1]) return title;
  return `${title} + h${column - 1}.${index + 1} (skip)`;
}

export class NodeCard {
  constructor(dom, ctx, maps) {
    this.dom = dom;
    this.ctx = ctx.card;
    this.maps = maps;
    this.node = -2; // node whose rows the card currently holds
    this.rows = [];
    this.onEdit = null; // called with a weight or bias to edit (a row or the bias clicked)
  }

  resize(dpr) {
    sizeCanvas(this.dom.cardMap, this.ctx, CARD_MAP, CARD_MAP, dpr);
    this.node = -2;
  }

  /** Show node `focus.node` (hide the card when there is none) with this frame's numbers. */
  draw(f, layout, focus) {
    const d = this.dom;
    const node = focus.node;
    if (node < 0 || !layout.nodes[node]) {
      if (!d.card.hidden) d.card.hidden = true;
      this.node = -2;
      return;
    }
    if (this.node !== node) this.rebuild(f, layout, node);
    setText(
      d.cardPin,
      focus.pinned === node
        ? "pinned · click to unpin"
        : focus.keyboardNode === node
          ? "Enter to pin"
          : "click to pin",
    );
    d.card.classList.toggle("lv-pinned", focus.pinned === node);

    // Enlarged map (from the atlas) and the numbers.
    const r = f.neuron_res;
    const [sx, sy] = this.maps.source(node, r);
    this.ctx.imageSmoothingEnabled = true;
    this.ctx.drawImage(this.maps.canvas, sx, sy, r, r, 0, 0, CARD_MAP, CARD_MAP);
    const { column, index } = layout.nodes[node];
    if (column > 0) this.showNumbers(f, layout.layers, column, index);
    this.place(layout);
  }

  /** Rebuild the rows for a new node (at most one layer's width of rows). */
  rebuild(f, layout, node) {
    const d = this.dom;
    const { column } = layout.nodes[node];
    this.node = node;
    setText(d.cardTitle, nodeTitle(f, layout, node));
    const rows = [];
    this.rows = [];
    if (column > 0) {
      for (let i = 0; i < layout.layers[column - 1]; i++) {
        const value = el("span");
        const bar = el("i");
        const source = nodeName(f, layout, layout.columnStart[column - 1] + i);
        const row = el("button", { type: "button", className: "lv-row" }, [
          el("span", { text: source }),
          el("span", { className: "lv-bar" }, [bar]),
          value,
        ]);
        const label = `Edit the weight ${source} → ${nodeName(f, layout, node)}`;
        row.setAttribute("aria-label", label);
        row.addEventListener("click", () => this.onEdit?.(weightTarget(f, layout, node, i)));
        rows.push(el("li", {}, [row]));
        this.rows.push({ value, bar, last: NaN });
      }
    }
    d.cardList.replaceChildren(...rows);
    d.cardBiasLine.onclick = () => this.onEdit?.(biasTarget(f, layout, node));
    d.cardBiasLine.hidden = d.cardSub.hidden = column === 0;
    d.card.hidden = false;
  }

  /** The bias and each incoming weight of neuron `index` of `column` (rows that changed). */
  showNumbers(f, layers, column, index) {
    const { weights: wOffset, biases: bOffset } = parameterOffsets(layers, column - 1);
    setText(this.dom.cardBias, formatSigned(f.biases[bOffset + index]));
    const nOut = layers[column];
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i];
      const w = f.weights[wOffset + i * nOut + index];
      if (w === row.last) continue;
      row.last = w;
      setText(row.value, formatWeight(w));
      row.value.parentElement.classList.toggle("lv-zero", Math.abs(w) < ZERO_WEIGHT);
      const share = Number.isFinite(w) ? Math.abs(w) / LINKS.weightDomain : 0;
      const width = Math.min(100, share * 100);
      row.bar.style.width = `${width.toFixed(1)}%`;
      row.bar.style.background = w < 0 ? NEGATIVE_CSS : POSITIVE_CSS;
    }
  }

  /** Put the card beside its node, inside the network panel. */
  place(layout) {
    const d = this.dom;
    if (d.card.hidden || !layout) return;
    const n = layout.nodes[this.node];
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
}
