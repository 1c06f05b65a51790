// DOM building: the view's elements, created once per mount (frames only update them).
//
// Test ids (all inside the component's shadow root; Playwright selectors pierce it):
//   live-view (root), live-status (the status line: role=status, aria-live=polite, aria-busy
//   while playing so screen readers announce the numbers once training stops), and in it
//   epoch-counter (the epoch as plain digits), train-loss, test-loss (3 decimals, "–" when not a
//   number), train-metric, test-metric ("97.5 %" for accuracy, "0.912" for R², or "–"),
//   run-status (playing, paused, diverged or "no data"; data-status holds the status itself);
//   frame-counter (visually hidden: payload frame of the last drawn frame);
//   network-diagram (canvas; its links are on the canvas.lv-links under it; data-nodes holds
//   each node's [x, y, size]), node-detail (the hover/pinned node card), link-note;
//   weight-editor, weight-input, weight-slider (weight_editor.js);
//   output-heatmap (canvas), status-banner (over it: why training stopped or cannot start);
//   loss-chart, metric-chart (canvases) with chart-train-loss,
//   chart-test-loss, chart-train-metric, chart-test-metric (their current values as text).
//   The root also carries data-frame (payload frame number), data-frames-received (messages
//   decoded) and data-frames-drawn (animation frames drawn) for measurements.
//   download-output, download-network: the "Download PNG" buttons (accessible names "Download PNG
//   of the output" / "... of the network"); draw-caption: the draw-mode help under the heatmap;
//   draw-cursor: the keyboard cursor over the heatmap.

import {
  NEGATIVE_CSS,
  POSITIVE_CSS,
  TEST_LINE,
  TRAIN_LINE,
  ZERO_CSS,
  lineStyle,
} from "./colours.js";
import { el } from "./dom.js";
import { STYLE } from "./style.js";

export const OUTPUT_LABEL = "Output of the network over the input plane, with the data points.";

/**
 * Build the view inside `parent`: returns the root element, `dom` (the elements frames update,
 * by name) and `ctx` (the 2D context of each canvas, by name).
 */
export function buildDom(parent) {
  const dom = {};
  const status = statusLine(dom);
  dom.net = networkPanel(dom);
  dom.output = outputPanel(dom);
  dom.loss = chartPanel("loss", "Loss");
  dom.metric = chartPanel("metric", "Accuracy");
  const sideParts = [dom.output, dom.loss.section, dom.metric.section];
  dom.side = el("div", { className: "lv-side" }, sideParts);
  dom.main = el("div", { className: "lv-main" }, [dom.net, dom.side]);
  const root = el("div", { className: "lv-root", "data-testid": "live-view" }, [
    el("style", { text: STYLE }),
    status,
    dom.main,
    dom.frameCounter,
    dom.announcer,
  ]);
  parent.append(root);
  const ctx = {
    net: dom.netCanvas.getContext("2d"),
    links: dom.linkCanvas.getContext("2d"),
    heat: dom.heat.getContext("2d"),
    points: dom.points.getContext("2d"),
    card: dom.cardMap.getContext("2d"),
    loss: dom.loss.canvas.getContext("2d"),
    metric: dom.metric.canvas.getContext("2d"),
  };
  return { root, dom, ctx };
}

/** The status line: epoch, losses, metrics and the run badge (plus two hidden helpers). */
function statusLine(d) {
  const value = (testId) =>
    el("span", { className: "lv-value", "data-testid": testId, text: "–" });
  d.epoch = value("epoch-counter");
  d.trainLoss = value("train-loss");
  d.testLoss = value("test-loss");
  d.trainMetric = value("train-metric");
  d.testMetric = value("test-metric");
  d.trainMetricLabel = el("span", { className: "lv-label", text: "Train accuracy" });
  d.testMetricLabel = el("span", { className: "lv-label", text: "Test accuracy" });
  d.badge = el("span", { className: "lv-badge", "data-testid": "run-status", text: "…" });
  d.frameCounter = el("span", { className: "lv-sr-only", "data-testid": "frame-counter" });
  d.announcer = el("span", { className: "lv-sr-only", role: "status", "aria-live": "polite" });
  const stat = (label, valueNode, extra = "") =>
    el("span", { className: `lv-stat ${extra}` }, [
      typeof label === "string" ? el("span", { className: "lv-label", text: label }) : label,
      valueNode,
    ]);
  // Train and test side by side, kept together on one line when the status line wraps.
  const pair = (train, test) =>
    el("span", { className: "lv-pair" }, [
      train,
      el("span", { className: "lv-dot", text: "·", "aria-hidden": "true" }),
      test,
    ]);
  const attrs = { className: "lv-status", role: "status", "aria-live": "polite" };
  d.status = el("div", { ...attrs, "aria-atomic": "true", "data-testid": "live-status" }, [
    stat("Epoch", d.epoch, "lv-epoch"),
    pair(stat("Train loss", d.trainLoss), stat("Test loss", d.testLoss)),
    pair(stat(d.trainMetricLabel, d.trainMetric), stat(d.testMetricLabel, d.testMetric)),
    d.badge,
  ]);
  d.frameCounter.setAttribute("aria-hidden", "true");
  return d.status;
}

