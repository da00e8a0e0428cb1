import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertionIndex, nextShell, runTarget, selectionAfterClose, shellButtons, shellLabel, terminalKey } from '../../wwwroot/js/terminal-shells.js';

const tabs = (...refs) => refs.map(r => { const [node, shell] = r.split(':'); return { node, shell: Number(shell) }; });

test('nextShell_NumbersInUse_TakesTheLowestFreeOne', () => {
  assert.equal(nextShell([1], 4), 2);
  assert.equal(nextShell([1, 3], 4), 2);
  assert.equal(nextShell([2, 3], 4), 1);
  assert.equal(nextShell([], 4), 1);
});

test('nextShell_NodeAtTheCap_IsNull', () => {
  assert.equal(nextShell([1, 2, 3, 4], 4), null);
  assert.equal(nextShell([1, 5, 7, 9], 4), null);
  assert.equal(nextShell([1, 2, 3], 4), 4);
});

test('shellLabel_FirstShellIsTheNode_OthersCarryTheirNumber', () => {
  assert.equal(shellLabel('host1', 1), 'host1');
  assert.equal(shellLabel('host1', 3), 'host1 3');
});

test('terminalKey_DiffersByNodeAndShell', () => {
  assert.notEqual(terminalKey('host1', 2), terminalKey('host1', 1));
  assert.notEqual(terminalKey('host1', 2), terminalKey('host2', 2));
  assert.equal(terminalKey('host1', 2), terminalKey('host1', 2));
});

test('insertionIndex_NewShell_GoesAfterTheLowerShellsOfItsNode', () => {
  const order = tabs('host1:1', 'host1:3', 'host2:1', 'router:1');
  assert.equal(insertionIndex(order, { node: 'host1', shell: 2 }), 1);
  assert.equal(insertionIndex(order, { node: 'host1', shell: 4 }), 2);
  assert.equal(insertionIndex(order, { node: 'host2', shell: 2 }), 3);
  assert.equal(insertionIndex(order, { node: 'router', shell: 2 }), 4);
});

test('insertionIndex_NodeNotShownOrLowerThanItsTabs_GoesAtTheEndOrBeforeThem', () => {
  const order = tabs('host1:2', 'host2:1');
  assert.equal(insertionIndex(order, { node: 'host3', shell: 1 }), 2);
  assert.equal(insertionIndex(order, { node: 'host1', shell: 1 }), 0);
  assert.equal(insertionIndex([], { node: 'host1', shell: 1 }), 0);
});

test('selectionAfterClose_PrefersTheNextShellOfTheSameNode_ThenThePrevious', () => {
  const order = tabs('host1:1', 'host1:2', 'host1:3', 'host2:1');
  assert.equal(selectionAfterClose(order, 1), 2);
  assert.equal(selectionAfterClose(order, 2), 1);
  assert.equal(selectionAfterClose(order, 0), 1);
});

test('selectionAfterClose_NodeHasNoOtherShell_IsNull', () => {
  const order = tabs('host1:1', 'host1:2', 'host2:1');
  assert.equal(selectionAfterClose(order, 2), null);
});

test('shellButtons_CapReachedOrOnlyShell_DisableWithTheReasonInTheTitle', () => {
  const none = shellButtons(null, 0, 4, true);
  assert.equal(none.newDisabled, true);
  assert.equal(none.closeDisabled, true);
  const only = shellButtons({ node: 'host1', shell: 1 }, 1, 4, true);
  assert.equal(only.newDisabled, false);
  assert.equal(only.closeDisabled, true);
  assert.equal(only.closeTitle, 'The only terminal on host1 stays open');
  const full = shellButtons({ node: 'host1', shell: 2 }, 4, 4, true);
  assert.equal(full.newDisabled, true);
  assert.equal(full.newTitle, 'host1 has 4 terminals, the most one node may have: close one first');
  assert.equal(full.closeLabel, 'Close terminal host1 2');
  assert.equal(shellButtons({ node: 'host1', shell: 1 }, 1, 4, false).newDisabled, true, 'no new shell before the lab is ready');
});

test('runTarget_SelectedShellOnTheNode_ElseTheNodesFirst', () => {
  const shells = tabs('host1:2', 'host2:1', 'host1:1');
  assert.equal(runTarget(shells[0], shells, 'host1'), shells[0]);
  assert.equal(runTarget(shells[1], shells, 'host1'), shells[2]);
  assert.equal(runTarget(null, shells, 'host3'), undefined);
});
