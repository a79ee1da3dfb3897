// `awsrole list` as a table: what the SOURCE column says of SSO profiles, and rows that stay rows.
import { describe, expect, it } from 'vitest';
import { listCommand } from '../../../src/commands/list.js';
import type { ProfileSettings } from '../../../src/config/aws-config.js';
import { awsConfig } from '../../support/fakes/aws-config.js';
import { fakeIo, fakeServices } from '../../support/fakes/io.js';

async function listTable(profiles: Record<string, ProfileSettings>): Promise<string[]> {
  const io = fakeIo();
  const services = fakeServices({ config: async () => awsConfig(profiles) });
  const result = await listCommand({ json: false }, io, services);
  expect(result).toMatchObject({ exitCode: 0 });
  return io.stdout.join('').split('\n').filter(Boolean);
}

describe('list', () => {
  it('names the [sso-session] of a profile, and the start URL of the legacy form as such', async () => {
    const lines = await listTable({
      modern: { sso_session: 'corp', sso_account_id: '111122223333', sso_role_name: 'Admin' },
      legacy: {
        sso_start_url: 'https://old.awsapps.com/start',
        sso_region: 'us-east-1',
        sso_account_id: '111122223333',
        sso_role_name: 'Dev',
      },
    });
    expect(lines.find((l) => l.startsWith('modern'))).toMatch(/ sso-session corp /);
    const legacy = lines.find((l) => l.startsWith('legacy')) ?? '';
    expect(legacy).toMatch(/ sso_start_url https:\/\/old\.awsapps\.com\/start /);
    expect(legacy).not.toContain('sso-session');
  });

  it('a multi-line config value stays on its row, escaped', async () => {
    const lines = await listTable({
      odd: { role_arn: 'arn:aws:iam::123456789012:role/R\nsecond line', region: 'eu-west-1' },
      plain: { region: 'us-east-1' },
    });
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^odd .*role\/R\\nsecond line .*eu-west-1$/);
    expect(lines[2]).toMatch(/^plain /);
  });
});
