// bash: the completion function asked directly (COMP_* set by a harness), and an interactive
// bash under tmux where TAB is pressed for real.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bashComplete,
  DURATION_CHOICES,
  FAKECMD_CH,
  FIXTURE_PROFILES,
  hasShell,
  useCompletionWorld,
} from '../support/completion/shells.js';
import { startTmux, type TmuxShell } from '../support/completion/tmux.js';
import { requirePeer } from '../support/require-peer.js';

const BASH_COMPLETION = '/usr/share/bash-completion/bash_completion';
/** A command with a completion of its own, to hand over to after `--`. */
const FAKECMD = `fakecmd() { :; }
_fakecmd() { COMPREPLY=($(compgen -W "checkout cherry-pick commit" -- "$2")); }
complete -F _fakecmd fakecmd`;
const escaped = (name: string) => name.replaceAll(' ', '\\ ');

describe.skipIf(!requirePeer('bash', hasShell('bash')))('bash completion', () => {
  const world = useCompletionWorld();

  it('completes subcommands, and the flags of each', async () => {
    expect(await bashComplete(world, 'awsrole e')).toEqual(['exec', 'export']);
    expect(await bashComplete(world, 'awsrole ')).toContain('completion');
    expect(await bashComplete(world, 'awsrole exec --d')).toEqual(['--duration', '--debug']);
    expect(await bashComplete(world, 'awsrole list --')).toEqual([
      '--json',
      '--backend',
      '--debug',
      '--help',
    ]);
    expect(await bashComplete(world, 'awsrole rm --f')).toEqual(['--force']);
  });

  it('completes profile names, quoted, after exec, export, login and remove', async () => {
    for (const command of ['exec', 'export', 'login', 'remove']) {
      const offered = await bashComplete(world, `awsrole ${command} `);
      expect(offered.sort(), command).toEqual(FIXTURE_PROFILES.map(escaped).sort());
    }
    expect(await bashComplete(world, 'awsrole exec ops')).toEqual(['ops\\ admin\\ team']);
    expect(await bashComplete(world, "awsrole exec 'ops")).toEqual(['ops admin team']);
    // ':' breaks words in bash: only the part after it is replaced.
    expect(await bashComplete(world, 'awsrole exec team:d')).toEqual(['dev@eu+1%a/b.c']);
  });

  it('completes durations, formats, --source profiles and --backend values', async () => {
    expect(await bashComplete(world, 'awsrole exec prod --duration ')).toEqual(DURATION_CHOICES);
    expect(await bashComplete(world, 'awsrole export prod -f ')).toContain('credential-process');
    expect(await bashComplete(world, 'awsrole export prod --format=cr')).toEqual([
      'credential-process',
    ]);
    expect(await bashComplete(world, 'awsrole exec prod --source S')).toEqual(['S3_Full_Access']);
    expect(await bashComplete(world, 'awsrole --backend ')).toEqual(['keyring', 'file']);
  });

  it('hands over to the command after -- (without bash-completion loaded)', async () => {
    expect(await bashComplete(world, 'awsrole exec prod -- fakecmd ch', FAKECMD)).toEqual(
      FAKECMD_CH,
    );
    expect(await bashComplete(world, 'awsrole exec prod -- fakec', FAKECMD)).toContain('fakecmd');
    expect(await bashComplete(world, 'awsrole exec prod -- fakecmd --', FAKECMD)).toEqual([]);
  });

  it.skipIf(!requirePeer('bash-completion', existsSync(BASH_COMPLETION)))(
    "hands over through bash-completion's _command_offset, to real completions too",
    async () => {
      const setup = `source ${BASH_COMPLETION}\n${FAKECMD}`;
      expect(await bashComplete(world, 'awsrole exec prod -- fakecmd ch', setup)).toEqual([
        'checkout',
        'cherry-pick',
      ]);
      const git = '/usr/share/bash-completion/completions/git';
      if (hasShell('git') && existsSync(git)) {
        const offered = await bashComplete(world, 'awsrole exec prod -- git chec', setup);
        expect(offered.map((w) => w.trim())).toContain('checkout');
      }
    },
  );
});

describe.skipIf(!requirePeer('bash', hasShell('bash')) || !requirePeer('tmux', hasShell('tmux')))(
  'bash completion at a real terminal (tmux)',
  () => {
    const world = useCompletionWorld();
    let term: TmuxShell;
    beforeAll(async () => {
      const setup = world.setup('bash', FAKECMD);
      term = await startTmux(['bash', '--norc', '--noprofile'], { ...world.env, PS1: '$ ' });
      await term.type(`source ${setup}; clear`);
      await term.press('Enter');
      await term.waitForLine((l) => l === '$');
    });
    afterAll(async () => {
      await term?.stop();
    });

    /** Types `text`, presses TAB, and waits for the prompt line to read `expected`. */
    async function tab(text: string, expected: string) {
      await term.type(text);
      await term.press('Tab');
      const line = await term.waitForLine((l) => l === `$ ${expected}`);
      await term.press('C-c');
      // A fresh, empty prompt before the next keys.
      await term.waitForLine((l) => l === '$');
      return line;
    }

    it('inserts a profile name with a space, escaped or inside the quote it was begun in', async () => {
      await tab('awsrole exec ops', 'awsrole exec ops\\ admin\\ team');
      await tab("awsrole exec 'ops", "awsrole exec 'ops admin team'");
      await tab('awsrole exec "ops', 'awsrole exec "ops admin team"');
    });

    it('inserts odd characters and --flag= values whole', async () => {
      await tab('awsrole exec team:d', 'awsrole exec team:dev@eu+1%a/b.c');
      await tab(
        'awsrole export prod --format=cr',
        'awsrole export prod --format=credential-process',
      );
      await tab('awsrole exec prod -- fakecmd chec', 'awsrole exec prod -- fakecmd checkout');
    });

    it('lists the choices on a second TAB', async () => {
      await term.type('clear');
      await term.press('Enter');
      await term.type('awsrole ex');
      await term.press('Tab', 'Tab');
      const listing = await term.waitForLine((l) => /\bexec\b.*\bexport\b/.test(l));
      expect(listing).not.toContain('$');
      await term.press('C-c');
    });
  },
);
