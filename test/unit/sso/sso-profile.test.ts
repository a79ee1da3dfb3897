// IAM Identity Center config as `aws configure sso` writes it: [sso-session] sections reach the
// resolution (also through the partial parse), a profile resolves to its session and role, and the
// AWS CLI token cache keeps its file name and format.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadAwsConfig, loadAwsConfigFor } from '../../../src/config/aws-config.js';
import { AwsroleError } from '../../../src/errors.js';
import { cliTokenPath } from '../../../src/sso/cli-token-cache.js';
import { sessionFromSection, ssoRoleOf, tokenName } from '../../../src/sso/sso-profile.js';
import { parseTokenJson, tokenJson } from '../../../src/sso/token.js';
import { thrown } from '../../support/awsrole-error.js';
import { largeEnough } from '../../support/config-arbitrary.js';
import { useAwsFilesHome } from '../../support/home.js';

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const CONFIG = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access, codewhisperer:completions

[sso-session other]
sso_start_url = https://other.awsapps.com/start
sso_region = us-east-1

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-west-2
sso_account_id = 444455556666
sso_role_name = ReadOnly

[profile broken]
sso_session = missing
sso_account_id = 111122223333
sso_role_name = Admin
`;

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

describe('SSO profiles in the AWS config', () => {
  let env: NodeJS.ProcessEnv;
  useAwsFilesHome('awsrole-sso-config-', (home, awsFiles) => {
    env = awsFiles;
    // Large enough for loadAwsConfigFor to cut the sections out of the file.
    home.write('config', largeEnough(CONFIG));
  });

  it('the partial parse brings exactly the [sso-session] a wanted profile names', async () => {
    const partial = await loadAwsConfigFor(env, ['dev']);
    expect([...(partial.ssoSessions?.keys() ?? [])]).toEqual(['corp']);
    expect(partial.profiles.has('sso-session.corp')).toBe(false);
    const full = await loadAwsConfig(env);
    expect([...(full.ssoSessions?.keys() ?? [])].sort()).toEqual(['corp', 'other']);
    expect(full.ssoSessions?.get('corp')).toEqual(partial.ssoSessions?.get('corp'));
    expect(full.names).not.toContain('sso-session.corp');
  });

  it('resolves a profile to its session (scopes split) and role; legacy keys to a session without a name', async () => {
    const config = await loadAwsConfig(env);
    const dev = ssoRoleOf('dev', config.profiles.get('dev') ?? {}, config.ssoSessions?.get('corp'));
    expect(dev).toEqual({
      profile: 'dev',
      session: {
        name: 'corp',
        startUrl: 'https://corp.awsapps.com/start',
        region: 'eu-west-1',
        scopes: ['sso:account:access', 'codewhisperer:completions'],
      },
      accountId: '111122223333',
      roleName: 'Admin',
    });
    const legacy = ssoRoleOf('legacy', config.profiles.get('legacy') ?? {}, undefined);
    expect(legacy.session.name).toBeUndefined();
    expect(tokenName(legacy.session)).toBe('https://legacy.awsapps.com/start');
    expect(tokenName(dev.session)).toBe('corp');
  });

  it('names a missing [sso-session] section or key in one line', async () => {
    const config = await loadAwsConfig(env);
    const broken = () => ssoRoleOf('broken', config.profiles.get('broken') ?? {}, undefined);
    expect(broken).toThrow(AwsroleError);
    expect(broken).toThrow(
      'profile "broken" names sso_session "missing", but there is no [sso-session missing] section',
    );
    expect(() => ssoRoleOf('x', { sso_session: 'corp' }, { sso_region: 'eu-west-1' })).toThrow(
      '[sso-session corp] has no sso_start_url',
    );
  });

  it.each([
    ['sso_region', 'evil.example.com/x', '[sso-session corp]', 'not a region name'],
    ['sso_start_url', 'https://corp.awsapps.com/start\nx', '[sso-session corp]', 'start URL'],
    ['sso_start_url', 'file:///etc/passwd', '[sso-session corp]', 'start URL'],
    ['sso_account_id', '1111-2222-3333', 'profile "x"', 'a 12-digit account id'],
    ['sso_role_name', "Admin'; id", 'profile "x"', 'a permission set name'],
  ])('refuses %s = %j, naming the key and section (exit 3)', (key, value, where, expected) => {
    const session = { sso_start_url: 'https://corp.awsapps.com/start', sso_region: 'eu-west-1' };
    const profile = { sso_session: 'corp', sso_account_id: '111122223333', sso_role_name: 'Admin' };
    const inSession = where.startsWith('[');
    const error = thrown(() =>
      ssoRoleOf(
        'x',
        inSession ? profile : { ...profile, [key]: value },
        inSession ? { ...session, [key]: value } : session,
      ),
    );
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(new RegExp(`^${key} of ${escapeRe(where)} is ".*", not `));
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain('\n');
  });

  it('refuses an sso_registration_scopes entry that is not a scope, naming the section (exit 3)', () => {
    const section = {
      sso_start_url: 'https://corp.awsapps.com/start',
      sso_region: 'eu-west-1',
      sso_registration_scopes: 'sso:account:access, evil scope"',
    };
    const error = thrown(() => sessionFromSection('corp', section));
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(
      'sso_registration_scopes of [sso-session corp] holds "evil scope"", not a scope',
    );
  });

  it('keeps the AWS CLI cache file name and format (sha1 of the name, times without fractions)', () => {
    expect(cliTokenPath('corp', { HOME: '/h' })).toBe(`/h/.aws/sso/cache/${sha1('corp')}.json`);
    const token = {
      startUrl: 'https://corp.awsapps.com/start',
      region: 'eu-west-1',
      accessToken: 'a',
      expiresAt: new Date('2026-01-02T03:04:05.678Z'),
      refreshToken: 'r',
      clientId: 'c',
      clientSecret: 's',
      registrationExpiresAt: new Date('2026-02-02T00:00:00Z'),
    };
    const text = tokenJson(token);
    expect(JSON.parse(text).expiresAt).toBe('2026-01-02T03:04:05Z');
    expect(parseTokenJson(text)).toEqual({ ...token, expiresAt: new Date('2026-01-02T03:04:05Z') });
    expect(parseTokenJson('{"accessToken":1}')).toBeUndefined();
  });
});
