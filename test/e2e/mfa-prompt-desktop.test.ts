// MFA codes asked in a zenity dialog when awsrole has no terminal (an IDE's credential_process, a
// desktop launcher): the real zenity on a private Xvfb display, answered by xdotool as a person
// would (type the code, press Enter; or Escape). moto takes any 6-digit code, so the recording
// proxy in front of it checks that the code typed is the code sent. Also: the aws CLI's
// credential_process started with setsid, parallel runs sharing one dialog, and an exec --server
// renewal while the command holds the terminal (run on a pseudo-terminal).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mfaRolesConfig, useMfaSandbox } from '../support/cache/mfa-suite.js';
import { keyId, PRINT_KEY } from '../support/cache/peers.js';
import { AWSROLE_BIN, cliEnv, NODE, runAwsroleInPty } from '../support/cli.js';
import type { Sandbox } from '../support/e2e.js';
import { stderrLines } from '../support/e2e.js';
import { motoPresent } from '../support/moto.js';
import type { RecordingProxy } from '../support/recording-proxy.js';
import { FIXTURES, lastJson } from '../support/server/peers.js';
import { spawnCollected } from '../support/spawn-collected.js';
import {
  cancelWindow,
  desktopPeersPresent,
  startXvfb,
  typeInto,
  waitForWindow,
  type Xvfb,
} from '../support/xvfb.js';

