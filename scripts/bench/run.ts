// `npm run bench`: awsrole's startup and memory cost against the floor of any Node wrapper, in one run.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PRINCIPAL, writeAwsLoginCache } from '../../test/support/aws-login-cache.js';
import { startFakeSignin } from '../../test/support/fakes/signin-server.js';
import { forgetUnlock, unlockHintOf } from '../../test/support/kernel-keyring.js';
import { startKeyring } from '../../test/support/keyring.js';
import { startMoto } from '../../test/support/moto.js';
import { type Case, measure, type Result } from './measure.js';
import { printTable } from './report.js';

// npm runs scripts from the package root.
const root = resolve(process.cwd());
const bin = join(root, 'bin', 'awsrole');
const json = process.argv.includes('--json');
const runs = Number(process.env.BENCH_RUNS ?? 15);

function config(profiles: number): string {
  const lines = [
    '[default]',
    'region = us-east-1',
    '',
    '[profile console]',
    `login_session = ${PRINCIPAL}`,
    'region = us-east-1',
    '',
    '[profile S3_Full_Access]',
    'role_arn = arn:aws:iam::123456789012:role/S3_Full_Access',
    'source_profile = default',
    '',
  ];
  for (let i = 0; i < profiles - 3; i++) {
    lines.push(
      `[profile team-${i}]`,
      `role_arn = arn:aws:iam::123456789012:role/team-${i}`,
      'source_profile = default',
      'region = eu-west-1',
      '',
    );
  }
  return lines.join('\n');
}

/** Peak RSS (VmHWM) of the awsrole process while its child sleeps. */
async function peakRss(env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, [bin, 'exec', 'S3_Full_Access', '--', 'sleep', '1'], {
    env,
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 700));
  const status = spawnSync('cat', [`/proc/${child.pid}/status`], { encoding: 'utf8' }).stdout;
  await new Promise((r) => child.once('exit', r));
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/**
 * The file store keeps its unlocked key in the kernel keyring, which needs a
 * session keyring as a login session has. A bench started without one (a
 * container shell, CI) runs itself again inside `keyctl session -`.
 */
function inSessionKeyring(): boolean {
  if (process.env.AWSROLE_BENCH_IN_SESSION === '1') return true;
  if (spawnSync('keyctl', ['--version']).status !== 0) return false;
  const again = spawnSync('keyctl', ['session', '-', process.execPath, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'ignore'],
    env: { ...process.env, AWSROLE_BENCH_IN_SESSION: '1' },
  });
  process.exit(again.status ?? 1);
}

