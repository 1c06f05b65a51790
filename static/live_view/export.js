// PNG export, all client-side: the output (heatmap, points, ticks, legend) or the network
// diagram redrawn at export resolution onto a fresh canvas, saved through a temporary link.

import { TEST_OUTLINE, TRAIN_OUTLINE, classColour, cssRgb, diverging } from "./colours.js";
import { el } from "./dom.js";
import { formatTick } from "./format.js";
import { paintPoints } from "./heatmap.js";

const EXPORT_SCALE = 2; // PNG exports are drawn at least at 2x, whatever the screen's density

/** A blank canvas for an export, `width` x `height` CSS px drawn at EXPORT_SCALE or more. */
function exportCanvas(width, height, background) {
  const scale = Math.max(EXPORT_SCALE, window.devicePixelRatio || 1);
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext("2d");
  ctx.scale(scale, scale);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  return { canvas, ctx };
}

/** Save a canvas as a PNG file: canvas.toBlob + a temporary <a download> link. */
function saveCanvas(canvas, fileName) {
  canvas.toBlob((blob) => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: fileName, style: "display:none" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }, "image/png");
}

/**
 * The output heatmap with its points, ticks and legend: playground-output-epoch-N.png.
 * `plot` is the view's OutputPlot, `text` its TextStyle.
 */
export function exportOutput(f, plot, heat, text) {
  if (!f || !plot.size) return;
  const size = plot.size;
  const k = text.scale; // text as large as on screen
  const [left, top, row] = [54 * k, 34 * k, 20 * k];
  const width = left + size + 18;
  const legend = legendItems(f, heat.getContext("2d"), text);
  const legendTop = top + size + 44 * k;
  const rows = layoutRow(legend, 12, width - 12, row);
  const height = legendTop + rows * row + 8;
  const { canvas, ctx } = exportCanvas(width, height, text.background());
  ctx.fillStyle = text.colour();
  ctx.font = text.font(13, 600);
  ctx.textBaseline = "alphabetic";
  ctx.fillText(`Output · epoch ${f.epoch}`, 12, row);
  // Heatmap scaled as on screen (smooth, or crisp class indices), then the points redrawn sharp.
  ctx.imageSmoothingEnabled = !heat.classList.contains("lv-crisp");
  ctx.drawImage(heat, left, top, size, size);
  ctx.imageSmoothingEnabled = true;
  ctx.save();
  ctx.translate(left, top);
  paintPoints(ctx, f, size);
  ctx.restore();
  ctx.strokeStyle = "rgba(0,0,0,0.25)";
  ctx.lineWidth = 1;
  ctx.strokeRect(left - 0.5, top - 0.5, size + 1, size + 1);
  paintTicks(ctx, f, plot.tickValues, [left, top, size], text);
  ctx.textBaseline = "middle";
  for (const item of legend) item.paint(ctx, item.x, legendTop + (item.row + 0.4) * row);
  saveCanvas(canvas, `playground-output-epoch-${f.epoch}.png`);
}

