// Doctor check: shell completion installed for the user's shell (startup-file line or completion file).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { type CheckResult, ok, warn } from './check.js';

/** Where each shell's completion can be installed, as docs/completion-and-prompts.md says. */
function places(shell: string, home: string, env: NodeJS.ProcessEnv) {
  const data = env.XDG_DATA_HOME || join(home, '.local', 'share');
  const config = env.XDG_CONFIG_HOME || join(home, '.config');
  switch (shell) {
    case 'bash':
      return {
        rc: join(home, '.bashrc'),
        files: [join(data, 'bash-completion', 'completions', 'awsrole')],
        line: 'eval "$(awsrole completion bash)"',
      };
    case 'zsh':
      return {
        rc: join(env.ZDOTDIR || home, '.zshrc'),
        files: [join(home, '.zfunc', '_awsrole')],
        line: 'eval "$(awsrole completion zsh)"',
      };
    case 'fish':
      return {
        rc: join(config, 'fish', 'config.fish'),
        files: [join(config, 'fish', 'completions', 'awsrole.fish')],
        line: 'awsrole completion fish | source',
      };
    default:
      return undefined;
  }
}

// Whether completion is installed for $SHELL: a startup-file line that loads it, or its file.
export function completionCheck(env: NodeJS.ProcessEnv): CheckResult {
  const shell = basename(env.SHELL ?? '');
  const where = places(shell, env.HOME || homedir(), env);
  if (!where) {
    return warn(
      'completion',
      `no completion for shell "${shell || 'unknown'}"`,
      'awsrole completes in bash, zsh and fish',
    );
  }
  const file = where.files.find((f) => existsSync(f));
  if (file) return ok('completion', `${shell} completion installed (${file})`);
  let rc = '';
  try {
    rc = readFileSync(where.rc, 'utf8');
  } catch {
    // no startup file: not installed
  }
  if (rc.includes(`awsrole completion ${shell}`)) {
    return ok('completion', `${shell} completion loaded from ${where.rc}`);
  }
  return warn(
    'completion',
    `${shell} completion is not installed`,
    `add \`${where.line}\` to ${where.rc}`,
  );
}
