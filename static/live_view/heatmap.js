// The output heatmap: the network's output over the plane (a small canvas scaled by CSS), the
// data points on an overlay canvas, and the plot's ticks and legend.

import {
  BACKGROUND_STRENGTH,
  TEST_OUTLINE,
  TRAIN_OUTLINE,
  classColour,
  classLut,
  cssRgb,
  diverging,
  divergingLut,
  pointColour,
} from "./colours.js";
import { el, sizeCanvas } from "./dom.js";
import { formatTick, niceCeil } from "./format.js";
import { sameArray } from "./util.js";

export class OutputPlot {
  constructor(dom, ctx) {
    this.dom = dom;
    this.heatCtx = ctx.heat;
    this.pointsCtx = ctx.points;
    this.size = 0; // CSS px of the square plot
    this.pointsKey = null; // what the points overlay shows
    this.tickValues = [];
  }

  /** Size the plot to `plotSize` CSS px for frames like `f`; ticks, legend and colours too. */
  resize(f, plotSize, dpr, scale) {
    const d = this.dom;
    this.size = plotSize;
    d.plot.style.width = d.plot.style.height = `${plotSize}px`;
    // Discretized binary/regression output is thresholded after a bilinear upsampling, so the
    // boundary is sharp but follows the smooth output instead of the grid's staircase. Class
    // indices cannot be interpolated: a discretized multiclass map is scaled crisp instead.
    const res = f.output_res;
    const multiclass = f.problem === "multiclass";
    const upsample = f.discretize && !multiclass;
    const factor = upsample ? Math.max(1, Math.min(4, Math.ceil((plotSize * dpr) / res))) : 1;
    const size = res * factor;
    if (d.heat.width !== size) d.heat.width = d.heat.height = size;
    this.image = this.heatCtx.createImageData(size, size);
    this.pixels = new Uint32Array(this.image.data.buffer);
    this.upsample = upsample ? bilinearPlan(res, size) : null;
    d.heat.style.width = d.heat.style.height = `${plotSize}px`;
    d.heat.classList.toggle("lv-crisp", !!f.discretize && multiclass);
    sizeCanvas(d.points, this.pointsCtx, plotSize, plotSize, dpr);
    this.pointsKey = null;
    this.tickValues = buildTicks(d.ticks, f, plotSize, scale);
    this.testLegend = buildLegend(d.legend, f);
    this.lut = multiclass
      ? classLut(f.n_classes, f.discretize)
      : divergingLut(BACKGROUND_STRENGTH, f.discretize);
  }

  drawHeatmap(f) {
    const out = f.output;
    const pixels = this.pixels;
    const lut = this.lut;
    const n = Math.min(out.length, pixels.length);
    if (f.problem === "multiclass" && f.output_conf) {
      const conf = f.output_conf;
      const last = f.n_classes - 1;
      for (let i = 0; i < n; i++) pixels[i] = lut[(Math.min(out[i], last) << 8) | conf[i]];
    } else if (this.upsample) {
      thresholdUpsampled(out, f.output_res, this.upsample, lut, pixels);
    } else {
      for (let i = 0; i < n; i++) pixels[i] = lut[out[i]];
    }
    this.heatCtx.putImageData(this.image, 0, 0);
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
    this.pointsCtx.clearRect(0, 0, this.size, this.size);
    paintPoints(this.pointsCtx, f, this.size);
  }
}

/** Discretized output: bilinear upsampling of the codes, then a threshold at 0 (code 127.5). */
function thresholdUpsampled(out, res, plan, lut, pixels) {
  const { index, weight, size } = plan;
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
 * The frame's points onto `ctx` over a size x size plot (CSS px; the caller clears it).
 * Train points first (white outline), then test points (black outline) on top.
 */
export function paintPoints(ctx, f, size) {
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

/** Tick labels under and left of a size x size plot (DOM text); returns the tick values. */
function buildTicks(container, f, size, scale) {
  const [lo, hi] = f.bounds;
  const span = hi - lo;
  const step = niceCeil(span / 6);
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(v);
  // Always label the bounds themselves.
  if (Math.abs(ticks[0] - lo) > step * 0.3) ticks.unshift(lo);
  if (Math.abs(ticks[ticks.length - 1] - hi) > step * 0.3) ticks.push(hi);
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
  nodes.push(label("x₁", "lv-axis", size / 2, size + 3 + 14 * scale, under));
  nodes.push(label("x₂", "lv-axis", -28 * scale, size / 2, left));
  container.replaceChildren(...nodes);
  return ticks;
}

/** The legend under the plot: class chips or the colour scale, then the point keys. */
function buildLegend(container, f) {
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
  const testLegend = pointKey("test", TEST_OUTLINE);
  items.push(pointKey("train", `${TRAIN_OUTLINE}, 0 0 0 2.5px #bbb`), testLegend);
  container.replaceChildren(...items);
  return testLegend;
}
