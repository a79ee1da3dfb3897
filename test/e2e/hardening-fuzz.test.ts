// An e2e fuzz of the built bin: a few hundred random command lines, half of them over random AWS
// config files, in HOMEs with stored keys and STS on a closed port, some with a state directory
// (runtime, state, cache, data, aws login cache) that cannot be used. Whatever the input: the exit
// code is one of the documented ones (never 1, the "bug" code, never a signal), stderr has no
// stack trace and at most one line (exactly one on failure). The seed is printed with a failure;
// AWSROLE_FUZZ_SEED replays a run.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.js';
import { type FlagSpec, GLOBAL_FLAGS, HELP_FLAG, VERSION_FLAG } from '../../src/cli/flag-table.js';
import { ExitCode } from '../../src/errors.js';
import { type CliEnv, type RunResult, runAwsrole } from '../support/cli.js';
import { ARNS, DURATIONS, iniFile, junk, NAMES } from '../support/config-arbitrary.js';
import { fileEnv } from '../support/e2e.js';
import { useTemplateHome } from '../support/e2e-setup.js';
import { makeHome, type TempHome } from '../support/home.js';

const CASES = 240;
const SLOTS = 4;
const DOCUMENTED = [0, 2, 3, 4, 5, 6, 7, 8, 9, 126, 127];
const BASE_CONFIG = `[default]\nregion = us-east-1\n[profile prod]\nrole_arn = ${ARNS[0]}\nsource_profile = default\n`;

/** Every way the table lets a command line start: a command or alias, with a subcommand where it has them. */
const COMMAND_WORDS: readonly (readonly string[])[] = COMMANDS.flatMap((decl) =>
  [decl.name, ...(decl.aliases ?? [])].flatMap((word) => [
    [word],
    ...(decl.subcommands ?? []).map((sub) => [word, sub.name]),
  ]),
);
const DECLS = COMMANDS.flatMap((decl) => [decl, ...(decl.subcommands ?? [])]);
const ALL_FLAGS: [string, FlagSpec][] = [
  ...DECLS.flatMap((decl) => Object.entries(decl.flags)),
  ...Object.entries(GLOBAL_FLAGS),
  ['help', HELP_FLAG],
  ['version', VERSION_FLAG],
];

/** A value a string flag takes: its first choice or suggestion, else a duration. */
function sampleOf(spec: FlagSpec): string {
  const values = spec.choices ?? (Array.isArray(spec.values) ? spec.values : undefined);
  return values?.[0] ?? '1h';
}

/** Every spelling of every flag the table declares, by the kind of word that follows it. */
function spellings(kind: FlagSpec['type']): string[] {
  const words = ALL_FLAGS.filter(([, spec]) => spec.type === kind).flatMap(([name, spec]) => {
    const alias =
      spec.alias === undefined ? [] : [`${spec.alias.length === 1 ? '-' : '--'}${spec.alias}`];
    return kind === 'boolean' ? [`--${name}`, `--no-${name}`, ...alias] : [`--${name}`, ...alias];
  });
  return [...new Set(words)];
}

const STRING_FLAGS = spellings('string');
/** Never --debug, which prints diagnostics and stacks on purpose (--no-debug stays). */
const BOOLEAN_FLAGS = spellings('boolean').filter((flag) => flag !== '--debug');
const INLINE_FLAGS = [
  ...new Set(
    ALL_FLAGS.flatMap(([name, spec]) =>
      spec.type === 'string' ? [`--${name}=${sampleOf(spec)}`] : [],
    ),
  ),
];
/** Spellings no command declares. */
const JUNK_FLAGS = ['--frobnicate', '-x', '-zz', '---', '--=', '--no-', '--cache=false'];
const FLAGS = [...STRING_FLAGS, ...BOOLEAN_FLAGS, ...INLINE_FLAGS, ...JUNK_FLAGS];
const VALUES = [
  ...NAMES,
  ...ARNS,
  ...DURATIONS,
  '-1h',
  '',
  ' ',
  'keyring',
  'file',
  'vault',
  'env',
  'json',
  'credential-process',
  'powershell',
  '/s3/home',
  '123456',
  '12345',
  'S3_Full_Access',
  'x'.repeat(300),
];

/** One token: a command word, a flag, a value or junk (never --debug, which prints stacks on purpose). */
const token = fc
  .oneof(
    { weight: 2, arbitrary: fc.constantFrom(...COMMAND_WORDS.flat()) },
    { weight: 4, arbitrary: fc.constantFrom(...FLAGS) },
    { weight: 4, arbitrary: fc.constantFrom(...VALUES) },
    { weight: 2, arbitrary: junk },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  )
  // argv cannot hold NUL bytes.
  .filter((t) => t !== '--debug' && t !== '--' && !t.includes('\0'));

const someValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 1, arbitrary: junk },
);

