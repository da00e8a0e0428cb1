// @ts-check
// Which session snapshot the workspace shows, pure so Node tests it.

/**
 * Whether `next` replaces the snapshot shown: snapshots reach the page by more than one path and can cross, and a
 * page must never go back to an older state of the same session.
 * @param {{ id: string, version: number } | null} shown
 * @param {{ id: string, version: number }} next
 */
export function isNewer(shown, next) {
  return !shown || shown.id !== next.id || next.version >= shown.version;
}
