// The secret hygiene audit: the whole walkthrough (add, exec with the aws CLI, every export format,
// credential_process, whoami, list/clear/remove, the helpers mfa_process and the browser `login`
// opens, which dump their environment where the file audit searches) with --debug on, plus failing commands (wrong
// passphrase, AccessDenied, bad key shapes, a wrong secret, STS unreachable, no keys, and an AWS
// error quoting the key id from a loopback STS that misbehaves on purpose). It fails if
// the long-term secret access key, the long-term access key id or a session token (or any 16
// characters of one, in clear, base64 or hex) shows up: in the argv of any process while it runs
// (/proc/*/cmdline, polled throughout), in awsrole's stdout (export and credential_process output
// carry the temporary credentials on purpose, never the long-term ones) or stderr, in any file under
// HOME, the XDG dirs and the temp dir, or in any process environment (the long-term keys). Files and
// directories awsrole created must be 0600 and 0700.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWSROLE_BIN, type CliEnv, NODE, type RunResult, runProgram } from '../support/cli.js';
import { closedPort, type SeededMoto, startWalkthrough } from '../support/e2e.js';
import { type FakeSts, startFakeSts } from '../support/fakes/sts-server.js';
import { type Keyring, keyringPresent, useKeyring } from '../support/keyring.js';
import { motoPresent } from '../support/moto.js';
import {
  findSecrets,
  type ProcessSightings,
  type Secret,
  walkTree,
  watchProcesses,
} from '../support/secret-watch.js';
import { type FakeFederation, startFakeFederation } from '../support/toolchain/fake-federation.js';
import { credentialProcess } from '../support/toolchain/world.js';

/** Whose output a run's stdout is: awsrole's own, or temporary credentials printed on purpose. */
type Stdout = 'own' | 'credentials';
type Step = { label: string; result: RunResult; stdout: Stdout };
type StepOptions = { stdout?: Stdout; input?: string; env?: Record<string, string>; code?: number };

const ROLE = 'S3_Full_Access';
const PRINT_ENV = ['node', '-e', 'process.stdout.write(JSON.stringify(process.env))'];
const FORMATS = ['env', 'env-no-export', 'fish', 'powershell', 'json', 'credential-process'];
const exec = (...command: string[]) => ['exec', ROLE, '--', ...command];

