// Bad input, every kind issue 8 lists: each gives one line on stderr (no stack trace), the
// documented exit code, nothing on stdout, and no change on disk (HOME, with ~/.aws and the file
// store, is compared before and after). STS is a closed port: reaching it would be exit 6.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { describe, it } from 'vitest';
import { type CliEnv, runAwsrole } from '../support/cli.js';
import { FAKE_KEY, fileEnv, stderrLines } from '../support/e2e.js';
import { useTemplateHome } from '../support/e2e-setup.js';
import { makeHome, snapshotTree, type TempHome } from '../support/home.js';

const ACCOUNT = '123456789012';
const ARN = `arn:aws:iam::${ACCOUNT}:role/S3_Full_Access`;
const CONFIG = [
  '[default]',
  'region = us-east-1',
  '[profile prod]',
  `role_arn = ${ARN}`,
  'source_profile = default',
  '[profile prod-env]',
  `role_arn = ${ARN}`,
  '[profile chained]',
  `role_arn = arn:aws:iam::${ACCOUNT}:role/Chained_Role`,
  'source_profile = prod',
  '[profile loop-a]',
  `role_arn = ${ARN}`,
  'source_profile = loop-b',
  '[profile loop-b]',
  `role_arn = ${ARN}`,
  'source_profile = loop-a',
  '[profile orphan]',
  `role_arn = ${ARN}`,
  'source_profile = nowhere',
  '[profile both]',
  `role_arn = ${ARN}`,
  `aws_access_key_id = ${FAKE_KEY.accessKeyId}`,
  '[profile short-name]',
  `role_arn = ${ARN}`,
  'role_session_name = x',
  '',
].join('\n');

type Case = {
  args: string[];
  code: number;
  line: RegExp;
  /** Replaces ~/.aws/config (a string), or makes it unreadable (a directory). */
  config?: string | { directory: true };
  input?: string | Buffer;
  env?: Partial<CliEnv>;
};

const exec = (...args: string[]) => ['exec', ...args, '--', 'true'];

