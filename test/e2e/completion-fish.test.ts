// fish: `complete -C` lists what TAB would offer for a command line, through the installed script.
import { describe, expect, it } from 'vitest';
import {
  FAKECMD_CH,
  FIXTURE_PROFILES,
  fishComplete,
  hasShell,
  useCompletionWorld,
} from '../support/completion/shells.js';
import { requirePeer } from '../support/require-peer.js';

/** A command with a completion of its own, to hand over to after `--`. */
const FAKECMD = `function fakecmd; end
complete -c fakecmd -f -a 'checkout cherry-pick commit'`;

describe.skipIf(!requirePeer('fish', hasShell('fish')))('fish completion', () => {
  const world = useCompletionWorld();

  it('completes subcommands, and the flags of each', async () => {
    expect(await fishComplete(world, 'awsrole ex')).toEqual(['exec', 'export']);
    expect(await fishComplete(world, 'awsrole exec --d')).toEqual(['--debug', '--duration']);
    expect(await fishComplete(world, 'awsrole add --')).toEqual([
      '--backend',
      '--debug',
      '--env',
      '--from-credentials-file',
      '--help',
      '--no-verify',
      '--region',
      '--yes',
    ]);
  });

  it('completes profile names, odd characters and spaces included', async () => {
    expect((await fishComplete(world, 'awsrole export ')).sort()).toEqual(
      [...FIXTURE_PROFILES].sort(),
    );
    expect(await fishComplete(world, 'awsrole exec ops')).toEqual(['ops admin team']);
    expect(await fishComplete(world, "awsrole exec 'ops")).toEqual(['ops admin team']);
    expect(await fishComplete(world, 'awsrole exec team:')).toEqual(['team:dev@eu+1%a/b.c']);
  });

  it('completes durations, formats, --source profiles and --backend values', async () => {
    expect(await fishComplete(world, 'awsrole exec prod --duration ')).toEqual([
      '1h',
      '2h',
      '4h',
      '8h',
      '12h',
      '15m',
      '30m',
    ]);
    expect(await fishComplete(world, 'awsrole export prod -f p')).toEqual(['powershell']);
    expect(await fishComplete(world, 'awsrole export prod --format=cr')).toEqual([
      '--format=credential-process',
    ]);
    expect(await fishComplete(world, 'awsrole exec prod --source S3')).toEqual(['S3_Full_Access']);
    expect(await fishComplete(world, 'awsrole --backend ')).toEqual(['file', 'keyring']);
  });

  it('hands over to the command after -- (complete -C)', async () => {
    expect(await fishComplete(world, 'awsrole exec prod -- fakecmd ch', FAKECMD)).toEqual(
      FAKECMD_CH,
    );
    expect(await fishComplete(world, 'awsrole exec prod -- fakec', FAKECMD)).toContain('fakecmd');
  });
});
