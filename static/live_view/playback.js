// Playback: decoded frames wait in a queue, each with the time it is due (performance.now ms).
//
// While training plays, one message brings a batch of frames (each Streamlit run costs the
// browser tens of milliseconds of page re-rendering, so the server runs 5 times a second and
// sends ten frames each time); they are played back at the spacing the batch gives, after what
// still waits, so the picture moves at 50 frames per second. A single frame (paused, a settings
// change), frames after a full run (`replace`) or a backlog of more than one batch are shown at
// once, so the view never lags behind the training by more than one batch.

// Views whose frames carry the same `sync` name (the compare page's two sides) show frame N at
// the same moment: the first view to receive frame N sets its time for all of them, and a view
// holds a due frame N until every view of that name that is receiving frames has it too (their
// messages arrive one after the other, tens of milliseconds apart), or SYNC_WAIT_MS have passed.
const SYNC_DUE = new Map(); // "sync:frame" -> due time (ms, performance.now), oldest first
const SYNC_HAVE = new Map(); // "sync:frame" -> ids of the views that have that frame
const SYNC_VIEWS = new Map(); // sync name -> Map(view id -> when it last received a frame)
const SYNC_WAIT_MS = 300;
const SYNC_ACTIVE_MS = 1500; // a view that received nothing for this long is gone or paused
let nextViewId = 0;

function remember(map, id, value) {
  map.set(id, value);
  for (const old of map.keys()) {
    if (map.size <= 256) break;
    map.delete(old);
  }
}

function dueTime(frame, due, viewId, now) {
  if (!frame.sync) return due;
  const id = `${frame.sync}:${frame.frame}`;
  const shared = SYNC_DUE.get(id) ?? due;
  remember(SYNC_DUE, id, shared);
  remember(SYNC_HAVE, id, (SYNC_HAVE.get(id) ?? new Set()).add(viewId));
  if (!SYNC_VIEWS.has(frame.sync)) SYNC_VIEWS.set(frame.sync, new Map());
  SYNC_VIEWS.get(frame.sync).set(viewId, now);
  return shared;
}

/** Whether every active view of the frame's sync name has it (or waiting is over). */
function partnersReady(entry, now) {
  const { frame, due } = entry;
  if (!frame.sync || now - due > SYNC_WAIT_MS) return true;
  const have = SYNC_HAVE.get(`${frame.sync}:${frame.frame}`) ?? new Set();
  for (const [viewId, seen] of SYNC_VIEWS.get(frame.sync) ?? []) {
    if (!have.has(viewId) && now - seen < SYNC_ACTIVE_MS) return false;
  }
  return true;
}

export class Playback {
  constructor() {
    this.queue = []; // {frame, due}, oldest first
    this.id = nextViewId++;
  }

  get waiting() {
    return this.queue.length;
  }

  /** Milliseconds of queued frames left to play after `now` (0 when nothing waits). */
  remainingMs(now) {
    const last = this.queue[this.queue.length - 1];
    return last ? Math.max(0, last.due - now) : 0;
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
      this.queue.push({ frame, due: dueTime(frame, start + i * spacing, this.id, now) });
    });
  }

  /** The newest frame due by `now` whose partners have it (dropping older due ones), or null. */
  takeDue(now) {
    let next = null;
    while (this.queue.length > 0 && this.queue[0].due <= now && partnersReady(this.queue[0], now)) {
      next = this.queue.shift().frame;
    }
    return next;
  }

  clear() {
    this.queue.length = 0;
  }
}
