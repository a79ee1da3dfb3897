// Doctor check: which MFA prompt drivers this machine has, and what asks when there is no terminal.
import { availableDrivers, chooseDriver, installedOn } from '../prompt/choose-driver.js';
import { type CheckResult, ok } from './check.js';

const CHECK = 'mfa prompts';

/**
 * ✓ whatever is installed (many users never need more than the terminal),
 * but ✗ for an AWSROLE_PROMPT that names no driver or one that cannot work
 * here: every MFA code would fail.
 */
export function promptCheck(
  env: NodeJS.ProcessEnv,
  terminal: boolean,
  platform: NodeJS.Platform = process.platform,
): CheckResult {
  const installed = installedOn(env);
  const here = availableDrivers({ env, platform, terminal, installed });
  const usable = here.filter((d) => d.usable).map((d) => d.driver);
  // A bad AWSROLE_PROMPT throws: runCheck makes that the ✗ line, with the fix.
  const choice = chooseDriver({ env, platform, terminal: false, installed });
  const headless = choice.driver ? `${choice.driver} (${choice.why})` : `none (${choice.why})`;
  return ok(
    CHECK,
    `available here: ${usable.join(', ') || 'none'}; without a terminal (an IDE's credential_process) codes are asked with ${headless}`,
  );
}