/** A command line shaped like a real one: a command, a positional, flags with values. */
const structured = fc
  .tuple(
    fc.constantFrom(...COMMAND_WORDS),
    someValue,
    fc.array(
      fc.oneof(
        fc.tuple(fc.constantFrom(...STRING_FLAGS), someValue),
        fc.constantFrom(...BOOLEAN_FLAGS).map((flag) => [flag]),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([command, positional, flags]) => [...command, positional, ...flags.flat()]);

/** Any tokens at all, usually after a known command. */
const anyTokens = fc
  .tuple(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...COMMAND_WORDS) },
      { weight: 1, arbitrary: token.map((t) => [t]) },
    ),
    fc.array(token, { maxLength: 6 }),
  )
  .map(([first, rest]) => [...first, ...rest]);

/** A command line; `--` only ever runs `true` after it. */
const argv = fc
  .tuple(
    fc.oneof({ weight: 3, arbitrary: structured }, { weight: 1, arbitrary: anyTokens }),
    fc.boolean(),
  )
  .map(([words, dashDash]) => [
    ...words.filter((w) => !w.includes('\0')),
    ...(dashDash ? ['--', 'true'] : []),
  ]);

/**
 * A state path that cannot be used: the variable points below a regular file, which stops
 * root too (CI runs as root, where permission bits stop nothing).
 */
const BLOCKABLE = [
  'XDG_RUNTIME_DIR',
  'XDG_STATE_HOME',
  'XDG_CACHE_HOME',
  'XDG_DATA_HOME',
  'AWS_LOGIN_CACHE_DIRECTORY',
] as const;

const fuzzCase = fc.record({
  argv,
  config: fc.option(iniFile, { freq: 2 }),
  blocked: fc.option(fc.constantFrom(...BLOCKABLE), { freq: 3 }),
});

describe('fuzz: random command lines and config files against the built bin', () => {
  const seed = Number(process.env.AWSROLE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  let template: TempHome;
  let port: number;

  useTemplateHome(BASE_CONFIG, (t) => {
    ({ home: template, port } = t);
  });

  it(`${CASES} runs: a documented exit code, no stack trace, at most one line on stderr`, async () => {
    const cases = fc.sample(fuzzCase, { numRuns: CASES, seed });
    const failures: string[] = [];
    // A few HOMEs side by side (copies of the template), each running its share of the cases in turn.
    const slot = async (index: number) => {
      const home = makeHome();
      cpSync(template.dir, home.dir, { recursive: true });
      const blocker = home.write('a-regular-file', 'not a directory\n');
      const env: CliEnv = {
        ...fileEnv(home, `http://127.0.0.1:${port}`),
        SHELL: '/bin/true',
        BROWSER: '/bin/false',
        // `sso login` over a config that names an SSO session, and `signin`: give up waiting for
        // the browser soon.
        AWSROLE_SSO_LOGIN_TIMEOUT: '2',
        AWSROLE_SIGNIN_TIMEOUT: '2',
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      };
      try {
        for (let i = index; i < cases.length; i += SLOTS) {
          const c = cases[i];
          if (!c) continue;
          home.writeConfig(c.config ?? BASE_CONFIG);
          const blocked = c.blocked ? { [c.blocked]: join(blocker, 'awsrole') } : {};
          const r = await runAwsrole(c.argv, { env: { ...env, ...blocked }, timeoutMs: 20_000 });
          const problem = judge(r);
          if (problem) {
            failures.push(
              `${problem}\n  argv: ${JSON.stringify(c.argv)}\n  config: ${JSON.stringify(c.config)}\n  blocked: ${c.blocked ?? 'none'}\n  stderr: ${JSON.stringify(r.stderr)}`,
            );
          }
        }
      } finally {
        home.remove();
      }
    };
    await Promise.all(Array.from({ length: SLOTS }, (_, i) => slot(i)));
    expect(failures, `seed ${seed} (AWSROLE_FUZZ_SEED=${seed} replays it)`).toEqual([]);
  }, 150_000);
});

const SIGN_IN_INSTRUCTION = /^awsrole: sign in with the browser; if none opens, open this URL: /;

/** What is wrong with a run, or undefined. */
function judge(r: RunResult): string | undefined {
  if (r.timedOut) return 'timed out';
  if (r.code === null) return `ended by ${r.signal}`;
  if (!DOCUMENTED.includes(r.code)) return `exit code ${r.code} is not a documented one`;
  if (/^\s+at /m.test(r.stderr)) return 'a stack trace on stderr';
  // A browser sign-in (signin, sso login) first tells where to sign in: an instruction, not an error line.
  const lines = r.stderr.split('\n').filter((l) => l !== '' && !SIGN_IN_INSTRUCTION.test(l));
  if (lines.length > 1) return `${lines.length} lines on stderr`;
  // doctor's failed checks (exit 9) are its report on stdout, each ✗ line with its fix, not an error line.
  const doctorReport = r.code === ExitCode.checkFailed && /^✗ .* → /m.test(r.stdout);
  if (r.code !== 0 && !doctorReport && !/^awsrole: /.test(lines[0] ?? ''))
    return 'failed without an "awsrole:" line';
  return undefined;
}