/** A sandbox: HOME, XDG dirs and a private temp dir under one root, and the walkthrough's env. */
function sandbox(extra: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'awsrole-audit-'));
  const home = join(root, 'home');
  mkdirSync(join(home, '.aws'), { recursive: true });
  mkdirSync(join(root, 'tmp'));
  writeFileSync(join(home, 'testfile.txt'), 'audit payload\n');
  const viaProcess = credentialProcess(`export --format credential-process ${ROLE}`);
  writeFileSync(
    join(home, '.aws', 'config'),
    `[default]\nregion = us-east-1\n[profile via-cp]\ncredential_process = ${viaProcess}\n`,
  );
  const env: CliEnv = {
    HOME: home,
    USER: 'tester',
    LANG: 'C.UTF-8',
    // Not created beforehand: awsrole creates the store's parents itself, and they are checked too.
    XDG_DATA_HOME: join(root, 'xdg-data'),
    XDG_CONFIG_HOME: join(root, 'xdg-config'),
    XDG_CACHE_HOME: join(root, 'xdg-cache'),
    // The history (awsrole history) is audited like every other file.
    XDG_STATE_HOME: join(root, 'xdg-state'),
    // No XDG_RUNTIME_DIR: lock files go to the temp dir, which is this private one.
    TMPDIR: join(root, 'tmp'),
    // Nothing kept in the user's kernel keyring by a test (see cliEnv).
    AWSROLE_FILE_UNLOCK_TTL: '0',
    AWSROLE_SESSION_COPY_TTL: '0',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWSROLE_DEBUG: '1',
    ...extra,
  };
  return { root, home, env, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Records every run of a walkthrough: awsrole or another program, in the sandbox's environment. */
function recorder(env: CliEnv, cwd: string) {
  const steps: Step[] = [];
  const record = async (label: string, file: string, args: string[], options: StepOptions = {}) => {
    const result = await runProgram(file, args, {
      env: { ...env, ...options.env },
      input: options.input,
      cwd,
      timeoutMs: 60_000,
    });
    steps.push({ label, result, stdout: options.stdout ?? 'own' });
    expect(result.code, `${label}: ${result.stderr}`).toBe(options.code ?? 0);
    return result;
  };
  const awsrole = (label: string, args: string[], options: StepOptions = {}) =>
    record(label, NODE, [AWSROLE_BIN, ...args], options);
  return { steps, record, awsrole };
}

/** Every leak in the runs' output, and in the argv and environments of the processes seen. */
function auditRuns(
  steps: readonly Step[],
  sightings: ProcessSightings,
  longTerm: readonly Secret[],
  all: readonly Secret[],
): string[] {
  const leaks = new Set<string>();
  const report = (where: string, labels: string[]) => {
    for (const label of labels) leaks.add(`${label} in ${where}`);
  };
  for (const { label, result, stdout } of steps) {
    report(`stderr of "${label}"`, findSecrets(result.stderr, all));
    report(`stdout of "${label}"`, findSecrets(result.stdout, stdout === 'own' ? all : longTerm));
  }
  for (const cmdline of sightings.cmdlines) {
    const shown = JSON.stringify(cmdline.replaceAll('\0', ' ').slice(0, 80));
    report(`the argv ${shown}`, findSecrets(cmdline, all));
  }
  // Environments hold the temporary credentials (the child's) and the passphrase (awsrole's) on purpose.
  const keys = longTerm.filter((s) => !s.label.includes('passphrase'));
  for (const environ of sightings.environs) {
    report('a process environment', findSecrets(environ, keys));
  }
  return [...leaks];
}

/** Every file below the roots that holds a secret (in clear, base64 or hex). */
function auditFiles(roots: readonly string[], all: readonly Secret[]): string[] {
  return roots.flatMap((root) =>
    walkTree(root)
      .filter((entry) => !entry.dir)
      .flatMap((entry) =>
        findSecrets(readFileSync(entry.path), all).map((label) => `${label} in ${entry.path}`),
      ),
  );
}

/** The audit must have seen what it checks: awsrole's argv, and the environment of its child. */
function expectWatched(sightings: ProcessSightings): void {
  const cmdlines = [...sightings.cmdlines].map((c) => c.replaceAll('\0', ' '));
  expect(cmdlines.some((c) => c.includes(`${AWSROLE_BIN} exec ${ROLE}`))).toBe(true);
  expect([...sightings.environs].some((e) => e.includes(`\0AWSROLE=${ROLE}\0`))).toBe(true);
}

/** Modes of what awsrole created: every directory 0700, every file 0600, and no temp file left. */
function modeProblems(created: readonly string[]): string[] {
  const problems: string[] = [];
  for (const root of created) {
    const self = walkTree(dirname(root)).filter((e) => e.path === root);
    expect(self, `${root} exists`).toHaveLength(1);
    for (const entry of [...self, ...walkTree(root)]) {
      const want = entry.dir ? 0o700 : 0o600;
      if (entry.mode !== want) {
        problems.push(`${entry.path} is ${entry.mode.toString(8)}, not ${want.toString(8)}`);
      }
      if (entry.path.includes('/.tmp-')) problems.push(`${entry.path} is a temp file left behind`);
    }
  }
  return problems;
}

/**
 * A helper that writes its environment to a file under HOME (which the file audit then searches
 * for every secret, the passphrase included) and prints an MFA code: it stands for mfa_process
 * and for $BROWSER, the processes awsrole starts besides the child.
 */
function envDumper(home: string, name: string): { command: string; dumps: () => string[] } {
  const script = join(home, `${name}.sh`);
  writeFileSync(script, `#!/bin/sh\nenv > "$HOME/${name}-env.$$"\necho 123456\n`, { mode: 0o700 });
  const dumps = () =>
    walkTree(home)
      .filter((e) => !e.dir && e.path.includes(`/${name}-env.`))
      .map((e) => readFileSync(e.path, 'utf8'));
  return { command: script, dumps };
}

describe.skipIf(!motoPresent())('secret hygiene audit', () => {
  let peer: SeededMoto;
  let fakeSts: FakeSts;
  let federation: FakeFederation;

  beforeAll(async () => {
    [peer, fakeSts, federation] = await Promise.all([
      startWalkthrough({ trusted: true }),
      startFakeSts(),
      startFakeFederation(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([peer?.stop(), fakeSts?.stop(), federation?.stop()]);
  });

  it('file store: the walkthrough with --debug and failing commands leaks no long-term key or session token', async () => {
    const { user } = peer.w;
    const passphrase = `audit ${Math.random().toString(36).slice(2)}`;
    const box = sandbox({
      AWS_ENDPOINT_URL: peer.moto.endpoint,
      AWSROLE_BACKEND: 'file',
      AWSROLE_FILE_PASSPHRASE: passphrase,
    });
    const longTerm: Secret[] = [
      { label: 'the long-term secret access key', value: user.secretAccessKey },
      { label: 'the long-term access key id', value: user.accessKeyId },
      { label: 'the file store passphrase', value: passphrase },
    ];
    const wrongSecret = 'WRONGwrongWRONGwrongWRONGwrongWRONGwrong';
    const temporary: Secret[] = [];
    const fileLeaks: string[] = [];
    const { steps, record, awsrole } = recorder(box.env, box.home);
    const keys = (id: string, secret: string) => `${id}\n${secret}\n`;
    const watch = watchProcesses();
    let sightings: ProcessSightings;
    try {
      await awsrole('add', ['add', 'default'], {
        input: keys(user.accessKeyId, user.secretAccessKey),
      });
      await awsrole('exec aws sts', exec('aws', 'sts', 'get-caller-identity'));
      await awsrole(
        'exec aws s3 cp',
        exec('aws', 's3', 'cp', 'testfile.txt', 's3://a.demo.bucket'),
      );
      const child = await awsrole('exec env', exec(...PRINT_ENV), { stdout: 'credentials' });
      const vars = JSON.parse(child.stdout) as Record<string, string>;
      expect(vars.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
      temporary.push(
        { label: 'a session token', value: vars.AWS_SESSION_TOKEN ?? '' },
        { label: 'a temporary secret access key', value: vars.AWS_SECRET_ACCESS_KEY ?? '' },
      );
      const served = await awsrole('exec --server env', [
        'exec',
        '--server',
        ROLE,
        '--',
        ...PRINT_ENV,
      ]);
      expect(JSON.parse(served.stdout).AWS_ACCESS_KEY_ID).toBeUndefined();
      await awsrole('exec --server aws sts', [
        'exec',
        '--server',
        ROLE,
        '--',
        'aws',
        'sts',
        'get-caller-identity',
      ]);
      for (const format of FORMATS) {
        const out = await awsrole(`export ${format}`, ['export', ROLE, '--format', format], {
          stdout: 'credentials',
        });
        if (format !== 'json') continue;
        const json = JSON.parse(out.stdout) as { SessionToken: string; SecretAccessKey: string };
        temporary.push(
          { label: 'a session token', value: json.SessionToken },
          { label: 'a temporary secret access key', value: json.SecretAccessKey },
        );
      }
      await record('credential_process', 'aws', [
        '--profile',
        'via-cp',
        'sts',
        'get-caller-identity',
      ]);
      await awsrole('whoami in exec', exec(NODE, AWSROLE_BIN, 'whoami', '--json'));
      await awsrole('list', ['list']);
      await awsrole('list --json', ['list', '--json']);

      // The helpers: mfa_process (before GetSessionToken, which moto's IAM then refuses) and the
      // browser `login` opens. Neither may see the passphrase or the parent's AWS credentials.
      const mfa = envDumper(box.home, 'mfa-process');
      const browser = envDumper(box.home, 'browser');
      writeFileSync(
        join(box.home, '.aws', 'config'),
        `${readFileSync(join(box.home, '.aws', 'config'), 'utf8')}[profile with-mfa]\n` +
          `role_arn = ${peer.w.roleArn}\nsource_profile = default\n` +
          `mfa_serial = arn:aws:iam::123456789012:mfa/${user.name}\nmfa_process = ${mfa.command}\n`,
      );
      // Parent credentials of their own (not the audited keys: awsrole's own environment holds them).
      const helperEnv = {
        AWS_ACCESS_KEY_ID: 'AKIAPARENTPARENTPARE',
        AWS_SECRET_ACCESS_KEY: 'parent/secret/of/the/shell/awsrole/runs/in',
      };
      await awsrole('exec with mfa_process', ['exec', 'with-mfa', '--no-cache', '--', 'true'], {
        env: helperEnv,
        code: 5,
      });
      await awsrole('login with $BROWSER', ['login', ROLE], {
        env: { ...helperEnv, BROWSER: browser.command, AWSROLE_SIGNIN_ENDPOINT: federation.url },
      });
      for (const helper of [mfa, browser]) {
        const dumps = helper.dumps();
        expect(dumps.length, `${helper.command} ran`).toBeGreaterThan(0);
        for (const dump of dumps) {
          expect(dump).toContain(`HOME=${box.home}`);
          expect(dump).not.toMatch(
            /^(AWSROLE_FILE_PASSPHRASE|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID)=/m,
          );
        }
      }

      // Failing commands, with --debug: their messages and stacks must not carry a secret either.
      const unreachable = `http://127.0.0.1:${await closedPort()}`;
      const fail = (label: string, args: string[], code: number, options: StepOptions = {}) =>
        awsrole(label, [...args.slice(0, 2), '--debug', ...args.slice(2)], { ...options, code });
      await fail('wrong passphrase', exec('true'), 4, {
        env: { AWSROLE_FILE_PASSPHRASE: 'not the passphrase' },
      });
      await fail('AccessDenied', ['exec', 'Chained_Role', '--', 'true'], 5);
      await fail('secret too short', ['add', 'short'], 2, {
        input: keys(user.accessKeyId, user.secretAccessKey.slice(0, -1)),
      });
      await fail('key id in lower case', ['add', 'lower'], 2, {
        input: keys(user.accessKeyId.toLowerCase(), user.secretAccessKey),
      });
      await fail('wrong secret', ['add', 'wrong'], 5, {
        input: keys(user.accessKeyId, wrongSecret),
      });
      await fail('STS unreachable', ['exec', ROLE, '--no-cache', '--', 'true'], 6, {
        env: { AWS_ENDPOINT_URL: unreachable },
      });
      await fail('no keys', ['exec', ROLE, '--source', 'nobody', '--', 'true'], 4);
      // A loopback STS that misbehaves on purpose: its error message quotes the signing key id.
      fakeSts.answer = () => ({
        error: { status: 403, code: 'AccessDenied', message: 'Denied for {accessKeyId}.' },
      });
      await fail('an AWS error quoting the key id', ['exec', ROLE, '--no-cache', '--', 'true'], 5, {
        env: { AWS_ENDPOINT_URL: fakeSts.endpoint },
      });
      expect(fakeSts.requests.length).toBeGreaterThan(0);

      // The files while the store holds the keys and the cached session, then again at the end.
      const store = join(box.env.XDG_DATA_HOME ?? '', 'awsrole');
      expect(
        walkTree(store).filter((e) => e.path.endsWith('.entry')).length,
      ).toBeGreaterThanOrEqual(2);
      // The history recorded the runs above (exec, export, credential_process) and is audited with the rest.
      const history = readFileSync(join(box.env.XDG_STATE_HOME ?? '', 'awsrole', 'history.jsonl'));
      const commands = String(history)
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).command);
      expect(new Set(commands)).toEqual(new Set(['exec', 'export', 'credential_process', 'login']));
      fileLeaks.push(...auditFiles([box.root], [...longTerm, ...temporary]));
      await awsrole('clear', ['clear']);
      await awsrole('remove', ['remove', 'default', '--force']);
    } finally {
      sightings = watch.stop();
    }
    try {
      expectWatched(sightings);
      const all = [...longTerm, ...temporary, { label: 'the wrong secret', value: wrongSecret }];
      expect(fileLeaks).toEqual([]);
      expect(auditFiles([box.root], all)).toEqual([]);
      expect(auditRuns(steps, sightings, longTerm, all)).toEqual([]);
      const lockDir = join(box.env.TMPDIR ?? '', `awsrole-${process.getuid?.() ?? 'user'}`);
      expect(
        modeProblems([box.env.XDG_DATA_HOME ?? '', box.env.XDG_STATE_HOME ?? '', lockDir]),
      ).toEqual([]);
    } finally {
      box.remove();
    }
  }, 180_000);

  describe.skipIf(!keyringPresent())('with the OS keyring', () => {
    let keyring: Keyring;
    useKeyring((k) => {
      keyring = k;
    });

    it('keyring store: add, exec, export and a failure leave no secret in any file or output', async () => {
      const { user } = peer.w;
      const box = sandbox({
        AWS_ENDPOINT_URL: peer.moto.endpoint,
        DBUS_SESSION_BUS_ADDRESS: keyring.env.DBUS_SESSION_BUS_ADDRESS ?? '',
      });
      const longTerm: Secret[] = [
        { label: 'the long-term secret access key', value: user.secretAccessKey },
        { label: 'the long-term access key id', value: user.accessKeyId },
      ];
      // The daemon's own files (its encrypted login keyring) are searched as well.
      const roots = [box.root, keyring.env.XDG_DATA_HOME ?? '', keyring.env.HOME ?? ''];
      const temporary: Secret[] = [];
      const fileLeaks: string[] = [];
      const { steps, awsrole } = recorder(box.env, box.home);
      const watch = watchProcesses();
      let sightings: ProcessSightings;
      try {
        await awsrole('add', ['add', 'default'], {
          input: `${user.accessKeyId}\n${user.secretAccessKey}\n`,
        });
        await awsrole('exec aws sts', exec('aws', 'sts', 'get-caller-identity'));
        const out = await awsrole('export json', ['export', ROLE, '--format', 'json'], {
          stdout: 'credentials',
        });
        temporary.push({ label: 'a session token', value: JSON.parse(out.stdout).SessionToken });
        await awsrole('AccessDenied', ['exec', 'Chained_Role', '--', 'true'], { code: 5 });
        fileLeaks.push(...auditFiles(roots, [...longTerm, ...temporary]));
        await awsrole('remove', ['remove', 'default', '--force']);
      } finally {
        sightings = watch.stop();
      }
      try {
        expectWatched(sightings);
        expect(fileLeaks).toEqual([]);
        expect(auditRuns(steps, sightings, longTerm, [...longTerm, ...temporary])).toEqual([]);
        // Nothing of awsrole's on disk at all: keys and sessions live in the keyring.
        expect(walkTree(box.env.XDG_DATA_HOME ?? '')).toEqual([]);
      } finally {
        box.remove();
      }
    }, 120_000);
  });
});
