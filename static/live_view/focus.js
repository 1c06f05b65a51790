// Which node of the diagram has the focus: the one under the pointer, pinned by a click or
// Enter, or chosen with the arrow keys; the card and the highlighted links follow it.

export class NodeFocus {
  constructor() {
    this.hovered = -1; // node index under the pointer
    this.pinned = -1; // node index pinned by a click
    this.keyboardNode = -1; // node selected with the arrow keys
  }

  /** The node the card and the links show: pinned, else hovered, else the keyboard's. */
  get node() {
    if (this.pinned >= 0) return this.pinned;
    if (this.hovered >= 0) return this.hovered;
    return this.keyboardNode;
  }

  /** Returns whether the hovered node changed. */
  hover(node) {
    if (node === this.hovered) return false;
    this.hovered = node;
    return true;
  }

  /** A click pins the node under it, or unpins it when it is pinned already. */
  click(node) {
    this.pinned = node === this.pinned ? -1 : node;
  }

  /** Forget nodes a smaller network no longer has. */
  limit(nodeCount) {
    if (this.pinned >= nodeCount) this.pinned = -1;
    if (this.hovered >= nodeCount) this.hovered = -1;
    if (this.keyboardNode >= nodeCount) this.keyboardNode = -1;
  }

  /**
   * Arrow keys walk the nodes (left/right: layer, up/down: node), Enter pins, Escape unpins.
   * Returns whether the key was one of those (the caller then scrolls to keyboardNode).
   */
  key(e, layout) {
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
      return false;
    }
    this.keyboardNode = node;
    return true;
  }
}

/** Scroll `scroller` so that a node's rect {x, y, size} is in view (centred when it was not). */
export function scrollIntoView(scroller, rect) {
  const s = scroller;
  if (rect.y < s.scrollTop || rect.y + rect.size > s.scrollTop + s.clientHeight) {
    s.scrollTop = rect.y - s.clientHeight / 2;
  }
  if (rect.x < s.scrollLeft || rect.x + rect.size > s.scrollLeft + s.clientWidth) {
    s.scrollLeft = rect.x - s.clientWidth / 2;
  }
}
