// zsh: an interactive zsh under zsh/zpty with compinit; TAB is typed, compadd records what is
// offered, and the edit buffer shows what was inserted.
import { describe, expect, it } from 'vitest';
import {
  DURATION_CHOICES,
  FAKECMD_CH,
  FIXTURE_PROFILES,
  hasShell,
  useCompletionWorld,
  zshComplete,
} from '../support/completion/shells.js';
import { requirePeer } from '../support/require-peer.js';

/** A command with a completion of its own, to hand over to after `--`. */
const FAKECMD = `fakecmd() { : }
_fakecmd() { compadd checkout cherry-pick commit }
compdef _fakecmd fakecmd`;

describe.skipIf(!requirePeer('zsh', hasShell('zsh')))('zsh completion', () => {
  const world = useCompletionWorld();
  // The command line zsh leaves after TAB at the end of line.
  const zshBuffer = async (line: string, extra = '') =>
    (await zshComplete(world, line, extra)).buffer;

  it('completes subcommands, and the flags of each', async () => {
    expect((await zshComplete(world, 'awsrole e')).matches).toEqual(['exec', 'export']);
    expect((await zshComplete(world, 'awsrole exec --d')).matches).toEqual([
      '--duration',
      '--debug',
    ]);
    expect((await zshComplete(world, 'awsrole whoami --')).matches.sort()).toEqual(
      ['--backend', '--debug', '--help', '--json', '--verify'].sort(),
    );
  });

  it('completes profile names and inserts them quoted', async () => {
    expect((await zshComplete(world, 'awsrole login ')).matches.sort()).toEqual(
      [...FIXTURE_PROFILES].sort(),
    );
    expect(await zshBuffer('awsrole exec ops')).toBe('awsrole exec ops\\ admin\\ team ');
    expect(await zshBuffer("awsrole exec 'ops")).toBe("awsrole exec 'ops admin team' ");
    expect(await zshBuffer('awsrole remove team')).toBe('awsrole remove team:dev@eu+1%a/b.c ');
  });

  it('completes durations, formats, --source profiles and --backend values', async () => {
    expect((await zshComplete(world, 'awsrole exec prod -d ')).matches).toEqual(DURATION_CHOICES);
    expect((await zshComplete(world, 'awsrole export prod --format ')).matches).toContain(
      'powershell',
    );
    expect(await zshBuffer('awsrole export prod --format=cr')).toBe(
      'awsrole export prod --format=credential-process ',
    );
    expect(await zshBuffer('awsrole exec prod --source S3')).toBe(
      'awsrole exec prod --source S3_Full_Access ',
    );
    expect((await zshComplete(world, 'awsrole --backend ')).matches).toEqual(['keyring', 'file']);
  });

  it('hands over to the command after -- (_normal)', async () => {
    expect((await zshComplete(world, 'awsrole exec prod -- fakecmd ch', FAKECMD)).matches).toEqual(
      FAKECMD_CH,
    );
    expect(await zshBuffer('awsrole exec prod -- fakecmd chec', FAKECMD)).toBe(
      'awsrole exec prod -- fakecmd checkout ',
    );
    expect(await zshBuffer('awsrole exec prod -- fakec', FAKECMD)).toBe(
      'awsrole exec prod -- fakecmd ',
    );
  });
});
