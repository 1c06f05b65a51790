// Flow control: while training plays, the renderer asks the server for its next batch of frames.
//
// A frame with `flow` > 0 says the server has no timer for this view: it runs again when the
// renderer sends the trigger "more", which it does once at most `flow` seconds of received
// frames are left to play, or earlier when asks have lately taken longer than that to be
// answered (a busy server, a slow network). So a busy server is never asked for a run
// before the previous one arrived (a timer would queue runs behind each other and Streamlit
// would drop the finished run's frames), a hidden tab asks for nothing (a tab shown again asks
// at once), and the server sets the pace by the batches it sends. If nothing arrives after an
// ask, it is asked again after a while: Streamlit keeps only the newest of two triggers sent
// during one run, so an ask can be lost. Not too soon, though: an ask again that reaches a
// saturated server while the answer is still in its send queue starts a new run, and Streamlit
// drops the unsent frames of the run before; so the watchdog also waits three times the recent
// latency. The numbers are FLOW_CONTROL (frame_schema.js).

import { FLOW_CONTROL as FLOW } from "./frame_schema.js";

export class FlowControl {
  constructor() {
    this.prefix = Math.random().toString(36).slice(2, 10);
    this.count = 0;
    this.latest = null; // the newest frame received: its `flow` and `status` decide
    this.asked = false; // asked since the newest batch arrived
    this.askedAt = 0;
    this.latencyMs = 0; // moving average of the time from an ask to the batch it brought
    this.timer = 0;
    this.trigger = null; // the latest setTriggerValue Streamlit gave us
  }

  /** A message arrived: its newest frame says whether (and how early) to ask for the next. */
  received(frame) {
    if (this.asked) {
      const took = performance.now() - this.askedAt;
      this.latencyMs += FLOW.latency_weight * (took - this.latencyMs);
    }
    this.latest = frame;
    this.asked = false;
  }

  /** Ask for the next batch if `remainingMs` of frames are left to play and that is little. */
  check(remainingMs, now) {
    const f = this.latest;
    const flowMs = (f?.flow ?? 0) * 1000;
    clearTimeout(this.timer);
    if (!(flowMs > 0) || f.status !== "playing" || document.hidden) return;
    const wait = Math.max(
      1000 * FLOW.watchdog_min_s,
      FLOW.watchdog_factor * flowMs,
      FLOW.watchdog_latency * this.latencyMs,
    );
    if (this.asked && now - this.askedAt < wait) {
      this.timer = setTimeout(() => this.check(0, performance.now()), this.askedAt + wait - now);
      return;
    }
    if (remainingMs > Math.max(flowMs, FLOW.latency_margin * this.latencyMs)) return; // later
    this.count += 1;
    this.asked = true;
    this.askedAt = now;
    this.trigger?.(FLOW.event, { id: `${this.prefix}-${this.count}` });
    this.timer = setTimeout(() => this.check(0, performance.now()), wait);
  }

  stop() {
    clearTimeout(this.timer);
  }
}