const ACCOUNT = '123456789012';
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/alice`;
const TITLE = 'awsrole: MFA code';
const CONFIG = [
  mfaRolesConfig(SERIAL, {
    Role_A: `arn:aws:iam::${ACCOUNT}:role/Role_A`,
    Role_B: `arn:aws:iam::${ACCOUNT}:role/Role_B`,
  }),
  '[profile ide]',
  `credential_process = ${NODE} ${AWSROLE_BIN} export --format credential-process Role_A`,
  'region = us-east-1',
  '',
].join('\n');
// A dialog takes a few seconds to show on a loaded 2-core machine: each test may take a minute.
describe.skipIf(!motoPresent() || !desktopPeersPresent())(
  'MFA prompt: zenity under Xvfb',
  { timeout: 60_000 },
  () => {
    let proxy: RecordingProxy;
    let xvfb: Xvfb;
    let sb: Sandbox;
    /** A zenity in front of the real one that records each call's arguments, then runs it. */
    let zenityLog: string;
    let path: string;

    beforeAll(async () => {
      xvfb = await startXvfb();
    });
    afterAll(() => xvfb?.stop());
    useMfaSandbox((suite) => {
      ({ proxy, sb } = suite);
      const bin = join(sb.home.dir, 'bin');
      mkdirSync(bin);
      zenityLog = join(sb.home.dir, 'zenity.log');
      const wrapper = join(bin, 'zenity');
      writeFileSync(
        wrapper,
        `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done >> '${zenityLog}'\necho -- >> '${zenityLog}'\nPATH='${process.env.PATH}' exec zenity "$@"\n`,
      );
      chmodSync(wrapper, 0o755);
      path = `${bin}:${process.env.PATH}`;
      sb.home.writeConfig(CONFIG);
    });

    /** A run with no controlling terminal (its own session) and the Xvfb display. */
    const exec = (role: string, ...flags: string[]) =>
      sb.run(['exec', role, ...flags, ...PRINT_KEY], {
        env: { DISPLAY: xvfb.display, PATH: path },
        timeoutMs: 50_000,
      });
    const zenityCalls = () => readFileSync(zenityLog, 'utf8').split('--\n').filter(Boolean);

    it('asks in a dialog naming the role, the device and why; the code typed is the code sent', async () => {
      const run = exec('Role_A', '--debug');
      const [window] = await waitForWindow(xvfb.display, TITLE);
      await typeInto(xvfb.display, window ?? '', '314159');
      const result = await run;
      keyId(result);
      expect(result.stderr).toContain(
        `awsrole debug: mfa: prompt driver zenity (automatic: no terminal; DISPLAY=${xvfb.display} and zenity installed)`,
      );
      expect(proxy.requests()[0]).toMatchObject({
        Action: 'GetSessionToken',
        SerialNumber: SERIAL,
        TokenCode: '314159',
      });
      expect(zenityCalls()).toEqual([
        [
          '--entry',
          `--title=${TITLE}`,
          `--text=no valid cached credentials for "Role_A".`,
          `MFA code for ${SERIAL}:`,
          '--width=480',
          '',
        ].join('\n'),
      ]);
    });

    it('Cancel ends the run at once with exit 8 and one line; nothing is sent', async () => {
      const run = exec('Role_A');
      const [window] = await waitForWindow(xvfb.display, TITLE);
      await cancelWindow(xvfb.display, window ?? '');
      const result = await run;
      expect(result.code).toBe(8);
      expect(result.stdout).toBe('');
      expect(stderrLines(result)).toEqual([
        'awsrole: the MFA prompt was cancelled (zenity) (run the command again to get a new prompt, or pass --mfa-token)',
      ]);
      expect(zenityCalls()).toHaveLength(1);
      expect(proxy.requests()).toEqual([]);
    });

    it('two runs that need the same MFA session show one dialog', async () => {
      const runs = Promise.all([exec('Role_A'), exec('Role_B')]);
      const [window] = await waitForWindow(xvfb.display, TITLE);
      await typeInto(xvfb.display, window ?? '', '271828');
      const [a, b] = await runs;
      expect(keyId(a)).not.toBe(keyId(b));
      expect(zenityCalls()).toHaveLength(1);
      const sessions = proxy.requests().filter((r) => r.Action === 'GetSessionToken');
      expect(sessions).toEqual([expect.objectContaining({ TokenCode: '271828' })]);
    });

    it('Cancel with two runs waiting on the same session ends both, without a second dialog', async () => {
      const runs = Promise.all([exec('Role_A'), exec('Role_B')]);
      const [window] = await waitForWindow(xvfb.display, TITLE);
      await cancelWindow(xvfb.display, window ?? '');
      const results = await runs;
      expect(results.map((r) => r.code)).toEqual([8, 8]);
      const lines = results.flatMap(stderrLines).sort();
      expect(lines).toEqual([
        'awsrole: cancelled: the prompt of another awsrole run that needed MFA session of "base" was cancelled (run the command again to get a new prompt)',
        'awsrole: the MFA prompt was cancelled (zenity) (run the command again to get a new prompt, or pass --mfa-token)',
      ]);
      expect(zenityCalls()).toHaveLength(1);
      expect(proxy.requests()).toEqual([]);
    });

    it('the aws CLI, started with setsid, gets the role through credential_process and a dialog', async () => {
      const env = cliEnv({ ...sb.env, DISPLAY: xvfb.display, PATH: path });
      const run = spawnCollected(
        'setsid',
        ['--wait', 'aws', '--profile', 'ide', 'sts', 'get-caller-identity', '--output', 'text'],
        { env, cwd: sb.home.dir, timeoutMs: 50_000 },
      ).result;
      const [window] = await waitForWindow(xvfb.display, TITLE);
      await typeInto(xvfb.display, window ?? '', '161803');
      const result = await run;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`arn:aws:sts::${ACCOUNT}:assumed-role/Role_A/`);
      expect(proxy.requests()[0]).toMatchObject({ Action: 'GetSessionToken', TokenCode: '161803' });
    });

    it('exec --server renews while the command holds the terminal: the first code on the terminal, the next in a dialog', async () => {
      // Both the role credentials and the 15m MFA session are due 5 s after they were issued
      // (--min-ttl 14m55s): the renewal then needs a new code, and the terminal is the child's.
      const flags = ['--session-duration', '15m', '--duration', '15m', '--min-ttl', '14m55s'];
      const child = ['node', join(FIXTURES, 'fetch-loop.mjs')];
      const run = runAwsroleInPty(['exec', '--server', ...flags, 'Role_A', '--', ...child], {
        env: { ...sb.env, DISPLAY: xvfb.display, PATH: path, LOOP_MS: '45000', UNTIL_KEYS: '2' },
        steps: [{ expect: `MFA code for ${SERIAL}: `, send: '111111\r' }],
        stdoutPipe: true,
        timeoutMs: 80_000,
      });
      const [window] = await waitForWindow(xvfb.display, TITLE);
      await typeInto(xvfb.display, window ?? '', '222222');
      const result = await run;
      expect(result.code, result.transcript).toBe(0);
      const fetches = lastJson<{ status: number; keyId: string | null }[]>(result.stdout);
      expect(fetches.every((f) => f.status === 200)).toBe(true);
      expect(new Set(fetches.map((f) => f.keyId)).size).toBe(2);
      const codes = proxy.requests().filter((r) => r.Action === 'GetSessionToken');
      expect(codes.map((r) => r.TokenCode)).toEqual(['111111', '222222']);
      expect(zenityCalls()).toHaveLength(1);
      expect(zenityCalls()[0]).toContain('--text=credentials for "Role_A" expire.');
    }, 120_000);
  },
);
