import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Keyring,
  keyringLocked,
  keyringPresent,
  lockKeyring,
  unlockKeyring,
  useKeyring,
} from './keyring.js';
import { type Moto, motoPresent, startMoto } from './moto.js';
import { seedWalkthrough, WALKTHROUGH_FREE_CALLS, type Walkthrough } from './walkthrough.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

function sts(moto: Moto, credentials: Creds): STSClient {
  return new STSClient({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
}

async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return (err as Error).name;
  }
}

describe.skipIf(!motoPresent())('moto walkthrough seed', () => {
  let moto: Moto;
  let w: Walkthrough;

  beforeAll(async () => {
    moto = await startMoto({ initialNoAuthActionCount: WALKTHROUGH_FREE_CALLS });
    w = await seedWalkthrough(moto);
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('seeds the user, roles and bucket', async () => {
    expect(moto.endpoint).toBe(`http://127.0.0.1:${moto.port}`);
    expect(w.accountId).toBe('123456789012');
    expect(w.user.arn).toBe('arn:aws:iam::123456789012:user/aws_cli_test');
    expect(w.roleArn).toBe('arn:aws:iam::123456789012:role/S3_Full_Access');
    expect(w.bucket).toBe('a.demo.bucket');
    const me = await sts(moto, w.user).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(w.user.arn);
  });

  it('enforces signatures once the free calls are spent', async () => {
    const bad = { ...w.user, secretAccessKey: 'wrong' };
    expect(await errorName(sts(moto, bad).send(new GetCallerIdentityCommand({})))).toBe(
      'SignatureDoesNotMatch',
    );
  });

  it('ExternalId_Role wants the right external id', async () => {
    const client = sts(moto, w.user);
    const ask = (ExternalId: string) =>
      client.send(
        new AssumeRoleCommand({ RoleArn: w.externalIdRoleArn, RoleSessionName: 'ext', ExternalId }),
      );
    expect(await errorName(ask('ext-999'))).toBe('AccessDenied');
    expect((await ask(w.externalId)).AssumedRoleUser?.Arn).toMatch(/ExternalId_Role\/ext$/);
  });

  it('denies AssumeRole until trustUser(), then allows it and role chaining', async () => {
    const client = sts(moto, w.user);
    const assume = (RoleSessionName: string) =>
      client.send(new AssumeRoleCommand({ RoleArn: w.roleArn, RoleSessionName }));
    expect(await errorName(assume('demo'))).toBe('AccessDenied');

    await w.trustUser();
    const out = await assume(w.chainSessionName);
    const c = out.Credentials;
    expect(c?.AccessKeyId).toMatch(/^ASIA/);
    const role = {
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? '',
    };
    const me = await sts(moto, role).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(
      `arn:aws:sts::123456789012:assumed-role/S3_Full_Access/${w.chainSessionName}`,
    );
    const chained = await sts(moto, role).send(
      new AssumeRoleCommand({ RoleArn: w.chainedRoleArn, RoleSessionName: 'hop2' }),
    );
    expect(chained.AssumedRoleUser?.Arn).toMatch(/Chained_Role\/hop2$/);
  });
});

const KEYRING_MODULE = createRequire(import.meta.url).resolve('@napi-rs/keyring');
const CHILD = `
const { Entry } = require(process.env.KEYRING_MODULE);
const e = new Entry('awsrole-test', 'x', { linux: { store: 'secret-service' } });
try {
  if (process.argv[1] === 'set') e.setPassword('s3cret-value');
  console.log(JSON.stringify({ ok: e.getPassword() }));
} catch (err) {
  console.log(JSON.stringify({ error: err.message }));
}`;

function keyringChild(k: Keyring, mode: 'set' | 'get'): Promise<{ ok?: string; error?: string }> {
  const env = { ...process.env, ...k.env, KEYRING_MODULE };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', CHILD, mode], { env, timeout: 15_000 }, (err, stdout) =>
      err ? reject(err) : resolve(JSON.parse(stdout)),
    );
  });
}

function secretTool(k: Keyring): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'secret-tool',
      ['search', '--all', 'service', 'awsrole-test'],
      { env: { ...process.env, ...k.env }, timeout: 10_000 },
      (err, stdout, stderr) => (err ? reject(err) : resolve(stdout + stderr)),
    );
  });
}

describe.skipIf(!keyringPresent())('private Secret Service', () => {
  let k: Keyring;
  useKeyring((keyring) => {
    k = keyring;
  });

  it('stores and reads a password through @napi-rs/keyring in a child process', async () => {
    expect(await keyringChild(k, 'set')).toEqual({ ok: 's3cret-value' });
    expect(await keyringChild(k, 'get')).toEqual({ ok: 's3cret-value' });
    expect(await secretTool(k)).toContain('attribute.service = awsrole-test');
  });

  it('locks and unlocks the login collection', async () => {
    await lockKeyring(k);
    expect(await keyringLocked(k)).toBe(true);
    expect((await keyringChild(k, 'get')).error).toMatch(/unlock prompt was dismissed/);
    await unlockKeyring(k);
    expect(await keyringLocked(k)).toBe(false);
    expect(await keyringChild(k, 'get')).toEqual({ ok: 's3cret-value' });
  });

  it('stop() removes the temp dirs', async () => {
    const dir = k.env.XDG_RUNTIME_DIR ?? '';
    expect(existsSync(dir)).toBe(true);
    await k.stop();
    expect(existsSync(dir)).toBe(false);
  });
});
