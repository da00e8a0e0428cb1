import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampShare, keyedShare } from '../../wwwroot/js/split-shares.js';

const split = { variable: '--x', min: 15, max: 85, initial: 50, label: 'x' };

test('clampShare_KeepsTheRangeRoundsToATenthAndFallsBackOnNonsense', () => {
  assert.equal(clampShare(split, 40.04), 40);
  assert.equal(clampShare(split, 3), 15);
  assert.equal(clampShare(split, 99), 85);
  assert.equal(clampShare(split, 'abc'), 50);
  assert.equal(clampShare(split, undefined), 50);
  assert.equal(clampShare(split, '33.36'), 33.4);
});

test('keyedShare_ArrowsAlongTheAxisShiftForBigStepsHomeEndEnter', () => {
  const key = (k, shiftKey = false) => ({ key: k, shiftKey });
  assert.equal(keyedShare(split, 'vertical', 40, key('ArrowRight')), 42);
  assert.equal(keyedShare(split, 'vertical', 40, key('ArrowLeft', true)), 30);
  assert.equal(keyedShare(split, 'vertical', 40, key('ArrowDown')), null);
  assert.equal(keyedShare(split, 'horizontal', 40, key('ArrowDown')), 42);
  assert.equal(keyedShare(split, 'horizontal', 40, key('ArrowUp')), 38);
  assert.equal(keyedShare(split, 'horizontal', 40, key('Home')), 15);
  assert.equal(keyedShare(split, 'horizontal', 40, key('End')), 85);
  assert.equal(keyedShare(split, 'horizontal', 40, key('Enter')), 50);
  assert.equal(keyedShare(split, 'horizontal', 40, key('a')), null);
});
