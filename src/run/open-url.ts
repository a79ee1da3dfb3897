// Opens a URL in the user's browser: $BROWSER when set, else the platform opener.
import { AwsroleError, ExitCode } from '../errors.js';
import { startHelper } from './helper-process.js';

/** $BROWSER is a colon-separated list of commands; "%s" marks where the URL goes. */
function candidates(env: NodeJS.ProcessEnv): string[][] {
  if (env.BROWSER) {
    return env.BROWSER.split(':')
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c) => c.split(/\s+/));
  }
  if (process.platform === 'darwin') return [['open']];
  if (process.platform === 'win32') return [['explorer.exe']];
  return [['xdg-open'], ['sensible-browser'], ['x-www-browser']];
}

/** Told when the opener, once started, exits with a failure status (BROWSER=false does at once). */
export type OpenerFailed = (opener: string, status: number | string) => void;

function start(
  command: string[],
  url: string,
  env: NodeJS.ProcessEnv,
  failed: OpenerFailed | undefined,
): Promise<boolean> {
  const [file, ...args] = command;
  if (!file) return Promise.resolve(false);
  const argv = args.some((a) => a.includes('%s'))
    ? args.map((a) => a.replaceAll('%s', url))
    : [...args, url];
  // The helper path: no awsrole secret reaches the browser, nor anything the browser starts.
  return startHelper(file, argv, {
    env,
    onFailure: failed && ((status) => failed(file, status)),
  });
}

// Starts the first browser command that exists and names it; throws when none could be started.
// Started is not opened: `failed` hears of an opener that exits with a failure status.
export async function openUrl(
  url: string,
  env: NodeJS.ProcessEnv,
  failed?: OpenerFailed,
): Promise<string> {
  for (const command of candidates(env)) {
    if (await start(command, url, env, failed)) return command[0] ?? '';
  }
  throw new AwsroleError('could not start a browser', {
    exitCode: ExitCode.notFound,
    hint: 'set $BROWSER, or use --stdout to print the sign-in URL',
  });
}
