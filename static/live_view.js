/**
 * Live view of the neural network playground: the picture a student watches while a network trains.
 *
 * Loaded once per page by the tiny inline loader that playground/ui/widgets/live_view.py registers as a
 * Streamlit `st.components.v2` component; Streamlit then calls the default export again with new
 * `data` for every frame (the component is keyed, so `parentElement` stays the same). Everything a
 * frame needs arrives in one binary message; the DOM and the canvases are created once per mount
 * and only updated afterwards, and drawing happens in requestAnimationFrame, at most one frame
 * per display refresh.
 *
 * This file is the entry; the view is made of ES modules in live_view/, one concept each:
 *   view.js        the LiveView: one view's state, composing the pieces below
 *   wire.js        decoding a message into frames (the wire format)
 *   frame_schema.js  the frame's keys (generated from playground/live/frame_schema.py)
 *   playback.js    the queue of frames and when each is due
 *   flow.js        asking the server for the next batch (flow control)
 *   layout.js      building the DOM (and the test ids)      style.js   CSS and canvas text style
 *   status.js      the status line and banner               heatmap.js the output plot and points
 *   atlas.js       the node maps                            diagram.js the network diagram
 *   links.js       the diagram's links                      focus.js   the focused node
 *   node_card.js   the node card                            charts.js  loss and metric curves
 *   draw_mode.js   drawing points (+ outbox.js: delivering the events to Python)
 *   weight_editor.js  setting a weight or bias by hand (its events go through outbox.js too)
 *   export.js      PNG export          colours.js, format.js, dom.js, util.js: shared helpers
 */

import { formatMetric, formatNumber, formatTick } from "./live_view/format.js";
import { LiveView } from "./live_view/view.js";

const VIEWS = new WeakMap(); // parentElement -> LiveView, one per mounted component

export { formatMetric, formatNumber, formatTick }; // for tests (tests/browser/standalone_view.py)

export default function liveView({ data, parentElement, setTriggerValue }) {
  let view = VIEWS.get(parentElement);
  if (!view) {
    view = new LiveView(parentElement);
    VIEWS.set(parentElement, view);
  }
  // Events (draw mode) go out through the trigger function of the latest call.
  view.sendTrigger = setTriggerValue ?? view.sendTrigger;
  view.receive(data);
  // Streamlit also calls the cleanup of calls that a newer frame overtook, while the element
  // stays mounted: destroy only once the element has really left the page.
  return () =>
    setTimeout(() => {
      if (!parentElement.isConnected && VIEWS.get(parentElement) === view) {
        view.destroy();
        VIEWS.delete(parentElement);
      }
    }, 0);
}
