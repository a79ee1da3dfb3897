// Declares the hidden `awsrole __complete`, which the completion scripts call on every TAB.
import type { CommandDecl } from '../command-decl.js';

export const completeDecl: CommandDecl = {
  name: '__complete',
  describe: 'Print the candidates for the word under the cursor (called by the completion scripts)',
  hidden: true,
  flags: {},
  // Its words are a shell's request (`bash --line ...`, `zsh -- words...`): always its own path.
  fast: 'complete',
  run: async () => {
    throw new Error(
      'unreachable: main.ts sends every `__complete` to src/cli/complete/fast-complete.ts',
    );
  },
};
