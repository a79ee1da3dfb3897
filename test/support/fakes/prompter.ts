// A fake MFA prompter for unit tests.
import type { Prompter } from '../../../src/prompt/tty.js';

/** A Prompter that answers with a fixed code and counts how often it was opened and asked. */
export function countingPrompter(answer = '123456') {
  const counts = { opened: 0, asked: 0 };
  const prompter: Prompter = {
    ask: async () => {
      counts.asked++;
      return answer;
    },
  };
  return {
    counts,
    open: () => {
      counts.opened++;
      return prompter;
    },
  };
}
