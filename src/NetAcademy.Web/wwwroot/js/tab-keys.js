// @ts-check
// Keyboard moves in a tab list (the ARIA tabs pattern), pure so Node tests it.

/**
 * The tab an arrow, Home or End key moves to in a list of `count` tabs, or null for any other key.
 * @param {string} key
 * @param {number} at the focused tab's index
 * @param {number} count
 * @returns {number | null}
 */
export function tabKeyTarget(key, at, count) {
  if (key === 'ArrowRight') return (at + 1) % count;
  if (key === 'ArrowLeft') return (at - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
