import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNewer } from '../../wwwroot/js/session-order.js';
import { tabKeyTarget } from '../../wwwroot/js/tab-keys.js';

test('isNewer_OlderVersionOfTheSameSession_IsIgnored', () => {
  assert.equal(isNewer({ id: 'a', version: 5 }, { id: 'a', version: 4 }), false);
  assert.equal(isNewer({ id: 'a', version: 5 }, { id: 'a', version: 5 }), true);
  assert.equal(isNewer({ id: 'a', version: 5 }, { id: 'a', version: 6 }), true);
});

test('isNewer_NothingShownOrAnotherSession_Replaces', () => {
  assert.equal(isNewer(null, { id: 'a', version: 0 }), true);
  assert.equal(isNewer({ id: 'a', version: 9 }, { id: 'b', version: 1 }), true);
});

test('tabKeyTarget_ArrowsWrapAround_HomeEndGoToTheEnds', () => {
  assert.equal(tabKeyTarget('ArrowRight', 2, 3), 0);
  assert.equal(tabKeyTarget('ArrowLeft', 0, 3), 2);
  assert.equal(tabKeyTarget('Home', 2, 3), 0);
  assert.equal(tabKeyTarget('End', 0, 3), 2);
  assert.equal(tabKeyTarget('Enter', 0, 3), null);
});
