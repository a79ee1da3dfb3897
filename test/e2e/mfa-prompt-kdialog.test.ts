// MFA codes asked in a kdialog input box (KDE) when awsrole has no terminal: the real kdialog on a
// private Xvfb display, answered by xdotool as a person would (type the code, press Enter; or
// Escape). moto takes any 6-digit code, so the recording proxy in front of it checks that the code
// typed is the code sent. The zenity twin of these tests is mfa-prompt-desktop.test.ts.
import { describe, expect, it } from 'vitest';
import { type MfaSuite, mfaRolesConfig, useMfaSandbox } from '../support/cache/mfa-suite.js';
import { keyId, PRINT_KEY } from '../support/cache/peers.js';
import { stderrLines } from '../support/e2e.js';
import { forSuite } from '../support/lifecycle.js';
import { motoPresent } from '../support/moto.js';
import {
  cancelWindow,
  desktopPeersPresent,
  startXvfb,
  typeInto,
  waitForWindow,
} from '../support/xvfb.js';

const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';
const TITLE = 'awsrole: MFA code';
const CONFIG = mfaRolesConfig(SERIAL, { Role_A: 'arn:aws:iam::123456789012:role/Role_A' });

// A dialog takes a few seconds to show on a loaded 2-core machine: each test may take a minute.
describe.skipIf(!motoPresent() || !desktopPeersPresent('kdialog'))(
  'MFA prompt: kdialog under Xvfb',
  { timeout: 60_000 },
  () => {
    let display = '';
    let suite: MfaSuite;
    forSuite({ create: startXvfb, dispose: (x) => x.stop() }, (x) => {
      display = x.display;
    });
    useMfaSandbox((s) => {
      suite = s;
      s.sb.home.writeConfig(CONFIG);
    });

    /**
     * Runs `exec Role_A` with no controlling terminal on the display of a KDE desktop, and once
     * the kdialog window is shown, answers it with `act`.
     */
    const answered = async (flags: string[], act: (window: string) => Promise<void>) => {
      const run = suite.sb.run(['exec', 'Role_A', ...flags, ...PRINT_KEY], {
        env: { DISPLAY: display, XDG_CURRENT_DESKTOP: 'KDE' },
        timeoutMs: 50_000,
      });
      // kdialog titles its window "awsrole: MFA code — KDialog"; the search is by substring.
      const [window = ''] = await waitForWindow(display, TITLE);
      await act(window);
      return run;
    };

    it('on KDE kdialog asks; the code typed is the code sent', async () => {
      const result = await answered(['--debug'], (w) => typeInto(display, w, '314159'));
      keyId(result);
      expect(result.stderr).toContain(
        `awsrole debug: mfa: prompt driver kdialog (automatic: no terminal; DISPLAY=${display} and kdialog installed)`,
      );
      expect(suite.proxy.requests()[0]).toMatchObject({
        Action: 'GetSessionToken',
        SerialNumber: SERIAL,
        TokenCode: '314159',
      });
    });

    it('Cancel (--prompt kdialog) ends the run at once with exit 8 and one line; nothing is sent', async () => {
      const result = await answered(['--prompt', 'kdialog'], (w) => cancelWindow(display, w));
      expect([result.code, result.stdout, stderrLines(result)]).toEqual([
        8,
        '',
        [
          'awsrole: the MFA prompt was cancelled (kdialog) (run the command again to get a new prompt, or pass --mfa-token)',
        ],
      ]);
      expect(suite.proxy.requests()).toEqual([]);
    });
  },
);
