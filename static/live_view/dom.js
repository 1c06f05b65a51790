// DOM helpers: element creation, text updates that skip needless mutations, canvas sizing.

export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (k === "className") node.className = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

/** Set text only when it changed: no needless DOM mutations at 40+ frames per second. */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Give a canvas `width` x `height` CSS px, drawn at `dpr` device pixels per CSS px. */
export function sizeCanvas(canvas, ctx, width, height, dpr) {
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
}
