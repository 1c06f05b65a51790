// The live view: holds one mounted view's state and composes its pieces (playback, layout,
// status line, output plot, diagram, node card, charts, draw mode, PNG export).
//
// Frames arrive through `receive` (one message, one or many frames), wait in the playback queue
// until they are due, and are drawn in requestAnimationFrame, at most one per display refresh.
// The DOM and the canvases are created once per mount; a frame only updates them, and sizes
// are recomputed (`relayout`) only when the shape of the picture changes.

import { NodeMaps } from "./atlas.js";
import { Charts } from "./charts.js";
import { Diagram } from "./diagram.js";
import { setText } from "./dom.js";
import { DrawMode } from "./draw_mode.js";
import { exportNetwork, exportOutput } from "./export.js";
import { FlowControl } from "./flow.js";
import { NodeFocus, scrollIntoView } from "./focus.js";
import { OutputPlot } from "./heatmap.js";
import { buildDom } from "./layout.js";
import { NodeCard, weightTarget } from "./node_card.js";
import { Outbox } from "./outbox.js";
import { Playback } from "./playback.js";
import { drawStatus, labelMetric } from "./status.js";
import { PRESENTER_SCALE, TextStyle } from "./style.js";
import { clamp } from "./util.js";
import { WeightEditor } from "./weight_editor.js";
import { decodeMessage } from "./wire.js";

export class LiveView {
  constructor(parent) {
    this.parent = parent;
    this.frame = null; // last drawn (or about to be drawn) frame
    this.playback = new Playback();
    this.pending = false; // a draw is scheduled
    this.dirty = false; // the current frame must be drawn again (hover, resize, theme)
    this.rafId = 0;
    this.framesDrawn = 0;
    this.framesReceived = 0;
    this.layoutKey = ""; // what the current layout was computed for
    this.width = 0;
    this.dpr = window.devicePixelRatio || 1;
    const { root, dom, ctx } = buildDom(parent);
    this.root = root;
    this.dom = dom;
    this.text = new TextStyle(root);
    this.maps = new NodeMaps();
    this.plot = new OutputPlot(dom, ctx);
    this.diagram = new Diagram(dom, ctx, this.maps, this.text);
    this.card = new NodeCard(dom, ctx, this.maps);
    this.charts = new Charts(dom, ctx, this.text);
    this.focus = new NodeFocus();
    this.outbox = new Outbox();
    this.flow = new FlowControl();
    this.drawMode = new DrawMode(dom, this.plot, this.outbox);
    this.editor = new WeightEditor(this.outbox);
    this.editor.returnFocus = () => dom.netCanvas.focus();
    dom.net.append(this.editor.panel);
    this.card.onEdit = (target) => this.edit(target);
    this.bindEvents();
    this.resizeObserver = new ResizeObserver((entries) => {
      const width = Math.round(entries[0].contentRect.width);
      if (width !== this.width && width > 0) {
        this.width = width;
        this.layoutKey = "";
        this.schedule();
      }
    });
    this.resizeObserver.observe(this.root);
  }

  /** Streamlit hands a fresh setTriggerValue with every call: events and asks use the latest. */
  set sendTrigger(trigger) {
    this.outbox.trigger = trigger;
    this.flow.trigger = trigger;
  }

  get sendTrigger() {
    return this.outbox.trigger;
  }

  bindEvents() {
    const canvas = this.dom.netCanvas;
    const at = (e) => this.diagram.nodeAt(e.offsetX, e.offsetY);
    canvas.addEventListener("pointermove", (e) => {
      if (this.focus.hover(at(e))) this.schedule();
    });
    canvas.addEventListener("pointerleave", () => {
      if (this.focus.hover(-1)) this.schedule();
    });
    canvas.addEventListener("click", (e) => {
      const node = at(e);
      const link = node < 0 ? this.diagram.linkAt(e.offsetX, e.offsetY) : null;
      if (link) this.editLink(link);
      else this.focus.click(node);
      this.schedule();
    });
    canvas.addEventListener("keydown", (e) => this.onKey(e));
    this.onVisible = () => this.askIfLow();
    document.addEventListener("visibilitychange", this.onVisible);
    canvas.addEventListener("blur", () => {
      this.focus.keyboardNode = -1;
      this.schedule();
    });
    const placeCard = () => this.card.place(this.diagram.layout);
    this.dom.netScroll.addEventListener("scroll", placeCard, { passive: true });
    this.dom.outputDownload.addEventListener("click", () =>
      exportOutput(this.frame, this.plot, this.dom.heat, this.text),
    );
    this.dom.netDownload.addEventListener("click", () =>
      exportNetwork(this.frame, this.diagram, this.focus, this.text),
    );
  }

  /** A link was clicked: pin the neuron it feeds (its card lists the weight) and edit it. */
  editLink({ layer, source, target }) {
    const layout = this.diagram.layout;
    const node = layout.columnStart[layer + 1] + target;
    this.focus.pinned = node;
    this.edit(weightTarget(this.frame, layout, node, source));
  }

  edit(target) {
    if (this.frame) this.editor.open(target, this.frame, this.diagram.layout.layers);
  }

