// The AWS SDK's own settings (here endpoint_url, read from AWS_PROFILE's profile, else [default])
// still reach its STS client now that awsrole hands it only those sections of the config, and a
// section elsewhere that the SDK's parser refuses no longer makes it drop them. moto as STS, reached
// only through the config: no AWS_ENDPOINT_URL in these runs.
import { describe, expect, it } from 'vitest';
import type { WalkthroughUser } from '../support/e2e-setup.js';
import { useWalkthroughUser } from '../support/e2e-setup.js';
import { motoPresent } from '../support/moto.js';

const PRINT_KEY = ['node', '-e', 'process.stdout.write(process.env.AWS_ACCESS_KEY_ID ?? "")'];

describe.skipIf(!motoPresent())('the SDK settings of the shared config', () => {
  let user: WalkthroughUser;
  useWalkthroughUser({ trusted: true, per: 'suite' }, (u) => {
    user = u;
  });

  /** The role profile every case execs, with `rest` around it. */
  const role = () =>
    ['[profile s3]', `role_arn = ${user.peer.w.roleArn}`, 'source_profile = default', ''].join(
      '\n',
    );

  /** An uncached exec of the role with no endpoint in the environment: STS only as the config says. */
  async function execFromConfig(config: string, env: Record<string, string> = {}) {
    user.home.writeConfig(config);
    return user.run(['exec', '--no-cache', 's3', '--', ...PRINT_KEY], {
      env: { AWS_ENDPOINT_URL: undefined, ...env },
    });
  }

  it("[default]'s endpoint_url sends the STS call there", async () => {
    const r = await execFromConfig(
      `[default]\nendpoint_url = ${user.peer.moto.endpoint}\n${role()}`,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ASIA[A-Z0-9]{16}$/);
  });

  it("with AWS_PROFILE, that profile's settings and the [services] section it names", async () => {
    const config = [
      '[default]',
      'endpoint_url = http://127.0.0.1:9',
      '[profile tools]',
      'services = local',
      '[services local]',
      'sts =',
      `  endpoint_url = ${user.peer.moto.endpoint}`,
      role(),
    ].join('\n');
    const r = await execFromConfig(config, { AWS_PROFILE: 'tools' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ASIA[A-Z0-9]{16}$/);
  });

  it("a section the SDK's parser refuses, in a profile no run reads, leaves [default]'s settings alone", async () => {
    // The SDK's parser throws on a [profile __proto__] header and then reads no settings at all:
    // when it read the whole file, the call went to the public STS endpoint instead of moto.
    const unrelated = Array.from(
      { length: 500 },
      (_, i) => `[profile team-${i}]\nregion = eu-west-1\n`,
    );
    const config = [
      `[default]\nendpoint_url = ${user.peer.moto.endpoint}\n`,
      ...unrelated.slice(0, 250),
      '[profile __proto__]\nregion = eu-west-1\n',
      ...unrelated.slice(250),
      role(),
    ].join('');
    const r = await execFromConfig(config);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ASIA[A-Z0-9]{16}$/);
  }, 60_000);
});
