/**
 * Resolves once the browser has painted a frame (the static shell of index.html): the
 * `requestAnimationFrame` callback runs just before that frame's paint, and a task queued from
 * it runs after. A hidden page paints nothing, so it resolves at once there.
 */
export function afterFirstPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (document.visibilityState === 'hidden') resolve();
    else requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}
