// Every command that prints data, through a pipe whose reader is slow: what arrives is exactly what
// the same command writes to a file, byte for byte, with the same exit status, also when it is
// well above the 64 KiB a pipe holds (before the one writer, `list` printed 809 of 1,002 lines
// and `list --json` / `history --json` ended at byte 65,536, with exit 0). A reader that goes away
// early (`| head`) is no error. The commands come from the command table: one that prints data
// and has no case here fails the first test.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.js';
import { cacheSandbox } from '../support/cache/peers.js';
import { awsroleArgv, type CliEnv, cliEnv } from '../support/cli.js';
import { closedPort, type Sandbox } from '../support/e2e.js';
import { type FakeSso, startFakeSso } from '../support/fakes/sso-server.js';
import { motoPresent } from '../support/moto.js';
import { SSO_CONFIG } from '../support/sso-setup.js';
import { type FakeFederation, startFakeFederation } from '../support/toolchain/fake-federation.js';
import { startWorld, type World } from '../support/toolchain/world.js';

const PIPE_BYTES = 64 * 1024;
const KEYS = {
  accessKeyId: 'AKIAZZZZZZZZZZEXAMPL',
  secretAccessKey: 'abcdefghijABCDEFGHIJ0123456789/+abcdefgh',
};
const PROFILES = 1500;
const HISTORY_ENTRIES = 3000;
/** Inside an exec session: what whoami and prompt read. */
const SESSION_ENV = {
  AWSROLE: 'pipe-role',
  AWSROLE_ROLE_ARN: 'arn:aws:iam::123456789012:role/Pipe_Role',
  AWSROLE_SESSION_NAME: 'pipe-session',
  // Already past: what whoami and prompt print does not change from one run to the next.
  AWS_CREDENTIAL_EXPIRATION: '2000-01-01T00:00:00Z',
};

type Case = { args: string[]; env?: Record<string, string>; big?: boolean };

/** The data-printing commands of the table and how each is run here; `big` cases print > 64 KiB. */
const DATA_COMMANDS: Record<string, Case[]> = {
  export: ['env', 'env-no-export', 'fish', 'powershell', 'json', 'credential-process'].map(
    (format) => ({ args: ['export', 'base', '--allow-long-term', '--format', format] }),
  ),
  // whoami --json counts the seconds left, so two runs differ by a second; the text form does not.
  whoami: [{ args: ['whoami'], env: SESSION_ENV }],
  list: [
    { args: ['list'], big: true },
    { args: ['list', '--json'], big: true },
  ],
  history: [
    { args: ['history'], big: true },
    { args: ['history', '--json'], big: true },
  ],
  doctor: [{ args: ['doctor'] }],
  completion: ['bash', 'zsh', 'fish'].map((shell) => ({ args: ['completion', shell] })),
  prompt: [{ args: ['prompt'], env: SESSION_ENV }],
};

/** The table's commands that print no data of their own, and why. */
const NO_DATA: Record<string, string> = {
  exec: "stdout is the child's (200 MB through it: hardening-process.test.ts)",
  add: 'notices only, on stderr',
  remove: 'notices only, on stderr',
  rotate: 'notices only, on stderr',
  clear: 'notices only, on stderr',
  signin: 'notices only, on stderr (the section it wrote is shown there)',
  signout: 'notices only, on stderr',
};

/** Commands whose data needs a peer: their suites are below (login --stdout, sso roles --profiles). */
const OWN_SUITES = ['login', 'sso'];

/** Cases beyond the table's plain commands: help, and the hidden completion entry point (`__complete`). */
const OTHER_CASES: Case[] = [
  { args: ['--help'] },
  { args: ['__complete', 'bash', '--', 'awsrole', 'exec', ''], big: true },
  { args: ['__complete', 'zsh', '--', 'awsrole', 'exec', ''], big: true },
];

type Run = { code: string; out: Buffer; stderr: string };

