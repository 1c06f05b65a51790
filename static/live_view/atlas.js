// Node maps: every node's small map painted into one atlas canvas per frame, from which the
// diagram and the node card copy (and smoothly rescale) each node's square.

import { divergingLut } from "./colours.js";

export class NodeMaps {
  constructor() {
    this.canvas = document.createElement("canvas");
    this.ctx = this.canvas.getContext("2d");
    this.columns = 1;
    this.count = 0; // nodes in the diagram
  }

  /** Make room for frames like `f`: one neuron_res square per node, in a near-square grid. */
  resize(f) {
    this.count = f.layers.reduce((a, b) => a + b, 0);
    const r = f.neuron_res;
    this.columns = Math.max(1, Math.ceil(Math.sqrt(this.count)));
    const rows = Math.ceil(this.count / this.columns);
    this.canvas.width = this.columns * r;
    this.canvas.height = rows * r;
    this.image = this.ctx.createImageData(this.canvas.width, this.canvas.height);
    this.pixels = new Uint32Array(this.image.data.buffer);
    this.lut = divergingLut(1, false);
  }

  paint(f) {
    const r = f.neuron_res;
    const maps = f.neurons;
    const pixels = this.pixels;
    const lut = this.lut;
    const width = this.canvas.width;
    const cols = this.columns;
    const count = Math.min(this.count, Math.floor(maps.length / (r * r)));
    for (let node = 0; node < count; node++) {
      const ox = (node % cols) * r;
      const oy = Math.floor(node / cols) * r;
      let src = node * r * r;
      for (let y = 0; y < r; y++) {
        let dst = (oy + y) * width + ox;
        for (let x = 0; x < r; x++) pixels[dst++] = lut[maps[src++]];
      }
    }
    this.ctx.putImageData(this.image, 0, 0);
  }

  /** Top-left corner [x, y] of `node`'s r x r square in the atlas. */
  source(node, r) {
    const cols = this.columns;
    return [(node % cols) * r, Math.floor(node / cols) * r];
  }
}
