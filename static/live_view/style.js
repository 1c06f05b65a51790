// The view's stylesheet (one <style> in the shadow root) and the text style its canvases share:
// font family, text colour and the presenter-mode scale.

// Presenter mode: all text, and the room around it, this much larger.
export const PRESENTER_SCALE = 1.5;

/** A CSS length that grows in presenter mode: n px times --lv-scale (PRESENTER_SCALE or 1). */
const px = (n) => `calc(${n}px * var(--lv-scale, 1))`;

export const STYLE = `
.lv-root { font-family: var(--st-font, "Source Sans Pro", system-ui, sans-serif);
  color: var(--st-text-color, #31333f); font-size: ${px(14)}; line-height: 1.35;
  display: flex; flex-direction: column; gap: 10px;
  overflow-wrap: normal; word-break: normal; hyphens: manual; } /* never split a word */
.lv-root :focus:not(:focus-visible) { outline: none; } /* focus rings for the keyboard only */
.lv-root *, .lv-root *::before, .lv-root *::after { box-sizing: border-box; }
.lv-root.lv-fixed { overflow: hidden; }
.lv-root [hidden] { display: none !important; }
.lv-status { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: ${px(18)};
  row-gap: 2px; padding: 8px 14px; border-radius: var(--st-base-radius, 8px);
  background: var(--st-secondary-background-color, #f0f2f6); font-variant-numeric: tabular-nums; }
.lv-stat, .lv-pair { white-space: nowrap; }
.lv-pair { display: flex; align-items: baseline; column-gap: inherit; }
.lv-label { opacity: 0.72; margin-right: 4px; }
.lv-epoch .lv-label { font-size: ${px(13)}; text-transform: uppercase; letter-spacing: 0.06em; }
.lv-epoch .lv-value { font-size: ${px(22)}; font-weight: 650; }
.lv-stat .lv-value { font-weight: 600; }
.lv-dot { opacity: 0.4; margin: 0 ${px(-10)}; }
.lv-badge { margin-left: auto; align-self: center; font-size: ${px(12)}; font-weight: 600;
  letter-spacing: 0.05em; text-transform: uppercase; padding: 2px 10px 2px 8px;
  border-radius: 999px; background: rgba(128, 128, 128, 0.16); white-space: nowrap; }
.lv-badge::before { content: ""; display: inline-block; width: ${px(8)}; height: ${px(8)};
  margin-right: 6px; border-radius: 50%; background: #8a9199; vertical-align: 0; }
.lv-badge[data-status="playing"]::before { background: #009E73; }
.lv-badge[data-status="diverged"]::before { background: #D55E00; }
.lv-badge[data-status="diverged"] { background: rgba(213, 94, 0, 0.18); }
.lv-badge[data-status="no_data"]::before { background: none; box-shadow: inset 0 0 0 1.5px #8a9199;
}
.lv-main { display: grid; grid-template-columns: minmax(0, 1fr) var(--lv-side-w, 320px);
  gap: 12px; align-items: stretch; }
.lv-main.lv-stacked { grid-template-columns: minmax(0, 1fr); }
.lv-fixed .lv-main { flex: 1 1 auto; min-height: 0; grid-template-rows: minmax(0, 1fr); }
.lv-fixed .lv-side { overflow-y: auto; }
.lv-panel { border: 1px solid var(--st-border-color-light, rgba(49, 51, 63, 0.12));
  border-radius: var(--st-base-radius, 8px); padding: 8px 10px; min-width: 0; }
.lv-title { font-size: ${px(12)}; font-weight: 600; letter-spacing: 0.05em;
  text-transform: uppercase; opacity: 0.7; margin: 0 0 4px; }
.lv-net { position: relative; display: flex; flex-direction: column; min-height: 260px; }
.lv-net-scroll { position: relative; flex: 1 1 0; min-height: 0; overflow: auto;
  overscroll-behavior: contain; }
.lv-net-scroll canvas { position: relative; display: block; outline: none; }
.lv-net-scroll canvas.lv-links { position: absolute; left: 0; top: 0; pointer-events: none; }
.lv-net-scroll canvas:focus-visible {
  box-shadow: inset 0 0 0 2px var(--st-primary-color, #ff4b4b); }
.lv-caption { font-size: ${px(12)}; opacity: 0.7; margin-top: 4px; }
.lv-swatch { display: inline-block; width: ${px(14)}; height: 3px; border-radius: 2px;
  vertical-align: middle; margin: 0 3px 0 6px; }
.lv-side { display: flex; flex-direction: column; gap: 10px; min-width: 0; }
.lv-plot-wrap { position: relative; margin: 2px 0 0 ${px(40)}; }
.lv-plot { position: relative; border-radius: 2px; overflow: hidden;
  box-shadow: 0 0 0 1px rgba(0, 0, 0, 0.15); }
.lv-plot canvas { position: absolute; left: 0; top: 0; display: block; }
.lv-plot canvas.lv-crisp { image-rendering: pixelated; }
.lv-plot canvas.lv-overlay { pointer-events: none; }
.lv-plot.lv-drawing canvas { cursor: crosshair; outline: none; }
.lv-plot.lv-focus { box-shadow: 0 0 0 2px var(--st-primary-color, #ff4b4b); }
.lv-cursor { position: absolute; width: 19px; height: 19px; margin: -9px 0 0 -9px;
  pointer-events: none; border-radius: 50%; border: 2px solid #fff;
  box-shadow: 0 0 0 1px #000, inset 0 0 0 1px #000; }
.lv-cursor::before, .lv-cursor::after { content: ""; position: absolute; background: #000; }
.lv-cursor::before { left: 7.5px; top: -7px; width: 1px; height: 29px; }
.lv-cursor::after { top: 7.5px; left: -7px; height: 1px; width: 29px; }
.lv-title-row { display: flex; align-items: center; justify-content: space-between; gap: 8px;
  margin: 0 0 4px; }
.lv-title-row .lv-title { margin: 0; }
.lv-download { font: inherit; font-size: ${px(11)}; line-height: 1.4; padding: 1px 9px;
  border-radius: 999px; border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  background: transparent; color: inherit; cursor: pointer; opacity: 0.75; white-space: nowrap; }
.lv-download:hover { opacity: 1; border-color: var(--st-primary-color, #ff4b4b); }
.lv-download:focus-visible { opacity: 1; outline: 2px solid var(--st-primary-color, #ff4b4b);
  outline-offset: 1px; }
.lv-draw-caption { margin-top: 6px; }
.lv-draw-caption i { display: inline-block; width: ${px(10)}; height: ${px(10)}; border-radius: 50%;
  margin: 0 3px -1px; box-shadow: 0 0 0 1px #fff, 0 0 0 2px #999; }
.lv-tick { position: absolute; font-size: ${px(11)}; opacity: 0.7; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
.lv-axis { position: absolute; font-size: ${px(12)}; opacity: 0.75; font-style: italic; }
.lv-banner { position: absolute; left: 8px; right: 8px; top: 8px; padding: 6px 10px;
  border-radius: 6px; background: rgba(255, 255, 255, 0.92); color: #8a3a00; font-size: ${px(13)};
  font-weight: 600; text-align: center; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.2); }
.lv-banner[data-status="no_data"] { color: inherit; }
.lv-legend { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px;
  font-size: ${px(12)}; margin: ${px(36)} 0 0 0; }
.lv-gradient { display: flex; align-items: center; gap: 6px; }
.lv-gradient i { display: block; width: ${px(96)}; height: ${px(10)}; border-radius: 3px;
  box-shadow: 0 0 0 1px rgba(0, 0, 0, 0.1); }
.lv-chip { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; }
.lv-chip i { display: inline-block; width: ${px(11)}; height: ${px(11)}; border-radius: 2px; }
.lv-chip i.lv-dotkey { border-radius: 50%; background: #9aa3ab; }
.lv-chart-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 10px;
  font-variant-numeric: tabular-nums; font-size: ${px(13)}; }
.lv-chart-head .lv-title { margin: 0 auto 0 0; }
.lv-chart canvas { display: block; margin-top: 2px; }
.lv-card { position: absolute; z-index: 2; width: ${px(232)}; padding: 10px 12px;
  font-size: ${px(13)};
  border-radius: var(--st-base-radius, 8px); background: var(--st-background-color, #fff);
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.18); pointer-events: none;
  font-variant-numeric: tabular-nums; }
.lv-card.lv-pinned { pointer-events: auto; }
.lv-card-head { display: flex; justify-content: space-between; gap: 8px; font-weight: 600; }
.lv-card-pin { font-weight: 400; font-size: ${px(11)}; opacity: 0.65; white-space: nowrap; }
.lv-card canvas { display: block; margin: 8px auto 6px; border-radius: 2px;
  box-shadow: 0 0 0 1px rgba(0, 0, 0, 0.15); }
.lv-card-line { display: flex; justify-content: space-between; }
.lv-card-sub { margin-top: 6px; font-size: ${px(11)}; text-transform: uppercase;
  letter-spacing: 0.05em; opacity: 0.65; }
.lv-card ol { list-style: none; margin: 2px 0 0; padding: 0; max-height: ${px(168)};
  overflow-y: auto; }
.lv-card li { font-size: ${px(12)}; line-height: 1.5; }
.lv-card li span:first-child { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.lv-card li span:last-child { text-align: right; }
.lv-card li.lv-zero { opacity: 0.5; }
.lv-row { display: grid; grid-template-columns: ${px(64)} 1fr ${px(58)}; align-items: center;
  gap: 6px; width: 100%; padding: 0 2px; margin: 0; border: 0; border-radius: 3px;
  background: none; color: inherit; font: inherit; text-align: left; cursor: pointer; }
.lv-row:hover, .lv-row:focus-visible { background: rgba(128, 128, 128, 0.14); outline: none; }
.lv-card-line.lv-row { display: flex; justify-content: space-between; }
.lv-editor { position: absolute; z-index: 3; top: ${px(34)}; right: 8px; width: ${px(236)};
  padding: 8px 10px; font-size: ${px(13)}; border-radius: var(--st-base-radius, 8px);
  background: var(--st-background-color, #fff);
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.18); }
.lv-editor-row { display: flex; gap: 8px; align-items: center; margin: 6px 0 4px; }
.lv-editor input[type=text] { width: ${px(76)}; font: inherit; padding: 2px 4px; }
.lv-editor input[aria-invalid] { outline: 2px solid #d62728; }
.lv-editor input[type=range] { flex: 1 1 auto; min-width: 0; }
.lv-editor-close { border: 0; background: none; color: inherit; font-size: ${px(16)};
  line-height: 1; cursor: pointer; padding: 0 2px; }
.lv-bar { height: 6px; border-radius: 3px; background: rgba(128, 128, 128, 0.15);
  overflow: hidden; }
.lv-bar i { display: block; height: 100%; border-radius: 3px; }
.lv-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** What canvas text looks like: the root's font and colour, `scale` times the normal size. */
export class TextStyle {
  constructor(root) {
    this.root = root;
    this.scale = 1; // PRESENTER_SCALE in presenter mode
    this.family = "";
    this.colourCache = null;
  }

  /** A canvas font of `size` px (times the presenter scale). */
  font(size, weight = 400) {
    if (!this.family) this.family = getComputedStyle(this.root).fontFamily || "sans-serif";
    return `${weight} ${size * this.scale}px ${this.family}`;
  }

  colour() {
    if (!this.colourCache) this.colourCache = getComputedStyle(this.root).color;
    return this.colourCache;
  }

  /** Read the colour again at the next use (to follow a theme switch). */
  forgetColour() {
    this.colourCache = null;
  }

  /** The page's background colour (for exported images). */
  background() {
    const css = getComputedStyle(this.root).getPropertyValue("--st-background-color").trim();
    return css || "#ffffff";
  }
}
