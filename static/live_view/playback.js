// Playback: decoded frames wait in a queue, each with the time it is due (performance.now ms).
//
// While training plays, one message brings a batch of frames (each Streamlit run costs the
// browser tens of milliseconds of page re-rendering, so the server runs 5 times a second and
// sends ten frames each time); they are played back at the spacing the batch gives, after what
// still waits, so the picture moves at 50 frames per second. A single frame (paused, a settings
// change), frames after a full run (`replace`) or a backlog of more than one batch are shown at
// once, so the view never lags behind the training by more than one batch.

// Views whose frames carry the same `sync` name (the compare page's two sides) show frame N at
// the same moment: the first view to receive frame N sets its time for all of them.
const SYNC_DUE = new Map(); // "sync:frame" -> due time (ms, performance.now), oldest first

function dueTime(frame, due) {
  if (!frame.sync) return due;
  const id = `${frame.sync}:${frame.frame}`;
  const shared = SYNC_DUE.get(id) ?? due;
  SYNC_DUE.set(id, shared);
  for (const old of SYNC_DUE.keys()) {
    if (SYNC_DUE.size <= 256) break;
    SYNC_DUE.delete(old);
  }
  return shared;
}

export class Playback {
  constructor() {
    this.queue = []; // {frame, due}, oldest first
  }

  get waiting() {
    return this.queue.length;
  }

  /** Queue the frames of one message, `spacing` ms apart (see the module comment). */
  add(frames, spacing) {
    const now = performance.now();
    const last = this.queue[this.queue.length - 1];
    let start = last ? Math.max(now, last.due + spacing) : now;
    const firstFrame = frames[0];
    const replace = frames.length === 1 || firstFrame.replace;
    if (replace || start - now > (frames.length + 1) * spacing) {
      this.queue.length = 0;
      start = now;
    }
    frames.forEach((frame, i) => {
      this.queue.push({ frame, due: dueTime(frame, start + i * spacing) });
    });
  }

  /** The newest frame due by `now` (dropping the older due ones), or null. */
  takeDue(now) {
    let next = null;
    while (this.queue.length > 0 && this.queue[0].due <= now) next = this.queue.shift().frame;
    return next;
  }

  clear() {
    this.queue.length = 0;
  }
}
