import { describe, expect, it } from 'vitest';
import {
  availableDrivers,
  type ChoiceInputs,
  chooseDriver,
  displayOf,
} from '../../../src/prompt/choose-driver.js';

/** A Linux desktop with zenity installed and no terminal (an IDE's credential_process). */
function inputs(over: Partial<ChoiceInputs> = {}): ChoiceInputs {
  return {
    env: { DISPLAY: ':0' },
    platform: 'linux',
    terminal: false,
    installed: (c) => c === 'zenity',
    ...over,
  };
}

describe('chooseDriver', () => {
  it('the terminal when there is one, whatever the desktop offers', () => {
    expect(chooseDriver(inputs({ terminal: true }))).toEqual({
      driver: 'terminal',
      why: 'automatic: a terminal is available',
    });
  });

  it('without a terminal, an installed dialog on the display', () => {
    expect(chooseDriver(inputs())).toEqual({
      driver: 'zenity',
      why: 'automatic: no terminal; DISPLAY=:0 and zenity installed',
    });
    const wayland = inputs({ env: { WAYLAND_DISPLAY: 'wayland-0' }, installed: () => true });
    expect(chooseDriver(wayland).driver).toBe('zenity');
  });

  it('KDE gets kdialog first; macOS osascript (not over ssh)', () => {
    const kde = inputs({
      env: { DISPLAY: ':0', XDG_CURRENT_DESKTOP: 'KDE' },
      installed: () => true,
    });
    expect(chooseDriver(kde).driver).toBe('kdialog');
    const mac = inputs({ env: {}, platform: 'darwin', installed: (c) => c === 'osascript' });
    expect(chooseDriver(mac).driver).toBe('osascript');
    expect(chooseDriver({ ...mac, env: { SSH_CONNECTION: '1 2 3 4' } }).driver).toBeUndefined();
  });

  it('nothing without a display, or with a display but no dialog installed', () => {
    expect(chooseDriver(inputs({ env: {} }))).toEqual({ why: 'no terminal and no display' });
    expect(chooseDriver(inputs({ installed: () => false }))).toEqual({
      why: 'no terminal; DISPLAY=:0 but none of zenity, kdialog installed',
      display: 'DISPLAY=:0',
      missing: ['zenity', 'kdialog'],
    });
  });

  it('--prompt, then the profile, then AWSROLE_PROMPT', () => {
    const profile = { value: 'ykman', origin: 'mfa_prompt of profile "p"' };
    const all = inputs({
      flag: 'pass',
      profile,
      env: { DISPLAY: ':0', AWSROLE_PROMPT: 'zenity' },
      installed: () => true,
    });
    expect(chooseDriver(all)).toEqual({ driver: 'pass', why: '--prompt' });
    expect(chooseDriver({ ...all, flag: undefined })).toEqual({
      driver: 'ykman',
      why: 'mfa_prompt of profile "p"',
    });
    expect(chooseDriver({ ...all, flag: undefined, profile: undefined })).toEqual({
      driver: 'zenity',
      why: 'AWSROLE_PROMPT',
    });
    // A named choice beats the terminal.
    expect(chooseDriver({ ...all, terminal: true }).driver).toBe('pass');
  });

  it('a named driver that cannot work here is an error naming why, not a fallback', () => {
    const cases: [Partial<ChoiceInputs>, RegExp][] = [
      [{ flag: 'terminal' }, /terminal \(--prompt\) cannot ask here: there is no terminal/],
      [
        { flag: 'terminal', terminalBusy: true },
        /cannot ask here: the command exec --server runs owns the terminal/,
      ],
      [{ flag: 'zenity', env: {} }, /there is no display/],
      [{ flag: 'kdialog' }, /kdialog is not installed/],
      [{ flag: 'osascript' }, /osascript is not installed/],
      [
        { env: { AWSROLE_PROMPT: 'ykman' } },
        /ykman \(AWSROLE_PROMPT\) cannot ask here: ykman is not installed/,
      ],
    ];
    for (const [over, message] of cases) {
      expect(() => chooseDriver(inputs(over))).toThrow(message);
    }
  });

  it('an unknown name is refused, naming where it came from and the drivers', () => {
    expect(() => chooseDriver(inputs({ env: { AWSROLE_PROMPT: 'wincredui' } }))).toThrow(
      /AWSROLE_PROMPT=wincredui is not a prompt driver/,
    );
    expect(() =>
      chooseDriver(inputs({ profile: { value: 'gui', origin: 'mfa_prompt of profile "p"' } })),
    ).toThrow(/mfa_prompt of profile "p" is "gui", not a prompt driver/);
  });
});

describe('displayOf and availableDrivers', () => {
  it('names the display', () => {
    expect(displayOf({ DISPLAY: ':99' }, 'linux')).toBe('DISPLAY=:99');
    expect(displayOf({}, 'linux')).toBeUndefined();
  });

  it('lists every driver with what it lacks here', () => {
    const listed = availableDrivers({ ...inputs(), terminal: true });
    expect(listed.filter((d) => d.usable).map((d) => d.driver)).toEqual(['terminal', 'zenity']);
    expect(listed.find((d) => d.driver === 'pass')?.note).toMatch(/not installed/);
  });
});