const CASES: Record<string, Case> = {
  // Durations.
  'duration abc': { args: exec('prod', '-d', 'abc'), code: 2, line: /invalid duration "abc"/ },
  'duration 0': { args: exec('prod', '-d', '0'), code: 2, line: /duration 0 is out of range/ },
  'duration -1h': { args: exec('prod', '-d', '-1h'), code: 2, line: /invalid duration "-1h"/ },
  'duration 10m': {
    args: exec('prod', '-d', '10m'),
    code: 2,
    line: /10m is out of range .*15m to 12h/,
  },
  'duration 13h': { args: exec('prod', '--duration', '13h'), code: 2, line: /13h is out of range/ },
  'duration 1e9': { args: exec('prod', '-d', '1e9'), code: 2, line: /invalid duration "1e9"/ },
  'duration 2h when role chaining': {
    args: exec('chained', '-d', '2h'),
    code: 2,
    line: /2h is out of range .*role chaining is capped at 1h/,
  },
  'a duration flag without its value': {
    args: exec('prod', '-d'),
    code: 2,
    line: /-d needs a value/,
  },
  'a bad --min-ttl': {
    args: exec('prod', '--min-ttl', 'soon'),
    code: 2,
    line: /invalid minimum TTL/,
  },
  'a bad --session-duration': {
    args: exec('prod', '--session-duration', '40h'),
    code: 2,
    line: /session duration 40h is out of range/,
  },
  // Role ARNs.
  'a role ARN in an unknown partition': {
    args: exec(`arn:aws-mars:iam::${ACCOUNT}:role/x`),
    code: 2,
    line: /unknown AWS partition "aws-mars"/,
  },
  'a role ARN with an 11-digit account': {
    args: exec('arn:aws:iam::12345678901:role/x'),
    code: 2,
    line: /account id must be exactly 12 digits/,
  },
  'a role ARN without role/': {
    args: exec(`arn:aws:iam::${ACCOUNT}:S3_Full_Access`),
    code: 2,
    line: /resource must start with "role\/"/,
  },
  'a role ARN with a trailing space': {
    args: exec(`${ARN} `),
    code: 2,
    line: /has leading or trailing spaces/,
  },
  // Profiles and the config file.
  'an unknown profile: the closest names are suggested': {
    args: exec('prod env'),
    code: 3,
    line: /"prod env" \(role\) is not a profile .* \(did you mean "prod-env"/,
  },
  'a role with a newline in it: still one line': {
    args: exec('prod\nenv'),
    code: 3,
    line: /"prod\\nenv" \(role\) is not a profile/,
  },
  'a source_profile cycle': {
    args: exec('loop-a'),
    code: 3,
    line: /source_profile cycle: loop-a -> loop-b -> loop-a/,
  },
  'a source_profile that names nothing (no section, no stored keys)': {
    args: exec('orphan'),
    code: 4,
    line: /no keys stored for profile "nowhere" .*awsrole add nowhere/,
  },
  'a profile with both role_arn and keys': {
    args: exec('both'),
    code: 3,
    line: /profile "both" has both role_arn and aws_access_key_id/,
  },
  'a malformed config line (file and line named)': {
    args: exec('extra'),
    code: 3,
    config: `${CONFIG}[profile extra]\nregion us-east-1\n`,
    line: /cannot parse \S+\/\.aws\/config: a line that is neither .* on line \d+/,
  },
  'a profile declared twice (the aws CLI refuses the file too)': {
    args: exec('prod'),
    code: 3,
    config: `${CONFIG}[profile extra]\nregion = a\n[profile extra]\nregion = b\n`,
    line: /cannot parse \S+\/\.aws\/config: section \[profile extra\] appears twice on line \d+/,
  },
  'a key set twice in one profile, in another case': {
    args: exec('extra'),
    code: 3,
    config: `${CONFIG}[profile extra]\nregion = a\nRegion = b\n`,
    line: /cannot parse \S+\/\.aws\/config: key "region" appears twice in a section on line \d+/,
  },
  'an unreadable config file': {
    args: exec('prod'),
    code: 3,
    config: { directory: true },
    line: /cannot read AWS config file \S+\/\.aws\/config: EISDIR/,
  },
  // Session names and external ids.
  'a session name with a space': {
    args: exec('prod', '--session-name', 'bad name'),
    code: 2,
    line: /invalid session name "bad name"/,
  },
  'a role_session_name of one character in the profile': {
    args: exec('short-name'),
    code: 3,
    line: /role_session_name of profile "short-name": invalid session name "x"/,
  },
  'an mfa_serial with a quote in the profile': {
    args: exec('mfa-bad'),
    code: 3,
    config: `${CONFIG}[profile mfa-bad]\nrole_arn = ${ARN}\nmfa_serial = arn:aws:iam::123456789012:mfa/a"b\n`,
    line: /mfa_serial of profile "mfa-bad" \(\S+ line \d+\): invalid MFA serial/,
  },
  'an sso_region that is a host name, not a region': {
    args: exec('sso'),
    code: 3,
    config: `${CONFIG}[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = attacker.example/x\n`,
    line: /sso_region of \[sso-session corp\] is "attacker.example\/x", not a region name/,
  },
  'an external id of one character': {
    args: exec('prod', '--external-id', 'x'),
    code: 2,
    line: /invalid external id/,
  },
  'an external id over 1224 characters': {
    args: exec('prod', '--external-id', 'e'.repeat(1225)),
    code: 2,
    line: /invalid external id/,
  },
  'an MFA code of five digits': {
    args: exec('prod', '--mfa-token', '12345'),
    code: 2,
    line: /MFA code must be exactly 6 digits/,
  },
  // add: key shapes and stdin.
  'add: an Access Key ID of the wrong shape': {
    args: ['add', 'default', '--no-verify'],
    input: `akia1234\n${FAKE_KEY.secretAccessKey}\n`,
    code: 2,
    line: /Access Key ID does not look like one/,
  },
  'add: a Secret Access Key of 39 characters': {
    args: ['add', 'default', '--no-verify'],
    input: `${FAKE_KEY.accessKeyId}\n${FAKE_KEY.secretAccessKey.slice(1)}\n`,
    code: 2,
    line: /Secret Access Key does not look like one \(39 characters\)/,
  },
  'add: empty stdin': { args: ['add', 'default'], input: '', code: 2, line: /got 0/ },
  'add: non-UTF-8 stdin': {
    args: ['add', 'default'],
    input: Buffer.from([0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x0a]),
    code: 2,
    line: /stdin is not valid UTF-8/,
  },
  'add: an invalid profile name': {
    args: ['add', 'bad name', '--no-verify'],
    input: `${FAKE_KEY.accessKeyId}\n${FAKE_KEY.secretAccessKey}\n`,
    code: 2,
    line: /invalid profile name "bad name"/,
  },
  'add --env without the variables': {
    args: ['add', 'default', '--env'],
    code: 2,
    line: /--env needs/,
  },
  // The command line.
  'flags in conflict: --server with export': {
    args: ['export', 'prod', '--server'],
    code: 2,
    line: /unknown option --server for `awsrole export`/,
  },
  'flags in conflict: --refresh with --no-cache': {
    args: exec('prod', '--refresh', '--no-cache'),
    code: 2,
    line: /--refresh and --no-cache contradict each other/,
  },
  'an unknown flag': {
    args: exec('prod', '--frobnicate'),
    code: 2,
    line: /^awsrole: unknown option --frobnicate for `awsrole exec` \(see `awsrole exec --help`\)$/,
  },
  'an unknown flag before the role is named, not taken for a missing role': {
    args: ['exec', '--frobnicate', 'prod', '--', 'true'],
    code: 2,
    line: /^awsrole: unknown option --frobnicate for `awsrole exec`/,
  },
  'an unknown backend': {
    args: exec('prod', '--backend', 'vault'),
    code: 2,
    line: /invalid value "vault" for --backend \(choose one of keyring, file\)/,
  },
  'an unknown AWSROLE_BACKEND': {
    args: exec('prod'),
    env: { AWSROLE_BACKEND: 'vault' },
    code: 2,
    line: /unknown secret store backend "vault"/,
  },
  'an unknown export format': {
    args: ['export', 'prod', '--format', 'xml'],
    code: 2,
    line: /unknown export format "xml"/,
  },
  'an unknown subcommand': { args: ['frobnicate'], code: 2, line: /unknown command "frobnicate"/ },
  'a mistyped subcommand: the closest one is suggested': {
    args: ['exce', 'prod'],
    code: 2,
    line: /unknown command "exce" \(did you mean `awsrole exec`/,
  },
  'a subcommand without its argument': { args: ['exec'], code: 2, line: /missing argument/ },
};

describe('bad input: one line, the documented exit code, nothing changed on disk', () => {
  let template: TempHome;
  let port: number;

  useTemplateHome(CONFIG, (t) => {
    ({ home: template, port } = t);
  });

  describe.concurrent('each kind', () => {
    it.for(Object.entries(CASES))('%s', async ([, c], { expect }) => {
      // A copy of the template HOME per case: cases run concurrently and may not disturb each other.
      const home = makeHome();
      try {
        cpSync(template.dir, home.dir, { recursive: true });
        if (typeof c.config === 'string') home.writeConfig(c.config);
        if (typeof c.config === 'object') {
          rmSync(home.path('.aws', 'config'));
          mkdirSync(home.path('.aws', 'config'));
        }
        const env = { ...fileEnv(home, `http://127.0.0.1:${port}`), BROWSER: 'false', ...c.env };
        const before = snapshotTree(home.dir);
        const r = await runAwsrole(c.args, { env, input: c.input, timeoutMs: 15_000 });
        expect(r.code, r.stderr).toBe(c.code);
        expect(r.stdout).toBe('');
        const lines = stderrLines(r);
        expect(lines, r.stderr).toHaveLength(1);
        expect(lines[0]).toMatch(/^awsrole: /);
        expect(lines[0]).toMatch(c.line);
        expect(r.stderr).not.toMatch(/^\s+at /m);
        expect(snapshotTree(home.dir)).toEqual(before);
      } finally {
        home.remove();
      }
    });
  });
});
