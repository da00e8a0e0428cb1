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

/**
 * The page's stylesheets, loaded: xterm.css among them. A terminal measured before them opens its shell a couple
 * of columns wide, and the first prompt comes out wrapped.
 */
function stylesheets() {
  const links = /** @type {HTMLLinkElement[]} */ ([...document.querySelectorAll('link[rel=stylesheet]')]);
  return Promise.all(links.filter(l => !l.sheet).map(l => new Promise(resolve => {
    l.addEventListener('load', resolve, { once: true });
    l.addEventListener('error', resolve, { once: true });
  })));
}

/**
 * Resolves once the element has been laid out with a width and a height (the first ResizeObserver report that has
 * both), so the terminal's fit proposes the pane's real size.
 * @param {HTMLElement} element
 */
function laidOut(element) {
  return new Promise(resolve => {
    const observer = new ResizeObserver(entries => {
      const box = entries[entries.length - 1].contentRect;
      if (box.width > 0 && box.height > 0) {
        observer.disconnect();
        resolve(undefined);
      }
    });
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

async function attach() {
  const root = document.getElementById('workspace');
  if (!root || !root.dataset.sessionId || !root.dataset.snapshot) return;
  const snapshot = root.dataset.snapshot;
  const area = /** @type {HTMLElement} */ (root.querySelector('[data-role=terminal-area]'));
  await stylesheets();
  await laidOut(area);
  const island = mount(root, { sessionId: root.dataset.sessionId, component: null });
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