/** The network panel: a scrolling diagram canvas over its link canvas, caption, node card. */
function networkPanel(d) {
  d.netCanvas = el("canvas", {
    tabindex: "0",
    role: "img",
    "data-testid": "network-diagram",
    "aria-label": "Network diagram. Arrow keys choose a node, Enter pins its details.",
  });
  // Links get a canvas of their own under the nodes: it is redrawn only when a link's drawn
  // width or colour changes, which after the first seconds of training is rare.
  d.linkCanvas = el("canvas", { className: "lv-links", "aria-hidden": "true" });
  d.netScroll = el("div", { className: "lv-net-scroll" }, [d.linkCanvas, d.netCanvas]);
  const netCaption = el("div", { className: "lv-caption" }, [
    "Link width ∝ |weight|:",
    el("i", { className: "lv-swatch", style: `background:${POSITIVE_CSS}` }),
    "positive",
    el("i", { className: "lv-swatch", style: `background:${NEGATIVE_CSS}` }),
    "negative",
    el("i", { className: "lv-swatch", style: `${lineStyle(ZERO_CSS, true)};margin-right:5px` }),
    "zero. Hover a node to see its map; click to pin. Click a link to edit its weight.",
    (d.linkNote = el("span", { "data-testid": "link-note" })),
  ]);
  d.netDownload = downloadButton("network");
  return el("section", { className: "lv-panel lv-net", "aria-label": "Network" }, [
    el("div", { className: "lv-title-row" }, [
      el("div", { className: "lv-title", text: "Network" }),
      d.netDownload,
    ]),
    d.netScroll,
    netCaption,
    nodeCard(d),
  ]);
}

/** The floating card with a node's enlarged map, bias and incoming weights. */
function nodeCard(d) {
  d.cardTitle = el("span");
  d.cardPin = el("span", { className: "lv-card-pin" });
  d.cardMap = el("canvas");
  d.cardBias = el("b");
  d.cardBiasLine = el("button", { type: "button", className: "lv-card-line lv-row" }, [
    el("span", { text: "bias" }),
    d.cardBias,
  ]);
  d.cardBiasLine.setAttribute("aria-label", "Edit the bias");
  d.cardSub = el("div", { className: "lv-card-sub", text: "Incoming weights" });
  d.cardList = el("ol");
  d.card = el("div", { className: "lv-card", hidden: "", "data-testid": "node-detail" }, [
    el("div", { className: "lv-card-head" }, [d.cardTitle, d.cardPin]),
    d.cardMap,
    d.cardBiasLine,
    d.cardSub,
    d.cardList,
  ]);
  return d.card;
}

/** The output panel: heatmap canvas (small, scaled by CSS), points overlay, ticks, legend. */
function outputPanel(d) {
  d.heat = el("canvas", {
    "data-testid": "output-heatmap",
    role: "img",
    "aria-label": OUTPUT_LABEL,
  });
  d.points = el("canvas", { className: "lv-overlay" });
  d.cursor = el("div", { className: "lv-cursor", hidden: "", "data-testid": "draw-cursor" });
  d.banner = el("div", {
    className: "lv-banner",
    hidden: "",
    role: "status",
    "data-testid": "status-banner",
  });
  d.plot = el("div", { className: "lv-plot" }, [d.heat, d.points, d.cursor, d.banner]);
  d.ticks = el("div");
  d.plotWrap = el("div", { className: "lv-plot-wrap" }, [d.plot, d.ticks]);
  d.legend = el("div", { className: "lv-legend" });
  d.outputTitle = el("div", { className: "lv-title", text: "Output" });
  d.outputDownload = downloadButton("output");
  d.drawCaption = el("div", {
    className: "lv-caption lv-draw-caption",
    hidden: "",
    "data-testid": "draw-caption",
  });
  return el("section", { className: "lv-panel lv-output", "aria-label": "Output" }, [
    el("div", { className: "lv-title-row" }, [d.outputTitle, d.outputDownload]),
    d.plotWrap,
    d.legend,
    d.drawCaption,
  ]);
}

/** A curve panel (loss or metric), with the current values as DOM text beside the title. */
function chartPanel(name, title) {
  const train = el("b", { "data-testid": `chart-train-${name}` });
  const test = el("b", { "data-testid": `chart-test-${name}` });
  const titleNode = el("span", { className: "lv-title", text: title });
  const canvas = el("canvas", { "data-testid": `${name}-chart`, role: "img" });
  const section = el("section", { className: "lv-panel lv-chart" }, [
    el("div", { className: "lv-chart-head" }, [
      titleNode,
      el("span", {}, [lineKey(false), "train ", train]),
      el("span", {}, [lineKey(true), "test ", test]),
    ]),
    canvas,
  ]);
  return { section, canvas, train, test, titleNode };
}

/** A legend swatch of the train (solid) or test (dashed) line. */
function lineKey(test) {
  const line = lineStyle(test ? TEST_LINE : TRAIN_LINE, test);
  return el("i", { className: "lv-swatch", style: `${line};margin-left:0` });
}

/** A small "Download PNG" button; `what` ("output" or "network") names it for screen readers. */
function downloadButton(what) {
  return el("button", {
    type: "button",
    className: "lv-download",
    "data-testid": `download-${what}`,
    "aria-label": `Download PNG of the ${what}`,
    title: `Save the ${what} as a PNG image`,
    text: "Download PNG",
  });
}
