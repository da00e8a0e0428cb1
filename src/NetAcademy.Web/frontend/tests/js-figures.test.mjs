import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figuresOf } from '../tools/js-figures.mjs';

test('figuresOf counts lines, names functions with their line counts, and finds window globals', () => {
  const text = [
    'export function outer() {', // 1
    '  const inner = () => {', // 2
    '    return 1;', // 3
    '  };', // 4
    '  window.leak = inner;', // 5
    '  return window.innerWidth;', // 6
    '}', // 7
    '',
  ].join('\n');
  const r = figuresOf('x.js', text);
  assert.equal(r.lines, 7);
  assert.deepEqual(r.functions.map(f => [f.name, f.lines, f.line]), [['outer', 7, 1], ['inner', 3, 2]]);
  assert.deepEqual(r.globals, ['leak']);
  assert.equal(r.windowReferences, 2);
});
