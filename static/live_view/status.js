// The status line (epoch, losses, metrics, run badge) and the banner over the output that says
// why training stopped or cannot start.

import { setText } from "./dom.js";
import { formatMetric, formatNumber } from "./format.js";

const STATUS_LABEL = { no_data: "no data" }; // the badge's text, where it is not the status itself
// The banner over the output for these statuses, when the frame brings no `status_text`:
const BANNER_TEXT = {
  diverged: "Training diverged and was stopped. Lower the learning rate, then reset.",
  no_data: "There are no training points.",
};

export function drawStatus(d, f) {
  setText(d.epoch, String(f.epoch));
  setText(d.trainLoss, formatNumber(f.train_loss));
  setText(d.testLoss, formatNumber(f.test_loss));
  setText(d.trainMetric, formatMetric(f.train_metric, f.metric_name));
  setText(d.testMetric, formatMetric(f.test_metric, f.metric_name));
  const status = f.status ?? "paused";
  if (d.badge.dataset.status !== status) {
    d.badge.dataset.status = d.banner.dataset.status = status;
    d.badge.textContent = STATUS_LABEL[status] ?? status;
    // Defer screen-reader announcements while numbers change every frame.
    d.status.setAttribute("aria-busy", status === "playing" ? "true" : "false");
  }
  const banner = status in BANNER_TEXT ? f.status_text || BANNER_TEXT[status] : "";
  setText(d.banner, banner);
  if (d.banner.hidden !== !banner) d.banner.hidden = !banner;
}

/** The metric's name in the status line, the chart title and the chart's labels. */
export function labelMetric(d, f) {
  setText(d.metric.titleNode, f.metric_name === "accuracy" ? "Accuracy" : f.metric_name);
  const metricLabel = f.metric_name === "accuracy" ? "accuracy" : f.metric_name;
  setText(d.trainMetricLabel, `Train ${metricLabel}`);
  setText(d.testMetricLabel, `Test ${metricLabel}`);
}
