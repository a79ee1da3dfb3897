// The published package as a new user gets it: packed from a clean copy, installed into a temporary
// prefix with the Node running the tests (24 in CI), then run from that prefix, walkthrough included.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, REPO_ROOT, type RunResult } from '../support/cli.js';
import { fileEnv, type SeededMoto, stderrLines } from '../support/e2e.js';
import { useWalkthrough } from '../support/e2e-setup.js';
import { makeHome } from '../support/home.js';
import { motoPresent } from '../support/moto.js';
import { spawnCollected } from '../support/spawn-collected.js';

const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
};

/** PATH with the Node running the tests first, so `npm` and the installed bin's shebang use it. */
const PATH = `${dirname(process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}`;

/** npm's environment: the user's own (npm cache, registry settings), the tests' Node first on PATH. */
const NPM_ENV = Object.fromEntries(
  Object.entries({ ...process.env, PATH }).filter(
    (e): e is [string, string] => e[1] !== undefined && !/^npm_/i.test(e[0]),
  ),
);

/** Runs a program to completion in `cwd` (npm needs the network for the dependencies). */
function run(
  file: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  input?: string,
) {
  return spawnCollected(file, args, { cwd, env, input, timeoutMs: 180_000 }).result;
}

type PackedFile = { path: string; size: number };

describe.skipIf(!motoPresent())('the packed package, installed', () => {
  let work: string;
  let files: PackedFile[];
  let installed: RunResult;
  let bin: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'awsrole-package-'));
    // A copy without dist/: `npm pack` must build it (prepack), as on a fresh clone.
    const clone = join(work, 'clone');
    for (const part of [
      'bin',
      'completions',
      'scripts',
      'src',
      'package.json',
      'README.md',
      'LICENSE',
    ]) {
      cpSync(join(REPO_ROOT, part), join(clone, part), { recursive: true });
    }
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'));
    const packed = await run('npm', ['pack', '--json', '--pack-destination', work], clone, NPM_ENV);
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: PackedFile[] }];
    files = info.files;
    const prefix = join(work, 'prefix');
    mkdirSync(prefix);
    installed = await run(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        join(work, info.filename),
      ],
      work,
      NPM_ENV,
    );
    bin = join(prefix, 'bin', 'awsrole');
  }, 400_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('ships what runs, the LICENSE, and no source maps or build scripts', () => {
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'bin/awsrole', 'dist/awsrole.mjs']),
    );
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(paths.filter((p) => /^(src|scripts|test)\//.test(p))).toEqual([]);
    expect(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });

  it('installs without a warning', () => {
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stderr.split('\n').filter((l) => /warn|err/i.test(l))).toEqual([]);
  });

  it('runs --version and --help from the prefix', async () => {
    const home = makeHome();
    try {
      const env = cliEnv({ HOME: home.dir, PATH });
      const v = await run(bin, ['--version'], home.dir, env);
      expect(v).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
      const help = await run(bin, ['--help'], home.dir, env);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain('awsrole exec <role> -- <cmd>');
    } finally {
      home.remove();
    }
  });

  describe('the walkthrough, with the installed awsrole', () => {
    let peer: SeededMoto;
    useWalkthrough({ trusted: true }, (p) => {
      peer = p;
    });

    it('add default, then exec S3_Full_Access copies the file into the bucket', async () => {
      const home = makeHome();
      try {
        home.writeConfig('[default]\nregion = us-east-1\n');
        home.write('testfile.txt', 'walkthrough payload\n');
        const env = cliEnv({ ...fileEnv(home, peer.moto.endpoint), PATH });
        const { accessKeyId, secretAccessKey } = peer.w.user;
        const add = await run(
          bin,
          ['add', 'default'],
          home.dir,
          env,
          `${accessKeyId}\n${secretAccessKey}\n`,
        );
        expect(add.code, add.stderr).toBe(0);
        expect(stderrLines(add).join('\n')).toContain(
          `stored keys for profile "default" for ${peer.w.user.arn}`,
        );
        const cp = await run(
          bin,
          ['exec', 'S3_Full_Access', '--', 'aws', 's3', 'cp', 'testfile.txt', 's3://a.demo.bucket'],
          home.dir,
          env,
        );
        expect(cp.code, cp.stderr).toBe(0);
        expect(cp.stdout).toContain('upload: ./testfile.txt to s3://a.demo.bucket/testfile.txt');
      } finally {
        home.remove();
      }
    });
  });
});
