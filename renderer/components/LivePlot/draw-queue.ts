/**
 * One requestAnimationFrame for every live plot on the page: appends only mark
 * a plot dirty, and the next frame draws each dirty plot once, however many
 * frames of data arrived in between (coalescing: at 1 kHz a plot is drawn at
 * most once per screen refresh, never once per message).
 */
export interface Drawable {
  /** Draws now; returns false when it could not (e.g. out of sight), so it stays dirty. */
  draw(): boolean;
}

const dirty = new Set<Drawable>();
let frame = 0;

function flush(): void {
  frame = 0;
  const now = [...dirty];
  dirty.clear();
  for (const d of now) if (!d.draw()) dirty.add(d);
}

export function requestDraw(d: Drawable): void {
  dirty.add(d);
  frame ||= requestAnimationFrame(flush);
}

/** A plot that goes away must not be drawn by a frame already asked for. */
export function cancelDraw(d: Drawable): void {
  dirty.delete(d);
}
