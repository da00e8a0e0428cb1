import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFirstMessage } from '../../wwwroot/js/lesson-messages.js';

test('startFirstMessage_NoLab_SaysStartTheLabFirst', () => {
  assert.match(startFirstMessage('none', 'check'), /^Start the lab first/);
  assert.match(startFirstMessage('none', 'run'), /^Start the lab first/);
  assert.notEqual(startFirstMessage('none', 'check'), startFirstMessage('none', 'run'));
});

test('startFirstMessage_LabRunning_PointsToTheWorkspace', () => {
  assert.match(startFirstMessage('running', 'check'), /open the lab/);
  assert.match(startFirstMessage('running', 'run'), /open the lab/);
});
