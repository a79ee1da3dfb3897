// `sso roles --profiles` output pasted into a config: botocore (the aws CLI) and awsrole's own reader
// must accept the result for every organisation, with one new profile per role not yet configured.
import { describe, expect, it } from 'vitest';
import { checkProfileName } from '../../../src/commands/profile-name.js';
import { parseIni } from '../../../src/config/botocore-ini.js';
import { profileSections, type RoleRow } from '../../../src/sso/profile-sections.js';
import { botocoreView, hasBotocore } from '../../support/botocore/peer.js';
import { requirePeer } from '../../support/require-peer.js';

const LINK = { name: 'corp', startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1' };
const EXISTING = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile Dev-Admin]
sso_session = corp
sso_account_id = 999999999999
sso_role_name = Admin

[profile mine]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnly
`;

const role = (accountId: string, accountName: string, roleName: string): RoleRow => ({
  accountId,
  accountName,
  roleName,
});

const ORGANISATIONS: Record<string, RoleRow[]> = {
  'two accounts with one name': [
    role('111111111111', 'Dev', 'Admin'),
    role('222222222222', 'Dev', 'Admin'),
    role('222222222222', 'Dev', 'ReadOnly'),
  ],
  'names that clean up alike': [
    role('333333333333', 'Data Lake', 'Admin'),
    role('444444444444', 'Data-Lake', 'Admin'),
    role('555555555555', 'data lake', 'Admin'),
  ],
  'spaces, brackets, comment and INI characters': [
    role('666666666666', '  [prod] #1; = main ', 'Admin'),
    role('777777777777', 'a]b\nc', 'Admin'),
    role('888888888888', '', 'Admin'),
  ],
  unicode: [
    role('121212121212', 'Ünïcödé Ävdelning', 'Admin'),
    role('131313131313', '生产环境', 'Admin'),
    role('141414141414', '🚀', 'Admin'),
  ],
  'long names': [
    role('151515151515', 'x'.repeat(300), 'Admin'),
    role('161616161616', 'x'.repeat(300), 'Admin'),
    role('171717171717', 'Prod', 'R'.repeat(64)),
  ],
  'a name some other profile already has, and a role already configured': [
    role('212121212121', 'Dev', 'Admin'),
    role('111111111111', 'Mine', 'ReadOnly'),
  ],
  'values not of AWS form': [
    role('12345', 'Short', 'Admin'),
    role('232323232323', 'Odd', 'Admin\n[profile x]'),
  ],
};

describe.runIf(requirePeer('python3 with botocore', hasBotocore()))(
  'sso roles --profiles pastes into a config botocore reads',
  () => {
    const cases = Object.entries(ORGANISATIONS).map(([label, rows]) => {
      const existing = new Map(
        [...parseIni(EXISTING)].flatMap(([h, s]) =>
          h.startsWith('profile ') ? [[h.slice(8), Object.fromEntries(s.settings)]] : [],
        ),
      );
      const output = profileSections(rows, LINK, existing);
      return { label, rows, output, config: `${EXISTING}\n${output}` };
    });
    const views = botocoreView(cases.map(({ config }) => ({ config, credentials: '' })));

    it.each(cases.map((c, i) => [c.label, c, views[i]] as const))('%s', (_, c, view) => {
      expect(view, c.output).not.toHaveProperty('error');
      if (!view || 'error' in view) return;
      const added = view.names.filter((n) => !['Dev-Admin', 'mine'].includes(n));
      const wellFormed = c.rows.filter(
        (r) => /^\d{12}$/.test(r.accountId) && /^[\w+=,.@-]{1,64}$/.test(r.roleName),
      );
      const configured = wellFormed.filter(
        (r) => r.accountId === '111111111111' && r.roleName === 'ReadOnly',
      );
      expect(added).toHaveLength(wellFormed.length - configured.length);
      for (const name of added) {
        expect(checkProfileName(name)).toBe(name);
        const settings = view.profiles[name] ?? {};
        const row = wellFormed.find(
          (r) => r.accountId === settings.sso_account_id && r.roleName === settings.sso_role_name,
        );
        expect(row, name).toBeDefined();
        expect(settings.sso_session).toBe('corp');
      }
      // One profile per role: no role got two names.
      const roles = added.map(
        (n) => `${view.profiles[n]?.sso_account_id}/${view.profiles[n]?.sso_role_name}`,
      );
      expect(new Set(roles).size).toBe(roles.length);
      // awsrole reads the result too (it refuses duplicate sections as botocore does).
      expect(() => parseIni(c.config)).not.toThrow();
    });

    it('names stay readable where they can: <account>-<role>, with the id only where needed', () => {
      const out = profileSections(
        ORGANISATIONS['two accounts with one name'] ?? [],
        LINK,
        new Map(),
      );
      expect(out).toContain('[profile Dev-111111111111-Admin]');
      expect(out).toContain('[profile Dev-222222222222-Admin]');
      expect(out).toContain('[profile Dev-ReadOnly]');
      const configured = cases.at(-2)?.output ?? '';
      expect(configured).toContain('[profile Dev-212121212121-Admin]');
      expect(configured).toContain(
        '# ReadOnly in 111111111111: already in your config as [profile mine]',
      );
    });
  },
);
