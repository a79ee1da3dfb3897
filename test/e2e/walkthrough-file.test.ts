// The walkthrough on the encrypted file backend (AWSROLE_BACKEND=file), against moto with IAM enforcement.
import { describe, expect, it } from 'vitest';
import { runAwsrole } from '../support/cli.js';
import { fileEnv, mustAddKeys, type SeededMoto } from '../support/e2e.js';
import { useWalkthrough } from '../support/e2e-setup.js';
import { makeHome } from '../support/home.js';
import { motoPresent } from '../support/moto.js';
import { walkthroughCases } from './walkthrough-cases.js';

describe.skipIf(!motoPresent())('walkthrough (file backend)', () => {
  let peer: SeededMoto;
  useWalkthrough({}, (p) => {
    peer = p;
  });

  walkthroughCases({ peer: () => peer, envFor: (home, endpoint) => fileEnv(home, endpoint) });

  it('chains roles through profiles: default -> S3_Full_Access -> Chained_Role', async () => {
    await peer.w.trustUser();
    const home = makeHome();
    try {
      home.writeConfig(
        [
          '[profile s3]',
          `role_arn = ${peer.w.roleArn}`,
          'source_profile = default',
          // moto lets only this session of S3_Full_Access chain (see seed_walkthrough.py).
          `role_session_name = ${peer.w.chainSessionName}`,
          '[profile chained]',
          `role_arn = ${peer.w.chainedRoleArn}`,
          'source_profile = s3',
          'role_session_name = second-hop',
          '',
        ].join('\n'),
      );
      const env = fileEnv(home, peer.moto.endpoint);
      await mustAddKeys(env, 'default', peer.w.user);
      const r = await runAwsrole(['exec', 'chained', '--', 'aws', 'sts', 'get-caller-identity'], {
        env,
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).Arn).toBe(
        `arn:aws:sts::${peer.w.accountId}:assumed-role/Chained_Role/second-hop`,
      );
    } finally {
      home.remove();
    }
  });
});
