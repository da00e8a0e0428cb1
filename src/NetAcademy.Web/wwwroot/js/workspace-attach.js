// @ts-check
// Mounts the terminal island as soon as the workspace can be measured, with the session snapshot the server wrote into
// the page: a lab that is ready already (a warm start from a pool, a reload) shows its prompt without waiting for the
// page's other scripts or the Blazor circuit (BENCHMARKS.md, lab-start-warm-browser). The page loads this module
// async, ahead of everything else, with the layout's splitters; the graph and packet islands (cytoscape, the ELK
// worker) are imported here after the first terminal has shown its shell, and are told of the workspace's hub
// connection and session then.
// SessionPanel mounts the island again once its circuit is up: that hands over the component and every later snapshot.

// The layout first: its splitters place the lab pane and the terminal area (the grid has a column for the lesson | lab
// handle), so a terminal mounted before it opens its shell in an 8-pixel column, two characters wide.
import { addLateFullscreenButtons } from './layout.js';
import { mount } from './workspace.js';

/** How long the other islands wait for the first terminal's output before they load anyway (a shell that is slow to answer). */
const OTHERS_AFTER_MS = 3000;

/** How long the terminal waits for its area to be laid out with a size before it mounts anyway (an area kept hidden). */
const LAYOUT_WAIT_MS = 2000;

/**
 * Resolves once the element has been laid out with a width and a height (the first ResizeObserver report that has
 * both), or after LAYOUT_WAIT_MS. A report comes with a rendering update, and the page's stylesheets (in its head,
 * xterm.css among them) hold rendering back until they are in: the terminal's fit then proposes the pane's real size.
 * (Waiting for each stylesheet's load event instead could wait forever: one that failed before this module ran has no
 * sheet and fires no more events.)
 * @param {HTMLElement} element
 */
function laidOut(element) {
  return new Promise(resolve => {
    const observer = new ResizeObserver(entries => {
      const box = entries[entries.length - 1].contentRect;
      if (box.width > 0 && box.height > 0) done();
    });
    const timer = setTimeout(done, LAYOUT_WAIT_MS);
    function done() {
      clearTimeout(timer);
      observer.disconnect();
      resolve(undefined);
    }
    observer.observe(element);
  });
}

/**
 * The graph, packet and capture islands, then their full screen buttons (in their toolbars, which they make), then
 * what they missed of the workspace.
 * @param {HTMLElement} root
 * @param {import('./workspace.js').WorkspaceIsland} island
 */
async function startOthers(root, island) {
  await import('./graph.js');
  await import('./packets.js');
  await import('./capture-follow.js');
  addLateFullscreenButtons(root);
  island.replay();
}

/** @param {number} ms */
const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

/** At most this many reloads in a row for a page whose scripts did not all load (shared with js/workspace-boot.js). */
const MAX_RELOADS = 3;

/** The count of reloads in a row, per page, as js/workspace-boot.js keeps it. */
const RELOADS_KEY = () => 'netacademy:workspace-reloads:' + location.pathname;

/**
 * Loads the page again when the island cannot mount because a script it needs did not load (the hub client's classic
 * script, cancelled like every load in flight when the browser saw its network change: net::ERR_NETWORK_CHANGED, as
 * happens while a host creates the lab's interfaces). workspace-boot.js does the same after a grace period, but it is
 * a script of its own and can fail to load with the others; this module did load. At most MAX_RELOADS in a row.
 * @param {unknown} error
 */
function reloadAfterFailedMount(error) {
  const key = RELOADS_KEY();
  const tries = Number(sessionStorage.getItem(key) || 0);
  console.error('The workspace could not start:', error);
  if (tries >= MAX_RELOADS) return;
  sessionStorage.setItem(key, String(tries + 1));
  setTimeout(() => location.reload(), 500);
}

async function attach() {
  const root = document.getElementById('workspace');
  if (!root || !root.dataset.sessionId || !root.dataset.snapshot) return;
  const snapshot = root.dataset.snapshot;
  const area = /** @type {HTMLElement} */ (root.querySelector('[data-role=terminal-area]'));
  await laidOut(area);
  /** @type {import('./workspace.js').WorkspaceIsland} */
  let island;
  try {
    island = mount(root, { sessionId: root.dataset.sessionId, component: null });
  } catch (error) {
    reloadAfterFailedMount(error);
    return;
  }
  sessionStorage.removeItem(RELOADS_KEY());
  island.publish(snapshot);
  if (JSON.parse(snapshot).state === 'Ready') {
    await Promise.race([island.shown, delay(OTHERS_AFTER_MS)]);
    // A frame for xterm to draw what came before the other islands' scripts take the main thread (a background
    // tab draws no frames: not longer than a moment).
    await Promise.race([new Promise(resolve => requestAnimationFrame(resolve)), delay(50)]);
  }
  await startOthers(root, island);
}

attach();
