import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertionIndex, nextShell, selectionAfterClose, shellLabel, terminalKey } from '../../wwwroot/js/terminal-shells.js';

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
