// @ts-check
// The arithmetic of the workspace's splitters (layout.js): a share clamped to its split's range, and where the
// keyboard moves a handle. Pure functions, tested by Node's test runner.

/** @typedef {{ variable: string, min: number, max: number, initial: number, label: string }} Split */

/**
 * A split's share clamped to its range, to a tenth of a percent; anything not a number (a bad saved value) gives
 * the default.
 * @param {Split} split
 * @param {unknown} value percent
 * @returns {number}
 */
export function clampShare(split, value) {
  return Math.round(Math.min(split.max, Math.max(split.min, Number(value) || split.initial)) * 10) / 10;
}

/**
 * Where a key moves a handle: the arrows along its axis by 2 (Shift: 10), Home and End to the ends, Enter back to
 * the default; null for any other key.
 * @param {Split} split
 * @param {'vertical' | 'horizontal'} orientation
 * @param {number} now the current share
 * @param {{ key: string, shiftKey: boolean }} ev
 * @returns {number | null}
 */
export function keyedShare(split, orientation, now, ev) {
  const step = ev.shiftKey ? 10 : 2;
  const grow = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
  const shrink = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
  if (ev.key === grow) return now + step;
  if (ev.key === shrink) return now - step;
  if (ev.key === 'Home') return split.min;
  if (ev.key === 'End') return split.max;
  if (ev.key === 'Enter') return split.initial;
  return null;
}
