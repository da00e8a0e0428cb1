// @ts-check
// Blazor's reconnect dialog (Components/Layout/ReconnectModal.razor): blazor.web.js reports the state of a dropped
// circuit on the dialog as components-reconnect-state-changed events and sets its classes (which CSS turns into the
// visible sentence); this module opens and closes the dialog and wires Retry and Resume.

/**
 * @typedef {{ reconnect(): Promise<boolean>, resumeCircuit(): Promise<boolean> }} BlazorReconnect
 * The two calls of blazor.web.js's global Blazor object this module uses.
 */

const dialog = /** @type {HTMLDialogElement | null} */ (document.getElementById('components-reconnect-modal'));

/** @returns {BlazorReconnect} */
function blazor() {
  return /** @type {any} */ (globalThis).Blazor;
}

if (dialog) {
  dialog.addEventListener('components-reconnect-state-changed', event => {
    const state = /** @type {CustomEvent<{ state: string }>} */ (event).detail.state;
    if (state === 'show' && !dialog.open) dialog.showModal();
    else if (state === 'hide') dialog.close();
    else if (state === 'failed') document.addEventListener('visibilitychange', retryWhenVisible);
    // The server no longer knows this page's circuit (it restarted, or the circuit timed out): a reload shows
    // the server's state as it is now.
    else if (state === 'rejected') location.reload();
  });
  document.getElementById('components-reconnect-button')?.addEventListener('click', retry);
  document.getElementById('components-resume-button')?.addEventListener('click', resume);
}

async function retry() {
  document.removeEventListener('visibilitychange', retryWhenVisible);
  try {
    // true: back; false: the server answered but has no such circuit any more; an exception: no server.
    if (await blazor().reconnect()) return;
    if (await blazor().resumeCircuit()) dialog?.close();
    else location.reload();
  } catch {
    document.addEventListener('visibilitychange', retryWhenVisible);
  }
}

async function resume() {
  try {
    if (!(await blazor().resumeCircuit())) location.reload();
  } catch {
    dialog?.classList.replace('components-reconnect-paused', 'components-reconnect-resume-failed');
  }
}

async function retryWhenVisible() {
  if (document.visibilityState === 'visible') await retry();
}