async function main(): Promise<void> {
  const kernelKeyring = inSessionKeyring();
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const home = mkdtempSync(join(tmpdir(), 'awsrole-bench-'));
  const moto = await startMoto();
  const keyring = await startKeyring().catch(() => undefined);
  // A loopback stand-in of the sign-in service: `aws login` left a 15-minute session for "console".
  const signin = await startFakeSignin({ principal: PRINCIPAL });
  // What the runs kept in the user's kernel keyring is removed at the end.
  const cleanups: (() => void)[] = [];
  try {
    const small = join(home, 'config-10');
    const large = join(home, 'config-10000');
    writeFileSync(small, config(10));
    writeFileSync(large, config(10_000));
    const keys = {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    };
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      ...(keyring?.env ?? { AWSROLE_BACKEND: 'file', AWSROLE_FILE_PASSPHRASE: 'bench' }),
      XDG_RUNTIME_DIR: join(home, 'run'),
      AWS_CONFIG_FILE: small,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_SIGNIN: signin.endpoint,
      AWS_LOGIN_CACHE_DIRECTORY: join(home, 'login-cache'),
    };
    const run = (args: string[], e: NodeJS.ProcessEnv) =>
      execFileSync(process.execPath, [bin, ...args], { env: e, stdio: 'ignore' });
    run(['add', 'default', '--env'], { ...env, ...keys });
    // The keys now live in the store; the benchmarked commands do not see them in their environment.
    run(['exec', 'S3_Full_Access', '--', 'true'], env);
    await writeAwsLoginCache(join(home, 'login-cache'), signin, 15 * 60_000);
    run(['exec', 'console', '--', 'true'], env);
    const largeEnv = { ...env, AWS_CONFIG_FILE: large };
    run(['exec', 'S3_Full_Access', '--', 'true'], largeEnv);
    // A second home on the encrypted file store, unlocked once (as a user typing the passphrase would).
    const fileEnv: NodeJS.ProcessEnv = {
      ...env,
      AWSROLE_BACKEND: 'file',
      XDG_DATA_HOME: join(home, 'file-data'),
    };
    run(['add', 'default', '--env'], { ...fileEnv, ...keys, AWSROLE_FILE_PASSPHRASE: 'bench' });
    cleanups.push(() => {
      for (const e of [env, largeEnv, fileEnv])
        spawnSync(process.execPath, [bin, 'clear'], { env: e });
      if (kernelKeyring) forgetUnlock(unlockHintOf(join(home, 'file-data', 'awsrole')));
    });
    run(['exec', 'S3_Full_Access', '--', 'true'], { ...fileEnv, AWSROLE_FILE_PASSPHRASE: 'bench' });
    const node = process.execPath;
    const exec = ['exec', 'S3_Full_Access', '--', 'true'];
    const promptEnv = { ...env, AWSROLE: 'S3_Full_Access', AWS_CREDENTIAL_EXPIRATION: later() };
    const cases: Case[] = [
      { name: 'floor: node -e 0', argv: [node, '-e', '0'], env },
      {
        name: 'floor: node spawning true',
        argv: [node, '-e', "require('child_process').spawnSync('true')"],
        env,
      },
      { name: 'exec, cached (hot path)', argv: [node, bin, ...exec], env },
      {
        name: 'exec, cached, login_session profile',
        argv: [node, bin, 'exec', 'console', '--', 'true'],
        env,
      },
      { name: 'exec, cached, 10,000 profiles', argv: [node, bin, ...exec], env: largeEnv },
      {
        name: 'exec, cached, compile cache off',
        argv: [node, bin, ...exec],
        env: { ...env, AWSROLE_COMPILE_CACHE: 'off' },
      },
      {
        name: 'export --format credential-process, cached',
        argv: [node, bin, 'export', '--format', 'credential-process', 'S3_Full_Access'],
        env,
      },
      { name: 'exec, cached, file store unlocked', argv: [node, bin, ...exec], env: fileEnv },
      {
        name: 'exec, cached, file store, key derived each run',
        argv: [node, bin, ...exec],
        env: { ...fileEnv, AWSROLE_FILE_PASSPHRASE: 'bench', AWSROLE_FILE_UNLOCK_TTL: '0' },
      },
      {
        name: 'exec, cold (AssumeRole)',
        argv: [node, bin, 'exec', '--no-cache', 'S3_Full_Access', '--', 'true'],
        env,
      },
      {
        name: 'exec, cold (AssumeRole), 10,000 profiles',
        argv: [node, bin, 'exec', '--no-cache', 'S3_Full_Access', '--', 'true'],
        env: largeEnv,
      },
      {
        name: 'aws sts assume-role',
        argv: [
          'aws',
          'sts',
          'assume-role',
          '--role-arn',
          'arn:aws:iam::123456789012:role/S3_Full_Access',
          '--role-session-name',
          'bench',
        ],
        env: { ...env, ...keys },
      },
      { name: 'awsrole --version', argv: [node, bin, '--version'], env },
      { name: 'awsrole prompt', argv: [node, bin, 'prompt'], env: promptEnv },
      { name: 'awsrole list', argv: [node, bin, 'list'], env },
      ...completionCases(node, env, largeEnv),
    ];
    // BENCH_ONLY=<regex> times only the cases it matches (the floors always), for a quick look at one change.
    const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
    const picked = cases.filter((c) => !only || c.name.startsWith('floor:') || only.test(c.name));
    const results: Result[] = await measure(picked, runs);
    const report = {
      machine: machine(),
      date: new Date().toISOString(),
      backend: keyring ? 'keyring' : 'file',
      kernelKeyring,
      runs,
      results,
      peakRssMb: await peakRss(env),
      peakRssLargeMb: await peakRss(largeEnv),
    };
    if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printTable(report);
  } finally {
    for (const cleanup of cleanups) cleanup();
    await keyring?.stop();
    await signin.stop();
    await moto.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

/** An expiry 42 minutes from now, as an awsrole subshell would have set it. */
function later(): string {
  return new Date(Date.now() + 42 * 60_000).toISOString();
}

/** Completion cases run only once the binary has a completion entry point. */
function completionCases(
  node: string,
  env: NodeJS.ProcessEnv,
  largeEnv: NodeJS.ProcessEnv,
): Case[] {
  const probe = spawnSync(node, [bin, '__complete', 'bash', '--', 'awsrole', 'exec', ''], {
    env,
    encoding: 'utf8',
  });
  if (probe.status !== 0) return [];
  const argv = [node, bin, '__complete', 'fish', '--', 'awsrole', 'exec', 'S3'];
  return [
    { name: 'completion of profiles', argv, env },
    { name: 'completion, 10,000 profiles', argv, env: largeEnv },
    {
      name: 'completion, compile cache off',
      argv,
      env: { ...env, AWSROLE_COMPILE_CACHE: 'off' },
    },
  ];
}

function machine(): string {
  const cpus = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim();
  return `${process.platform} ${process.arch}, ${cpus} cores, node ${process.version}`;
}

await main();