/** Runs a bash line with $AR (an array: node and bin/awsrole) in the given environment. */
function bash(line: string, env: CliEnv): Promise<string> {
  const argv = awsroleArgv([]).map((a) => `'${a}'`);
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['-c', `AR=(${argv.join(' ')}); ${line}`],
      { env: cliEnv(env), cwd: env.HOME, timeout: 60_000 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

/** The command's output to a file (complete by construction) and through a slow pipe. */
async function both(args: readonly string[], env: CliEnv): Promise<{ file: Run; pipe: Run }> {
  const words = args.map((a) => `'${a}'`).join(' ');
  const outFile = join(env.HOME, 'out.file');
  const outPipe = join(env.HOME, 'out.pipe');
  const fileCode = await bash(
    `"\${AR[@]}" ${words} > '${outFile}' 2> '${outFile}.err'; echo -n $?`,
    env,
  );
  // The reader starts reading only after a second: by then awsrole has filled the pipe.
  const pipeCode = await bash(
    `"\${AR[@]}" ${words} 2> '${outPipe}.err' | { sleep 1; cat > '${outPipe}'; }; echo -n "\${PIPESTATUS[0]}"`,
    env,
  );
  const read = (path: string, code: string): Run => ({
    code,
    out: readFileSync(path),
    stderr: readFileSync(`${path}.err`, 'utf8'),
  });
  return { file: read(outFile, fileCode), pipe: read(outPipe, pipeCode) };
}

/** The pipe got exactly what the file got, with the same status and messages. */
async function expectWhole(args: readonly string[], env: CliEnv, big = false) {
  const { file, pipe } = await both(args, env);
  expect(file.out.length).toBeGreaterThan(0);
  if (big) expect(file.out.length).toBeGreaterThan(PIPE_BYTES * 1.5);
  expect(pipe.out.length).toBe(file.out.length);
  expect(pipe.out.equals(file.out)).toBe(true);
  expect(pipe.code).toBe(file.code);
  expect(pipe.stderr).toBe(file.stderr);
  return file;
}

describe('output through a pipe with a slow reader', () => {
  let sb: Sandbox;

  beforeAll(async () => {
    sb = await cacheSandbox({ endpoint: `http://127.0.0.1:${await closedPort()}` });
    const long = 'x'.repeat(60);
    const profiles = Array.from(
      { length: PROFILES },
      (_, i) =>
        `[profile team-${String(i).padStart(4, '0')}-${long}]\nrole_arn = arn:aws:iam::123456789012:role/R${i}\nsource_profile = base\n`,
    );
    sb.home.writeConfig(`[profile base]\nregion = us-east-1\n${profiles.join('')}`);
    await sb.addKeys('base', KEYS);
    const state = join(sb.home.dir, '.local', 'state', 'awsrole');
    mkdirSync(state, { recursive: true, mode: 0o700 });
    const now = Date.now();
    const entries = Array.from({ length: HISTORY_ENTRIES }, (_, i) =>
      JSON.stringify({
        time: new Date(now - (HISTORY_ENTRIES - i) * 1000).toISOString(),
        command: 'exec',
        profile: `team-${String(i % PROFILES).padStart(4, '0')}-${long}`,
        sourceProfile: 'base',
        roleArn: `arn:aws:iam::123456789012:role/R${i}`,
        source: 'sts',
        sessionName: 'pipe-session',
        durationSeconds: 3600,
        expiration: new Date(now + 3600_000).toISOString(),
        mfa: false,
        program: 'aws',
        exit: 0,
      }),
    );
    writeFileSync(join(state, 'history.jsonl'), `${entries.join('\n')}\n`, { mode: 0o600 });
  });
  afterAll(() => sb?.remove());

  it('has a case for every command of the table that prints data', () => {
    const names = COMMANDS.map((c) => c.name);
    const missing = names.filter(
      (n) =>
        !(n in DATA_COMMANDS) &&
        !(n in NO_DATA) &&
        !OWN_SUITES.includes(n) &&
        !OTHER_CASES.some((c) => c.args[0] === n),
    );
    expect(missing).toEqual([]);
  });

  const all = [...Object.entries(DATA_COMMANDS).flatMap(([, cases]) => cases), ...OTHER_CASES];
  it.each(all.map((c) => [c.args.join(' '), c] as const))(
    'awsrole %s: the pipe gets every byte the file gets, and the same status',
    async (_label, c) => {
      await expectWhole(c.args, { ...sb.env, ...c.env }, c.big);
    },
    60_000,
  );

  it.each([
    ['list'],
    ['list', '--json'],
    ['history', '--json'],
    ['__complete', 'bash', '--', 'awsrole', 'exec', ''],
  ])(
    'awsrole %s | head -c 100: the reader going away is no error',
    async (...args) => {
      const words = args.map((a) => `'${a}'`).join(' ');
      const errFile = join(sb.home.dir, 'head.err');
      const code = await bash(
        `"\${AR[@]}" ${words} 2> '${errFile}' | head -c 100 > /dev/null; echo -n "\${PIPESTATUS[0]}"`,
        { ...sb.env },
      );
      expect(readFileSync(errFile, 'utf8')).not.toMatch(/EPIPE|unexpected|fatal/);
      expect(code).toBe('0');
    },
    60_000,
  );
});

describe.skipIf(!motoPresent())('login --stdout through a slow pipe', () => {
  let world: World;
  let fed: FakeFederation;

  beforeAll(async () => {
    fed = await startFakeFederation();
    world = await startWorld();
    world.env.AWSROLE_SIGNIN_ENDPOINT = fed.url;
  });
  afterAll(async () => {
    await fed?.stop();
    await world?.stop();
  });

  it('prints the whole sign-in URL, as to a file', async () => {
    const file = await expectWhole(['login', 'S3_Full_Access', '--stdout'], world.env);
    expect(String(file.out)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/federation\?Action=login&/);
  });
});

describe('sso roles --profiles through a slow pipe', () => {
  let sso: FakeSso;
  let sb: Sandbox;
  const accounts = Array.from({ length: 150 }, (_, i) => ({
    accountId: String(100000000000 + i),
    accountName: `Account number ${i} of a large organisation`,
    roles: ['AdministratorAccess', 'ReadOnlyAccess', 'PowerUserAccess', 'BillingAccess', 'Audit'],
  }));

  beforeAll(async () => {
    const closed = `http://127.0.0.1:${await closedPort()}`;
    sso = await startFakeSso({ sts: closed, accounts });
    sb = await cacheSandbox({ endpoint: sso.endpoint });
    sb.home.writeConfig(SSO_CONFIG);
    const token = sso.mint();
    const cache = join(sb.home.dir, '.aws', 'sso', 'cache');
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
    writeFileSync(
      join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`),
      JSON.stringify({
        startUrl: 'https://corp.awsapps.com/start',
        region: 'us-east-1',
        accessToken: token.accessToken,
        expiresAt: utc(Date.now() + 3600_000),
        clientId: token.clientId,
        clientSecret: token.clientSecret,
        registrationExpiresAt: utc(Date.now() + 30 * 86400_000),
        refreshToken: token.refreshToken,
      }),
      { mode: 0o600 },
    );
  });
  afterAll(async () => {
    sb?.remove();
    await sso?.stop();
  });

  it('prints every section, as to a file', async () => {
    const args = ['sso', 'roles', '--sso-session', 'corp', '--profiles'];
    const file = await expectWhole(args, { ...sb.env }, true);
    expect(String(file.out).match(/^\[profile /gm)).toHaveLength(accounts.length * 5);
  }, 120_000);
});