/** Tick labels and axis names around an exported plot (the DOM ticks, redrawn on canvas). */
function paintTicks(ctx, f, tickValues, [left, top, size], text) {
  const [lo, hi] = f.bounds;
  ctx.fillStyle = text.colour();
  ctx.globalAlpha = 0.75;
  ctx.font = text.font(11);
  for (const v of tickValues ?? []) {
    const t = (v - lo) / (hi - lo);
    const label = formatTick(Math.abs(v) < 1e-9 ? 0 : v);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(label, left + t * size, top + size + 4);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ctx.fillText(label, left - 5, top + (1 - t) * size);
  }
  ctx.font = `italic ${text.font(12)}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText("x₁", left + size / 2, top + size + 4 + 16 * text.scale);
  ctx.textBaseline = "middle";
  ctx.fillText("x₂", 12, top + size / 2);
  ctx.globalAlpha = 1;
  ctx.textAlign = "left";
}

/**
 * The legend as canvas items {width, paint(ctx, x, y)}: the same entries as the DOM legend.
 * `measure` is a context to measure text with.
 */
function legendItems(f, measure, text) {
  measure.font = text.font(12);
  const label = (s) => measure.measureText(s).width;
  const items = [];
  const chip = (name, paintKey) => {
    items.push({
      width: 16 + label(name),
      paint: (c, x, y) => {
        paintKey(c, x + 5, y);
        c.fillStyle = text.colour();
        c.font = text.font(12);
        c.textAlign = "left";
        c.fillText(name, x + 14, y);
      },
    });
  };
  if (f.problem === "multiclass") {
    for (let k = 0; k < f.n_classes; k++) {
      chip(`class ${k}`, (c, x, y) => {
        c.fillStyle = classColour(k);
        c.fillRect(x - 5, y - 5, 11, 11);
      });
    }
  } else {
    const ends = f.problem === "binary" ? ["class 0", "class 1"] : ["−1", "+1"];
    items.push(gradientItem(ends, label, text));
  }
  chip("train", (c, x, y) => {
    pointKey(TRAIN_OUTLINE)(c, x, y);
    c.beginPath();
    c.arc(x, y, 5.5, 0, 2 * Math.PI);
    c.lineWidth = 1;
    c.strokeStyle = "#bbb";
    c.stroke();
  });
  if (f.show_test) chip("test", pointKey(TEST_OUTLINE));
  return items;
}

/** The colour scale between its two end labels, as a legend item. */
function gradientItem([low, high], label, text) {
  return {
    width: label(low) + label(high) + 96 + 12,
    paint: (c, x, y) => {
      const colour = text.colour();
      c.fillStyle = colour;
      c.font = text.font(12);
      c.textAlign = "left";
      c.fillText(low, x, y);
      const x0 = x + label(low) + 6;
      const gradient = c.createLinearGradient(x0, 0, x0 + 96, 0);
      for (const v of [-1, -0.5, 0, 0.5, 1]) {
        gradient.addColorStop((v + 1) / 2, cssRgb(diverging(v)));
      }
      c.fillStyle = gradient;
      c.fillRect(x0, y - 5, 96, 10);
      c.fillStyle = colour;
      c.fillText(high, x0 + 102, y);
    },
  };
}

/** A painter of a grey data-point key with the given outline. */
function pointKey(outline) {
  return (c, x, y) => {
    c.beginPath();
    c.arc(x, y, 4, 0, 2 * Math.PI);
    c.fillStyle = "#9aa3ab";
    c.fill();
    c.lineWidth = 1.5;
    c.strokeStyle = outline;
    c.stroke();
  };
}

/**
 * Place items of known width left to right from x0, wrapping before xMax; sets each item's x and
 * row and returns the number of rows.
 */
function layoutRow(items, x0, xMax, gap) {
  let x = x0;
  let row = 0;
  for (const item of items) {
    if (x > x0 && x + item.width > xMax) {
      x = x0;
      row += 1;
    }
    item.x = x;
    item.row = row;
    x += item.width + gap;
  }
  return row + 1;
}

/**
 * The network diagram as drawn now, saved as playground-network-epoch-N.png. `diagram` is the
 * view's Diagram, `focus` its NodeFocus.
 */
export function exportNetwork(f, diagram, focus, text) {
  const layout = diagram.layout;
  if (!f || !layout) return;
  const top = 30 * text.scale;
  const { width, height } = layout;
  // Drawn again at export resolution (the diagram clears its canvas: use a transparent one),
  // then cropped to the column titles and nodes (the panel may be much taller).
  const picture = exportCanvas(width, height, "rgba(0,0,0,0)");
  diagram.draw(f, focus.node, focus.keyboardNode, picture.ctx);
  const y0 = Math.max(0, layout.titleY - 24 * text.scale);
  const y1 = Math.min(height, Math.max(...layout.nodes.map((n) => n.y + n.size)) + 16);
  const { canvas, ctx } = exportCanvas(width, top + y1 - y0, text.background());
  ctx.fillStyle = text.colour();
  ctx.font = text.font(13, 600);
  ctx.fillText(`Network · epoch ${f.epoch}`, 12, (2 / 3) * top);
  const scale = picture.canvas.width / width;
  const source = [0, y0 * scale, picture.canvas.width, (y1 - y0) * scale];
  ctx.drawImage(picture.canvas, ...source, 0, top, width, y1 - y0);
  saveCanvas(canvas, `playground-network-epoch-${f.epoch}.png`);
}
