// @ts-check
// The lesson page (outside the workspace): its task blocks' Check buttons and its "Run on <node>" buttons have no lab
// to act on there. Pressed, they say so next to the button instead of doing nothing.

import { startFirstMessage } from './lesson-messages.js';

const article = /** @type {HTMLElement | null} */ (document.querySelector('article.lesson[data-lab-state]'));

if (article) {
  article.addEventListener('click', ev => {
    const target = /** @type {Element} */ (ev.target);
    const button = /** @type {HTMLElement | null} */ (target.closest('button.lab-task-check, button[data-run-node]'));
    if (!button) return;
    const message = startFirstMessage(article.dataset.labState ?? 'none', button.matches('.lab-task-check') ? 'check' : 'run');
    const block = button.closest('section.lab-task');
    /** @type {HTMLElement | null} */
    let note = block ? block.querySelector('.lab-task-status') : null;
    if (!note) {
      const code = button.closest('.code-block') ?? button;
      note = /** @type {HTMLElement | null} */ (code.nextElementSibling?.matches('.start-first') ? code.nextElementSibling : null);
      if (!note) {
        note = document.createElement('p');
        note.className = 'start-first';
        note.setAttribute('role', 'status');
        code.after(note);
      }
    }
    note.dataset.role = 'start-first';
    note.textContent = message;
  });
}
