// The frame schema, GENERATED from playground/live/frame_schema.py: do not edit; run
// `python -m playground.live.frame_schema` after changing the table there.

/**
 * One frame as decodeFrame (wire.js) returns it; arrays are typed-array views.
 * @typedef {Object} Frame
 * @property {number} frame frame number, counting up per view (frame, json)
 * @property {number} epoch epochs trained so far (frame, json)
 * @property {?number} [step] mini-batch steps so far (frame, json)
 * @property {string} status one of playing, paused, diverged, no_data (frame, json)
 * @property {string} [status_text] why the status is what it is (the trainer's words on a
 *   divergence) (loop, json)
 * @property {string} problem one of binary, multiclass, regression (frame, json)
 * @property {number} n_classes classes of the data (regression: 0) (frame, json)
 * @property {number[]} bounds [lo, hi]: the square plane shown (frame, json)
 * @property {number} output_res side R of the output grid (frame, json)
 * @property {Uint8Array} output R x R output over the plane, top row first: values in [-1, 1]
 *   (binary: 2p - 1), or the winning class index (multiclass) (frame, u8_output)
 * @property {?Uint8Array} [output_conf] multiclass: R x R probability of the winning class (frame,
 *   u8_unit)
 * @property {Float32Array} [points] x, y of every point, train then test (frame, f32)
 * @property {Float32Array} [labels] label of every point (frame, f32)
 * @property {Uint8Array} [is_test] 1 for a test point, 0 for a train point (frame, u8)
 * @property {boolean} [show_test] draw the test points (frame, json)
 * @property {boolean} [discretize] threshold the output instead of shading it (frame, json)
 * @property {number[]} layers nodes per column: inputs, hidden, outputs (frame, json)
 * @property {number[]} [skips] per hidden layer, 1 where a skip connection adds the layer's input
 *   to its output (frame, json)
 * @property {string[]} feature_names label of every input node (frame, json)
 * @property {number} neuron_res side r of every node's map (frame, json)
 * @property {Uint8Array} neurons every node's r x r map in [-1, 1], node by node in column order
 *   (frame, u8_signed)
 * @property {Float32Array} weights every layer's W (n_in x n_out, row-major), layer after layer
 *   (frame, f32)
 * @property {Float32Array} biases every layer's b, layer after layer (frame, f32)
 * @property {Object<string, Float32Array>} [history] the loss history, downsampled: one float32
 *   array per field (a later frame of a message gets the previous frame's, extended by its own
 *   latest figures) (frame, f32_columns)
 * @property {string} metric_name 'accuracy' or 'R²' (frame, json)
 * @property {number} train_loss latest train loss (frame, json, null -> NaN)
 * @property {number} test_loss latest test loss (frame, json, null -> NaN)
 * @property {number} train_metric latest train metric (frame, json, null -> NaN)
 * @property {number} test_metric latest test metric (frame, json, null -> NaN)
 * @property {?{enabled: boolean, label: number}} [draw] draw mode: clicks on the output add or
 *   remove points (ui/widgets/live_view.py) (loop, json)
 * @property {boolean} [replace] drop the frames the browser still has queued (after a full run)
 *   (loop, json)
 * @property {number} [flow] seconds of frames left to play at which the renderer asks for the next
 *   batch (its trigger "more"); 0: the server's own timer sends them (loop, json)
 * @property {?string} [sync] views with the same sync name show frame N at the same moment (compare
 *   page) (loop, json)
 * @property {number} [network] which network the view shows: counts up when it is rebuilt or reset
 *   (a weight edit names the network it was made on) (loop, json)
 * @property {?number} [edit_limit] largest |value| a weight edit sets (playground/live/edits.py)
 *   (loop, json)
 * @property {?number} [view_height] fixed height of the view in CSS px, or null to fit the content
 *   (encoder, json)
 * @property {boolean} [presenter] presenter mode: all text drawn larger (sent only when true)
 *   (encoder, json)
 * @property {?string[]} [draw_ack] ids of the draw events Python handled lately (encoder, json)
 */

/** Every key a frame may carry (the renderer reads no other). */
export const FRAME_KEYS = [
  "frame",
  "epoch",
  "step",
  "status",
  "status_text",
  "problem",
  "n_classes",
  "bounds",
  "output_res",
  "output",
  "output_conf",
  "points",
  "labels",
  "is_test",
  "show_test",
  "discretize",
  "layers",
  "skips",
  "feature_names",
  "neuron_res",
  "neurons",
  "weights",
  "biases",
  "history",
  "metric_name",
  "train_loss",
  "test_loss",
  "train_metric",
  "test_metric",
  "draw",
  "replace",
  "flow",
  "sync",
  "network",
  "edit_limit",
  "view_height",
  "presenter",
  "draw_ack"
];
/** Optional keys and what the renderer assumes when a frame leaves one out. */
export const FRAME_DEFAULTS = {
  "step": null,
  "status_text": "",
  "output_conf": null,
  "show_test": false,
  "discretize": false,
  "skips": [],
  "draw": null,
  "replace": false,
  "flow": 0,
  "sync": null,
  "network": 0,
  "edit_limit": null,
  "view_height": null,
  "presenter": false,
  "draw_ack": null
};
/** Figures that travel as null when not finite; decodeFrame makes them NaN. */
export const NULLABLE_FIGURES = ["train_loss", "test_loss", "train_metric", "test_metric"];
/** Keys only a message's first frame carries; decodeMessage carries them on. */
export const CARRIED_KEYS = ["points", "labels", "is_test", "history"];
export const HISTORY_KEYS = [
  "epoch",
  "train_loss",
  "test_loss",
  "train_metric",
  "test_metric"
];
export const STATUSES = ["playing", "paused", "diverged", "no_data"];
/** Flow control: how the renderer asks for the next batch (flow.js). */
export const FLOW_CONTROL = {
  "event": "more",
  "watchdog_factor": 5.0,
  "watchdog_min_s": 3.0,
  "watchdog_latency": 3.0,
  "latency_weight": 0.3,
  "latency_margin": 1.5
};
