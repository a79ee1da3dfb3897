// Drives awsrole's completion scripts in real bash, zsh and fish, with the built bin/ first on PATH.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { awsroleArgv, REPO_ROOT } from '../cli.js';
import { makeHome, type TempHome } from '../home.js';
import { forSuite } from '../lifecycle.js';

const run = promisify(execFile);
const HERE = join(REPO_ROOT, 'test', 'support', 'completion');

/** The profiles the fixture config declares that awsrole (and so completion) knows. */
/** The --duration choices, in the order bash and zsh offer them. */
export const DURATION_CHOICES = ['15m', '30m', '1h', '2h', '4h', '8h', '12h'];

/** What each suite's fakecmd completion offers for `fakecmd ch`. */
export const FAKECMD_CH = ['checkout', 'cherry-pick'];

export const FIXTURE_PROFILES = [
  'default',
  'S3_Full_Access',
  'prod',
  'team:dev@eu+1%a/b.c',
  'ops admin team',
];

const CONFIG = `[default]
region = us-east-1

[profile S3_Full_Access]
role_arn = arn:aws:iam::123456789012:role/S3_Full_Access
source_profile = default

[profile prod]
role_arn = arn:aws:iam::123456789012:role/Prod

[profile team:dev@eu+1%a/b.c]
role_arn = arn:aws:iam::123456789012:role/Dev
source_profile = default

# The SDK's parser drops this one (a space in a [profile ...] name), so awsrole does too.
[profile my team]
role_arn = arn:aws:iam::123456789012:role/Dropped
`;

/** The credentials file may name profiles with spaces ("<word> <name>" alone is dropped). */
const CREDENTIALS = `[ops admin team]
role_arn = arn:aws:iam::123456789012:role/Ops
source_profile = default
`;

/** A temporary HOME with the fixture AWS config, and the environment the shells run with. */
export type CompletionWorld = {
  readonly home: TempHome;
  readonly env: { HOME: string } & Record<string, string>;
  /** Writes a setup file for a shell: the install line, then `extra`. */
  setup(shell: 'bash' | 'zsh' | 'fish', extra?: string): string;
  remove(): void;
};

// A world with the fixture config, bin/ on PATH, and a cache dir inside HOME.
export function completionWorld(): CompletionWorld {
  const home = makeHome('awsrole-completion-');
  home.writeConfig(CONFIG);
  home.write('.aws/credentials', CREDENTIALS);
  const env = {
    PATH: `${join(REPO_ROOT, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home.dir,
    XDG_CACHE_HOME: home.path('.cache'),
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    // Interactive shells would write history into HOME as they exit, racing its removal.
    HISTFILE: '/dev/null',
  };
  // The one-line installs the README documents.
  const install = {
    bash: 'eval "$(awsrole completion bash)"',
    zsh: 'eval "$(awsrole completion zsh)"',
    fish: 'awsrole completion fish | source',
  };
  return {
    home,
    env,
    setup: (shell, extra = '') => home.write(`setup.${shell}`, `${install[shell]}\n${extra}\n`),
    // A shell still exiting may write into HOME: retry instead of failing on ENOTEMPTY.
    remove: () => rmSync(home.dir, { recursive: true, force: true, maxRetries: 5 }),
  };
}

// A world for the suite: created before its tests, removed after them. The object returned
// stands for it (its members may only be used while the suite runs).
export function useCompletionWorld(): CompletionWorld {
  let current: CompletionWorld | undefined;
  const live = (): CompletionWorld => {
    if (!current) throw new Error('the completion world exists only while its suite runs');
    return current;
  };
  forSuite({ create: completionWorld, dispose: (w) => w.remove() }, (w) => {
    current = w;
  });
  return {
    get home() {
      return live().home;
    },
    get env() {
      return live().env;
    },
    setup: (shell, extra) => live().setup(shell, extra),
    remove: () => live().remove(),
  };
}

// True when a command (a shell, tmux, git) is on PATH here.
export function hasShell(name: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { stdio: 'ignore' }).status === 0;
}

/** Lines of output, without the empty last one. */
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

// COMPREPLY for `line` with the cursor at its end, from bash's completion function.
export async function bashComplete(world: CompletionWorld, line: string, extra = '') {
  const setup = world.setup('bash', extra);
  const harness = join(HERE, 'bash-complete.bash');
  const { stdout } = await run('bash', ['--norc', '--noprofile', harness, setup, line], {
    env: world.env,
  });
  return lines(stdout);
}

// What zsh offers for `line` + TAB in an interactive shell, and the edit buffer afterwards.
export async function zshComplete(world: CompletionWorld, line: string, extra = '') {
  const setup = world.setup('zsh', extra);
  const out = mkdtempSync(join(world.home.dir, 'zsh-'));
  try {
    await run('zsh', ['-f', join(HERE, 'zsh-complete.zsh'), out, setup, line], {
      env: world.env,
      timeout: 20_000,
    });
    const matches = [...new Set(lines(readFileSync(join(out, 'matches'), 'utf8')))];
    return { matches, buffer: readFileSync(join(out, 'buffer'), 'utf8') };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

// What `complete -C` lists for `line` in fish: candidates (without their descriptions).
export async function fishComplete(world: CompletionWorld, line: string, extra = '') {
  const setup = world.setup('fish', extra);
  const { stdout } = await run(
    'fish',
    ['--no-config', '-c', `source ${setup}; complete --do-complete=$AWSROLE_TEST_LINE`],
    { env: { ...world.env, AWSROLE_TEST_LINE: line } },
  );
  return lines(stdout).map((l) => l.split('\t')[0] ?? '');
}

// Runs the hidden entry point directly.
export async function completeEntry(world: CompletionWorld, args: string[]) {
  const [node = '', ...rest] = awsroleArgv(['__complete', ...args]);
  const { stdout } = await run(node, rest, {
    env: world.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  return lines(stdout);
}

// Writes a config of `count` generated profiles (team-00000 ...) over the fixture one.
export function writeLargeConfig(world: CompletionWorld, count: number): void {
  const parts = ['[default]\nregion = us-east-1\n'];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(5, '0');
    parts.push(
      `[profile team-${n}]\nrole_arn = arn:aws:iam::123456789012:role/team-${n}\nsource_profile = default\nregion = eu-west-1\n`,
    );
  }
  writeFileSync(world.home.path('.aws', 'config'), parts.join('\n'));
}
