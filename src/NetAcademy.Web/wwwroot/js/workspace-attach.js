// @ts-check
// Mounts the terminal island at the page's load, with the session snapshot the server wrote into the page: a lab
// that is ready already (a warm start from a pool, a reload) shows its prompt without waiting for the Blazor circuit
// to start and render, which took 0.7-1.1 s of a warm start from the browser (BENCHMARKS.md, lab-start-warm-browser).
// SessionPanel mounts it again once its circuit is up: that hands over the component and every later snapshot.

import { mount } from './workspace.js';

function attach() {
  const root = document.getElementById('workspace');
  if (!root || !root.dataset.sessionId || !root.dataset.snapshot) return;
  const island = mount(root, { sessionId: root.dataset.sessionId, component: null });
  island.publish(root.dataset.snapshot);
}

// After the page's stylesheets (xterm.css among them, linked in the body): a terminal measured before them opens its
// shell a couple of columns wide, and the first prompt comes out wrapped.
if (document.readyState === 'complete') attach();
else window.addEventListener('load', attach, { once: true });
