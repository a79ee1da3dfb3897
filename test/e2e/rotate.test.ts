// `awsrole rotate` against moto with IAM enforcement (a fresh moto per test, since rotating changes
// the user's keys): success (new key stored and working, old key gone from IAM, sessions made with
// it removed, neither secret in any output, file, argv or environment), a denied DeleteAccessKey, a
// denied CreateAccessKey, the two-key limit, and --yes required without a terminal.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CliEnv, runAwsrole } from '../support/cli.js';
import { type SeededMoto, startWalkthrough } from '../support/e2e.js';
import { useFileUser } from '../support/e2e-setup.js';
import type { TempHome } from '../support/home.js';
import { awsAsAdmin, createUserKey } from '../support/iam-admin.js';
import { forEachTest } from '../support/lifecycle.js';
import { motoPresent } from '../support/moto.js';
import { findSecrets, type Secret, walkTree, watchProcesses } from '../support/secret-watch.js';

const ROLE = 'S3_Full_Access';
const MASKED = /AKIA\*{16}/;

describe.skipIf(!motoPresent())('awsrole rotate', () => {
  let peer: SeededMoto;
  let env: CliEnv;
  let home: TempHome;

  forEachTest(
    { create: () => startWalkthrough({ trusted: true }), dispose: (p) => p.stop() },
    (p) => {
      peer = p;
    },
  );
  useFileUser(
    {
      endpoint: () => peer.moto.endpoint,
      config: () => '[default]\nregion = us-east-1\n',
      keys: () => ({ default: peer.w.user }),
      verify: true,
    },
    (u) => {
      ({ env, home } = u);
    },
  );

  /** Gives the walkthrough user these IAM actions on itself (moto matches them only with Resource "*"). */
  async function allowOwnKeys(actions: string[]): Promise<void> {
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
    };
    const args = [
      'iam',
      'put-user-policy',
      '--user-name',
      peer.w.user.name,
      '--policy-name',
      'own-keys',
    ];
    await awsAsAdmin(peer, [...args, '--policy-document', JSON.stringify(policy)], home.dir);
  }
  async function keysInIam(): Promise<string[]> {
    const args = ['iam', 'list-access-keys', '--user-name', peer.w.user.name];
    const out = JSON.parse(await awsAsAdmin(peer, args, home.dir)) as {
      AccessKeyMetadata: { AccessKeyId: string }[];
    };
    return out.AccessKeyMetadata.map((k) => k.AccessKeyId).sort();
  }
  async function storedKey(): Promise<{ AccessKeyId: string; SecretAccessKey: string }> {
    const r = await runAwsrole(['export', 'default', '--allow-long-term', '--format', 'json'], {
      env,
    });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  }
  async function identityVia(role: string): Promise<string> {
    const r = await runAwsrole(['exec', role, '--', 'aws', 'sts', 'get-caller-identity'], { env });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).Arn;
  }
  const rotate = (...flags: string[]) => runAwsrole(['rotate', 'default', ...flags], { env });
  const oldId = () => peer.w.user.accessKeyId;

  it('creates, checks and stores a new key, deletes the old one and its sessions, and leaks neither secret', async () => {
    await allowOwnKeys(['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys']);
    expect(await identityVia(ROLE)).toContain(`assumed-role/${ROLE}/`);

    const watch = watchProcesses();
    const r = await rotate('--yes');
    const seen = watch.stop();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(MASKED);
    expect(r.stderr).toContain('deleted the old access key');
    expect(r.stderr).toContain('1 cached session made with it');

    const fresh = await storedKey();
    expect(fresh.AccessKeyId).not.toBe(oldId());
    expect(await keysInIam()).toEqual([fresh.AccessKeyId]);
    // The role still works, from a new session made with the new key (the old session was removed).
    expect(await identityVia(ROLE)).toContain(`assumed-role/${ROLE}/`);
    const history = JSON.parse((await runAwsrole(['history', '--json'], { env })).stdout);
    // Two sessions from STS, and the long-term keys storedKey() read with export --allow-long-term.
    expect(history.map((e: { source: string }) => e.source)).toEqual(['sts', 'keys', 'sts']);

    const secrets: Secret[] = [
      { label: 'the old secret', value: peer.w.user.secretAccessKey },
      { label: 'the new secret', value: fresh.SecretAccessKey },
    ];
    expect(findSecrets(r.stdout + r.stderr, secrets)).toEqual([]);
    const files = walkTree(home.dir).filter((e) => !e.dir);
    expect(
      files.flatMap((f) =>
        findSecrets(readFileSync(f.path), secrets).map((l) => `${f.path}: ${l}`),
      ),
    ).toEqual([]);
    expect(seen.scans).toBeGreaterThan(1);
    expect([...seen.cmdlines, ...seen.environs].flatMap((t) => findSecrets(t, secrets))).toEqual(
      [],
    );
  });

  it('a denied DeleteAccessKey: exit 5, the new key is stored and works, the old key is still in IAM', async () => {
    await allowOwnKeys(['iam:CreateAccessKey', 'iam:ListAccessKeys']);
    const r = await rotate('--yes');
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(
      /new access key AKIA\*{16} is stored and works, but the old key AKIA\*{16} could not be deleted \(AccessDenied/,
    );
    expect(r.stderr).toContain(`the key ending ${oldId().slice(-4)}`);
    const fresh = await storedKey();
    expect(fresh.AccessKeyId).not.toBe(oldId());
    expect(await keysInIam()).toEqual([oldId(), fresh.AccessKeyId].sort());
    expect(await identityVia(ROLE)).toContain(`assumed-role/${ROLE}/`);
  });

  it('a denied CreateAccessKey: exit 5, nothing changed in IAM or the store', async () => {
    await allowOwnKeys(['iam:ListAccessKeys']);
    const r = await rotate('--yes');
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(
      /could not create a new access key for "default" \(AccessDenied.*nothing changed: AKIA\*{16} is still active in IAM and stored/,
    );
    expect(r.stderr).toContain('iam:CreateAccessKey');
    expect(await keysInIam()).toEqual([oldId()]);
    expect((await storedKey()).AccessKeyId).toBe(oldId());
  });

  it('at the two-key limit: says which key to delete first and changes nothing', async () => {
    await allowOwnKeys(['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys']);
    const other = await createUserKey(peer, home.dir);
    const r = await rotate('--yes');
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('already has two access keys');
    expect(r.stderr).toContain(`the key ending ${other.accessKeyId.slice(-4)}`);
    expect(await keysInIam()).toEqual([oldId(), other.accessKeyId].sort());
    expect((await storedKey()).AccessKeyId).toBe(oldId());
  });

  it('without a terminal, --yes is required: exit 2 and nothing changed', async () => {
    await allowOwnKeys(['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys']);
    const r = await rotate();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rotate default --yes');
    expect(await keysInIam()).toEqual([oldId()]);
  });
});
