// Delivery of draw events to Python: each event carries a unique id and waits in an outbox
// until a frame lists its id in `draw_ack`.
//
// Streamlit may deliver one trigger twice (a fragment's timer rerun can pick it up before the
// trigger's own flush), and Python drops the repeat. It may also lose one (two triggers queued
// during one run: the newer wins), so delivery is stop-and-wait: only the oldest unacknowledged
// event is in flight, it is sent again after DELIVERY.resendMs, and given up after maxTries.

const DELIVERY = {
  resendMs: 600, // an event not acknowledged by Python after this long is sent again
  maxTries: 4, // ... at most this many times in all
};

export class Outbox {
  constructor() {
    this.prefix = Math.random().toString(36).slice(2, 10);
    this.count = 0;
    this.items = []; // {value, sentAt, tries}: events not yet acknowledged, oldest first
    this.acknowledged = []; // the newest frame's draw_ack: ids Python has handled
    this.timer = 0;
    this.trigger = null; // the latest setTriggerValue Streamlit gave us
  }

  /** Queue a draw event (with a unique id) and send it when the ones before it are through. */
  post(event) {
    this.count += 1;
    const value = { ...event, id: `${this.prefix}-${this.count}` };
    this.items.push({ value, sentAt: 0, tries: 0 });
    this.check(this.acknowledged);
  }

  /** Drop the acknowledged events; send (or send again) the oldest one still waiting. */
  check(acknowledged) {
    this.acknowledged = acknowledged;
    if (this.items.length === 0) return;
    const done = new Set(acknowledged);
    const now = performance.now();
    while (this.items.length > 0) {
      const head = this.items[0];
      const due = now - head.sentAt >= DELIVERY.resendMs;
      if (done.has(head.value.id) || (due && head.tries >= DELIVERY.maxTries)) {
        this.items.shift();
        continue;
      }
      if (head.tries === 0 || due) {
        head.sentAt = now;
        head.tries += 1;
        // Streamlit hands a fresh setTriggerValue with every call: use the latest one.
        this.trigger?.("draw", head.value);
      }
      break;
    }
    clearTimeout(this.timer);
    if (this.items.length > 0) {
      const wait = this.items[0].sentAt + DELIVERY.resendMs - now;
      this.timer = setTimeout(() => this.check(this.acknowledged), wait);
    }
  }

  stop() {
    clearTimeout(this.timer);
  }
}
