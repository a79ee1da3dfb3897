// Which MFA prompt driver asks for a code: the one the user named, else the terminal, else a desktop dialog.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { configError, usageError } from '../errors.js';
import { isPromptDriver, PROMPT_DRIVERS, type PromptDriver } from './driver-names.js';

/** What the choice looks at; the real values come from `choiceInputs`, tests give their own. */
export interface ChoiceInputs {
  /** --prompt. */
  readonly flag?: string | undefined;
  /** The profile's mfa_prompt, and where it was set (for messages). */
  readonly profile?: { readonly value: string; readonly origin: string } | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  /**
   * Whether awsrole may ask on a terminal now: not without a controlling
   * terminal (an IDE's credential_process), nor while `exec --server`'s
   * command owns it.
   */
  readonly terminal: boolean;
  /** No terminal because exec --server's command owns it (for messages). */
  readonly terminalBusy?: boolean | undefined;
  /** Whether the driver's command is installed (on PATH). */
  readonly installed: (command: string) => boolean;
}

/** Nothing can ask here, and why. */
export interface NoDriver {
  readonly driver?: undefined;
  readonly why: string;
  /** The display there is, though no dialog is installed for it. */
  readonly display?: string | undefined;
  readonly missing?: readonly PromptDriver[] | undefined;
}

/** The driver chosen and why (for --debug); no driver when nothing can ask. */
export type DriverChoice = { readonly driver: PromptDriver; readonly why: string } | NoDriver;

/** The names as one list for messages: "terminal, zenity, ...". */
export const DRIVER_LIST = PROMPT_DRIVERS.join(', ');

/**
 * --prompt, then the profile's mfa_prompt, then AWSROLE_PROMPT (a user-wide
 * default a profile may override), then the automatic choice. A named driver
 * that cannot work here is an error, not a silent fallback to another.
 */
export function chooseDriver(inputs: ChoiceInputs): DriverChoice {
  const named = namedDriver(inputs);
  if (named) {
    const unusable = unusableReason(named.driver, inputs);
    if (unusable) {
      throw usageError(
        `the MFA prompt ${named.driver} (${named.why}) cannot ask here: ${unusable}`,
        `choose another with --prompt, one of ${DRIVER_LIST}; or pass --mfa-token`,
      );
    }
    return named;
  }
  if (inputs.terminal) return { driver: 'terminal', why: 'automatic: a terminal is available' };
  const display = displayOf(inputs.env, inputs.platform);
  if (!display) return { why: 'no terminal and no display' };
  const dialog = dialogOrder(inputs).find((name) => inputs.installed(name));
  if (dialog) {
    return { driver: dialog, why: `automatic: no terminal; ${display} and ${dialog} installed` };
  }
  const missing = dialogOrder(inputs);
  return {
    why: `no terminal; ${display} but none of ${missing.join(', ')} installed`,
    display,
    missing,
  };
}

function namedDriver(inputs: ChoiceInputs): { driver: PromptDriver; why: string } | undefined {
  if (inputs.flag !== undefined) {
    if (!isPromptDriver(inputs.flag)) {
      throw usageError(
        `--prompt ${inputs.flag} is not a prompt driver`,
        `use one of ${DRIVER_LIST}`,
      );
    }
    return { driver: inputs.flag, why: '--prompt' };
  }
  if (inputs.profile) {
    const { value, origin } = inputs.profile;
    if (!isPromptDriver(value)) {
      throw configError(
        `${origin} is "${value}", not a prompt driver`,
        `use one of ${DRIVER_LIST}`,
      );
    }
    return { driver: value, why: origin };
  }
  const fromEnv = inputs.env.AWSROLE_PROMPT;
  if (fromEnv) {
    if (!isPromptDriver(fromEnv)) {
      throw usageError(
        `AWSROLE_PROMPT=${fromEnv} is not a prompt driver`,
        `use one of ${DRIVER_LIST}`,
      );
    }
    return { driver: fromEnv, why: 'AWSROLE_PROMPT' };
  }
  return undefined;
}

function unusableReason(driver: PromptDriver, inputs: ChoiceInputs): string | undefined {
  if (driver === 'terminal') {
    if (inputs.terminal) return undefined;
    return inputs.terminalBusy
      ? 'the command exec --server runs owns the terminal'
      : 'there is no terminal to ask on';
  }
  if (driver === 'zenity' || driver === 'kdialog' || inputs.platform === 'darwin') {
    if (!displayOf(inputs.env, inputs.platform))
      return NO_DISPLAY[inputs.platform] ?? NO_DISPLAY.linux;
  }
  return inputs.installed(driver) ? undefined : `${driver} is not installed (not found on PATH)`;
}

/** Over ssh a Mac has no desktop to show a dialog on. */
const NO_DISPLAY: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'there is no desktop session (ssh)',
  linux: 'there is no display (DISPLAY or WAYLAND_DISPLAY)',
};

/** KDE users get kdialog first; macOS has only osascript. */
function dialogOrder(inputs: ChoiceInputs): readonly PromptDriver[] {
  if (inputs.platform === 'darwin') return ['osascript'];
  const kde = /kde/i.test(inputs.env.XDG_CURRENT_DESKTOP ?? '');
  return kde ? ['kdialog', 'zenity'] : ['zenity', 'kdialog'];
}

// The desktop a dialog could appear on ("DISPLAY=:0", "macOS"), or undefined when there is none.
export function displayOf(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (platform === 'darwin') {
    return env.SSH_CONNECTION || env.SSH_TTY ? undefined : 'the macOS desktop';
  }
  if (env.WAYLAND_DISPLAY) return `WAYLAND_DISPLAY=${env.WAYLAND_DISPLAY}`;
  if (env.DISPLAY) return `DISPLAY=${env.DISPLAY}`;
  return undefined;
}

// True when an executable named `command` is on the PATH of `env`.
export function installedOn(env: NodeJS.ProcessEnv): (command: string) => boolean {
  return (command) =>
    (env.PATH ?? '').split(delimiter).some((dir) => {
      if (!dir) return false;
      try {
        accessSync(join(dir, command), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

// Every driver that could ask on this machine now, each with what it needs (for `doctor`).
export function availableDrivers(
  inputs: Omit<ChoiceInputs, 'flag' | 'profile'>,
): { driver: PromptDriver; usable: boolean; note: string }[] {
  return PROMPT_DRIVERS.map((driver) => {
    const why = unusableReason(driver, inputs);
    return { driver, usable: why === undefined, note: why ?? 'available' };
  });
}
