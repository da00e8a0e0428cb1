// @ts-check
// Code blocks on every page (lesson pages and the workspace): copy buttons, and keyboard scrolling for blocks
// wider than their column. The button says what
// happened ("Copied" / "Copy failed") for a moment; a live region tells screen readers the same.
// navigator.clipboard only exists on secure origins (https, localhost); a classroom server reached over plain
// http falls back to a hidden textarea and execCommand('copy').

const RESET_MS = 1500;

/** @param {string} text */
async function writeText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    if (!document.execCommand('copy')) throw new Error('copy refused');
  } finally {
    area.remove();
  }
}

/** @param {string} text */
function announce(text) {
  let region = document.getElementById('copy-status');
  if (!region) {
    region = document.createElement('div');
    region.id = 'copy-status';
    region.className = 'visually-hidden';
    region.setAttribute('role', 'status');
    document.body.append(region);
  }
  region.textContent = text;
}

/** @type {WeakMap<HTMLElement, ReturnType<typeof setTimeout>>} */
const resetTimers = new WeakMap();

document.addEventListener('click', async ev => {
  const button = /** @type {HTMLElement | null} */ (/** @type {Element} */ (ev.target).closest?.('.code-copy'));
  if (!button) return;
  const code = button.closest('.code-block')?.querySelector('code')?.textContent ?? '';
  let ok = true;
  try {
    await writeText(code);
  } catch {
    ok = false;
  }
  button.dataset.state = ok ? 'copied' : 'failed';
  button.textContent = ok ? 'Copied' : 'Copy failed';
  announce(ok ? 'Code copied to the clipboard.' : 'The browser did not allow copying; select the code and copy it by hand.');
  clearTimeout(resetTimers.get(button));
  resetTimers.set(button, setTimeout(() => {
    button.textContent = 'Copy';
    delete button.dataset.state;
  }, RESET_MS));
});

// A code block wider than its column scrolls sideways; it takes the keyboard focus only then, so arrow keys can
// scroll it (and it is not an extra tab stop when everything fits).
const scrollables = new ResizeObserver(entries => {
  for (const { target } of entries) {
    const pre = /** @type {HTMLElement} */ (target);
    if (pre.scrollWidth > pre.clientWidth + 1) {
      pre.tabIndex = 0;
    } else {
      pre.removeAttribute('tabindex');
    }
  }
});
/** @param {ParentNode} within */
const observeBlocks = within => {
  for (const pre of within.querySelectorAll('.code-block pre')) scrollables.observe(pre);
};
observeBlocks(document);
// Interactive components (the workspace's lesson) render their code blocks again once their circuit is up.
new MutationObserver(records => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node instanceof Element) {
        if (node.matches('.code-block pre')) scrollables.observe(node);
        else observeBlocks(node);
      }
    }
  }
}).observe(document.body, { childList: true, subtree: true });
