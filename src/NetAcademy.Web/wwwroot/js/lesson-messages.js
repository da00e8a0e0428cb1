// @ts-check
// What the lesson page says when Check or Run is pressed there, with no lab to act on (pure: tested under Node).

/**
 * @param {string} labState 'none' (no lab running for this lesson) or 'running' (it runs, in its workspace)
 * @param {'check' | 'run'} action
 * @returns {string}
 */
export function startFirstMessage(labState, action) {
  if (labState === 'running') {
    return action === 'check'
      ? 'Your lab runs in its workspace: open the lab (above) to check this task there.'
      : 'Your lab runs in its workspace: open the lab (above) to run this there.';
  }
  return action === 'check'
    ? 'Start the lab first (Start lab, above): tasks are checked against a running lab.'
    : 'Start the lab first (Start lab, above): the code runs in the lab\u2019s terminal.';
}
