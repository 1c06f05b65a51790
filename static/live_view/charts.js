// The charts: loss and metric curves over the epochs (train solid, test dashed), with the
// current values as text beside each chart's title.

import { TEST_LINE } from "./colours.js";
import { setText, sizeCanvas } from "./dom.js";
import { formatMetric, formatNumber, formatTick, niceCeil } from "./format.js";
import { finiteMax, finiteMin } from "./util.js";

const CHART_HEIGHT = { loss: 104, metric: 78 };

export class Charts {
  constructor(dom, ctx, text) {
    this.dom = dom;
    this.lossCtx = ctx.loss;
    this.metricCtx = ctx.metric;
    this.text = text; // TextStyle
    this.dpr = 1;
  }

  /** Both charts `width` CSS px wide (their heights grow with the presenter scale). */
  resize(width, dpr) {
    const s = this.text.scale;
    this.dpr = dpr;
    sizeCanvas(this.dom.loss.canvas, this.lossCtx, width, CHART_HEIGHT.loss * s, dpr);
    sizeCanvas(this.dom.metric.canvas, this.metricCtx, width, CHART_HEIGHT.metric * s, dpr);
  }

  draw(f) {
    const d = this.dom;
    const history = f.history ?? {};
    setText(d.loss.train, formatNumber(f.train_loss));
    setText(d.loss.test, formatNumber(f.test_loss));
    setText(d.metric.train, formatMetric(f.train_metric, f.metric_name));
    setText(d.metric.test, formatMetric(f.test_metric, f.metric_name));
    const lossMax = niceCeil(Math.max(finiteMax(history.train_loss), finiteMax(history.test_loss)));
    const losses = [history.train_loss, history.test_loss];
    this.drawChart(this.lossCtx, d.loss.canvas, history.epoch, losses, [0, lossMax], formatTick);
    let range = [0, 1];
    let format = (v) => `${Math.round(v * 100)}%`;
    if (f.metric_name !== "accuracy") {
      const low = Math.min(finiteMin(history.train_metric), finiteMin(history.test_metric), 0);
      range = [Math.max(-1, Math.floor(low * 2) / 2), 1];
      format = formatTick;
    }
    const metrics = [history.train_metric, history.test_metric];
    this.drawChart(this.metricCtx, d.metric.canvas, history.epoch, metrics, range, format);
  }

  /** One chart: grid and value labels, the epoch range, then each series as a line. */
  drawChart(ctx, canvas, xs, series, [y0, y1], format) {
    const width = canvas.width / this.dpr;
    const height = canvas.height / this.dpr;
    const k = this.text.scale; // room for the tick labels
    const m = { left: 34 * k, right: 8, top: 6 * k, bottom: 16 * k };
    const box = { ...m, pw: width - m.left - m.right, ph: height - m.top - m.bottom };
    ctx.clearRect(0, 0, width, height);
    const text = this.text.colour();
    ctx.font = this.text.font(10);
    ctx.fillStyle = text;
    ctx.strokeStyle = text;
    drawGrid(ctx, box, y0, y1, format);
    const n = xs ? xs.length : 0;
    if (n === 0) {
      ctx.globalAlpha = 0.55;
      ctx.textAlign = "center";
      ctx.fillText("no epochs yet", box.left + box.pw / 2, box.top + box.ph / 2);
      ctx.globalAlpha = 1;
      return;
    }
    ctx.globalAlpha = 0.65;
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.fillText(formatTick(xs[0]), box.left, box.top + box.ph + 3);
    ctx.textAlign = "right";
    ctx.fillText(`epoch ${formatTick(xs[n - 1])}`, box.left + box.pw, box.top + box.ph + 3);
    ctx.globalAlpha = 1;
    drawSeries(ctx, box, xs, series, y0, y1, text);
  }
}

/** Grid lines at y0, the middle and y1, each with its value left of the plot. */
function drawGrid(ctx, box, y0, y1, format) {
  const { left, top, pw, ph } = box;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of [0, 0.5, 1]) {
    const y = top + ph * (1 - t);
    ctx.globalAlpha = t === 0 ? 0.35 : 0.12;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(left, Math.round(y) + 0.5);
    ctx.lineTo(left + pw, Math.round(y) + 0.5);
    ctx.stroke();
    ctx.globalAlpha = 0.65;
    ctx.fillText(format(y0 + (y1 - y0) * t), left - 5, y);
  }
  ctx.globalAlpha = 1;
}

/** The series (train, then test) as lines clipped to the plot; gaps where a value is not finite. */
function drawSeries(ctx, box, xs, series, y0, y1, text) {
  const { left, top, pw, ph } = box;
  const n = xs.length;
  const xMin = xs[0];
  const xMax = Math.max(xs[n - 1], xMin + 1);
  const sx = pw / (xMax - xMin);
  const sy = ph / (y1 - y0 || 1);
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top - 1, pw, ph + 2);
  ctx.clip();
  ctx.lineWidth = 1.75;
  ctx.lineJoin = "round";
  series.forEach((ys, s) => {
    if (!ys || ys.length === 0) return;
    ctx.strokeStyle = s === 0 ? text : TEST_LINE; // TRAIN_LINE is the text colour
    ctx.setLineDash(s === 0 ? [] : [5, 3]);
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < n && i < ys.length; i++) {
      const v = ys[i];
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      const x = left + (xs[i] - xMin) * sx;
      const y = top + ph - (Math.min(Math.max(v, y0 - 1), y1 + 1) - y0) * sy;
      if (pen) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      pen = true;
    }
    ctx.stroke();
  });
  ctx.restore();
  ctx.setLineDash([]);
}
