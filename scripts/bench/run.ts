// `npm run bench`: awsrole's startup and memory cost against the floor of any Node wrapper, in one run.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
    '[profile S3_Full_Access]',
    'role_arn = arn:aws:iam::123456789012:role/S3_Full_Access',
    'source_profile = default',
    '',
  ];
  for (let i = 0; i < profiles - 2; i++) {
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

async function main(): Promise<void> {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const home = mkdtempSync(join(tmpdir(), 'awsrole-bench-'));
  const moto = await startMoto();
  const keyring = await startKeyring().catch(() => undefined);
  try {
    const small = join(home, 'config-10');
    const large = join(home, 'config-10000');
    writeFileSync(small, config(10));
    writeFileSync(large, config(10_000));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      ...(keyring?.env ?? { AWSROLE_BACKEND: 'file', AWSROLE_FILE_PASSPHRASE: 'bench' }),
      XDG_RUNTIME_DIR: join(home, 'run'),
      AWS_CONFIG_FILE: small,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      HOME_FOR_BENCH: home,
    };
    execFileSync(process.execPath, [bin, 'add', 'default', '--env'], { env, stdio: 'ignore' });
    // The keys now live in the store; the benchmarked commands do not see them in their environment.
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...cmdEnv } = env;
    execFileSync(process.execPath, [bin, 'exec', 'S3_Full_Access', '--', 'true'], { env: cmdEnv });
    const largeEnv = { ...cmdEnv, AWS_CONFIG_FILE: large };
    execFileSync(process.execPath, [bin, 'exec', 'S3_Full_Access', '--', 'true'], {
      env: largeEnv,
    });
    const node = process.execPath;
    const cases: Case[] = [
      { name: 'floor: node -e 0', argv: [node, '-e', '0'], env: cmdEnv },
      {
        name: 'floor: node spawning true',
        argv: [node, '-e', "require('child_process').spawnSync('true')"],
        env: cmdEnv,
      },
      {
        name: 'exec, cached (hot path)',
        argv: [node, bin, 'exec', 'S3_Full_Access', '--', 'true'],
        env: cmdEnv,
      },
      {
        name: 'exec, cached, 10,000 profiles',
        argv: [node, bin, 'exec', 'S3_Full_Access', '--', 'true'],
        env: largeEnv,
      },
      {
        name: 'exec, cold (AssumeRole)',
        argv: [node, bin, 'exec', '--no-cache', 'S3_Full_Access', '--', 'true'],
        env: cmdEnv,
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
        env: { ...env, AWS_CONFIG_FILE: small },
      },
      { name: 'awsrole --version', argv: [node, bin, '--version'], env: cmdEnv },
      { name: 'awsrole list', argv: [node, bin, 'list'], env: cmdEnv },
      ...completionCases(node, cmdEnv, largeEnv),
    ];
    const results: Result[] = await measure(cases, runs);
    const rss = await peakRss(cmdEnv);
    const report = {
      machine: machine(),
      date: new Date().toISOString(),
      backend: keyring ? 'keyring' : 'file',
      runs,
      results,
      peakRssMb: rss,
    };
    if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printTable(report);
  } finally {
    await keyring?.stop();
    await moto.stop();
    rmSync(home, { recursive: true, force: true });
  }
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
  const argv = [node, bin, '__complete', 'bash', '--', 'awsrole', 'exec', ''];
  return [
    { name: 'completion of profiles', argv, env },
    { name: 'completion, 10,000 profiles', argv, env: largeEnv },
  ];
}

function machine(): string {
  const cpus = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim();
  return `${process.platform} ${process.arch}, ${cpus} cores, node ${process.version}`;
}

await main();