  /** Arrow keys walk the diagram's nodes, Enter pins, Escape unpins (see NodeFocus.key). */
  onKey(e) {
    const layout = this.diagram.layout;
    if (!layout || !this.focus.key(e, layout)) return;
    e.preventDefault();
    const rect = layout.nodes[this.focus.keyboardNode];
    if (rect) scrollIntoView(this.dom.netScroll, rect);
    this.schedule();
  }

  /** Take one message's frames: queue them (playback.js) and note the draw events handled. */
  receive(data) {
    if (data == null) return;
    const { frames, spacing } = decodeMessage(data);
    this.playback.add(frames, spacing);
    this.framesReceived += frames.length;
    const lastFrame = frames[frames.length - 1];
    const acknowledged = lastFrame.draw_ack; // the same in every frame of a batch
    if (acknowledged) this.outbox.check(acknowledged);
    this.flow.received(lastFrame);
    this.askIfLow();
    this.schedule(false);
  }

  /** Flow control (flow.js): ask for the next batch when few frames are left to play. */
  askIfLow() {
    const now = performance.now();
    this.flow.check(this.playback.remainingMs(now), now);
  }

  /** Draw at the next animation frame: the newest due frame, or the current one again. */
  schedule(redraw = true) {
    this.dirty ||= redraw;
    if (this.pending || (!this.frame && this.playback.waiting === 0)) return;
    this.pending = true;
    this.rafId = requestAnimationFrame(() => {
      this.pending = false;
      const next = this.playback.takeDue(performance.now() + 4); // due within this refresh
      if (next) this.frame = next;
      if (next || (this.dirty && this.frame)) {
        this.dirty = false;
        this.draw();
      }
      this.askIfLow();
      if (this.playback.waiting > 0) this.schedule(false);
    });
  }

  draw() {
    const f = this.frame;
    if (!this.width) this.width = Math.round(this.root.getBoundingClientRect().width);
    if (this.framesDrawn % 30 === 0) this.text.forgetColour(); // follow theme switches
    const key = layoutKeyOf(f, this.width);
    this.drawMode.update(f); // first: its caption counts in the height measured by relayout
    if (key !== this.layoutKey) this.relayout(f, key);
    drawStatus(this.dom, f);
    this.plot.drawHeatmap(f);
    this.plot.drawPoints(f);
    this.maps.paint(f);
    this.diagram.draw(f, this.focus.node, this.focus.keyboardNode);
    this.card.draw(f, this.diagram.layout, this.focus);
    this.editor.update(f);
    this.charts.draw(f);
    this.framesDrawn += 1;
    setText(this.dom.frameCounter, String(f.frame));
    this.root.dataset.frame = String(f.frame);
    this.root.dataset.framesDrawn = String(this.framesDrawn);
    this.root.dataset.framesReceived = String(this.framesReceived);
  }

  /** Sizes of everything, for frames like `f` at the current width. */
  relayout(f, key) {
    this.layoutKey = key;
    const d = this.dom;
    const s = (this.text.scale = f.presenter ? PRESENTER_SCALE : 1);
    const { stacked, sideWidth } = this.sizePanels(f, s);
    // Output plot: square, as wide as the side panel allows (minus the tick gutter).
    const plotSize = Math.max(160, Math.min((stacked ? 360 : 340) * s, sideWidth - 22 - 46 * s));
    this.plot.resize(f, plotSize, this.dpr, s);
    if (!d.cursor.hidden) this.drawMode.placeCursor(f);
    this.charts.resize(sideWidth - 2 * 10 - 2, this.dpr);
    labelMetric(d, f);
    this.maps.resize(f);
    this.card.resize(this.dpr);
    // Network panel height: match the side column, or a sensible height when stacked.
    if (stacked) {
      d.net.style.height = `${Math.max(300, Math.min(480, 120 + 44 * Math.max(...f.layers)))}px`;
    } else {
      d.net.style.height = f.view_height != null ? "" : `${d.side.offsetHeight}px`;
    }
    this.diagram.relayout(f, this.dpr);
    this.focus.limit(this.maps.count);
    if (!this.editor.fits(f.layers)) this.editor.close(); // a network of another shape
  }

  /** The two columns (or one, stacked, when narrow) and the view's fixed height, if any. */
  sizePanels(f, s) {
    const d = this.dom;
    this.root.style.setProperty("--lv-scale", String(s));
    const width = this.width || 640;
    const stacked = width < (f.presenter ? 760 : 620);
    const sideWidth = stacked ? width : Math.round(clamp(width * 0.36, 272 * s, 400 * s));
    d.main.classList.toggle("lv-stacked", stacked);
    this.root.style.setProperty("--lv-side-w", `${sideWidth}px`);
    this.root.classList.toggle("lv-fixed", f.view_height != null);
    this.root.style.height = f.view_height != null ? `${f.view_height}px` : "";
    return { stacked, sideWidth };
  }

  destroy() {
    cancelAnimationFrame(this.rafId);
    this.outbox.stop();
    this.flow.stop();
    document.removeEventListener("visibilitychange", this.onVisible);
    this.resizeObserver.disconnect();
    this.root.remove();
  }
}

/** What the layout depends on: a frame that differs here needs a relayout. */
function layoutKeyOf(f, width) {
  return JSON.stringify([
    width, f.layers, f.skips, f.feature_names, f.problem, f.n_classes, f.bounds, f.output_res,
    f.neuron_res, f.view_height, f.metric_name, f.discretize, !!f.draw?.enabled, !!f.presenter,
  ]);
}
