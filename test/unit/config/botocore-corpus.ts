// Tricky ~/.aws/config and credentials texts people really have (forms seen in botocore's and
// aws-vault's test suites and in the wild), each read by botocore in the test as the oracle.
import type { ConfigCase } from '../../support/botocore/peer.js';

const ARN = 'arn:aws:iam::123456789012:role/S3_Full_Access';

/** Config texts; each is also tried as a credentials file and with an empty config. */
export const CONFIGS: readonly string[] = [
  '',
  '[default]\n',
  '[default]\n[profile base]\n',
  `[profile base]\nregion =\n[profile app]\nRole_Arn = ${ARN}\nSource_Profile = base\nmfa_Serial = arn:aws:iam::123456789012:mfa/u\nRegion = eu-west-1\n`,
  '[profile  spaced ]\nregion = us-east-1\n',
  '[profile "quoted name"]\nregion = us-east-1\n[profile \'single\']\nregion = x\n',
  '[profile my team]\nregion = us-east-1\n',
  '[profile]\nregion = a\n[profiles]\nregion = b\n[profilex y]\nregion = c\n',
  `[profile tabbed]\n\trole_arn = ${ARN}\n\tsource_profile = default\n`,
  `[profile cont]\nrole_arn = ${ARN}\n  source_profile = default\n`,
  '[profile s3]\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path\nregion = us-west-2\n',
  '[profile c]\nduration_seconds = 7200 ; comment\nregion = eu-west-1 # note\n',
  '[profile colon]\nregion: eu-west-1\nrole_arn : arn:aws:iam::123456789012:role/x\n',
  '# comment\n; another\n\n[default]\nregion = us-east-1\n\n\n[profile b]\n  # indented comment\nregion = b\n',
  '[default]\nregion = a\n[profile default]\nregion = b\n',
  '[DEFAULT]\nregion = everywhere\n[profile a]\n[profile b]\nregion = own\n',
  '[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n',
  '[services dev]\ns3 =\n  endpoint_url = http://localhost\n[profile dev]\nservices = dev\n',
  '[preview]\ncloudfront = true\n[profile p]\nregion = r\n',
  '[profile a.b@c+d%e:f/g]\nregion = r\n',
  '[profile "with \\"escaped\\" quotes"]\nregion = r\n',
  '[profile unclosed "quote]\nregion = r\n',
  '[profile x] trailing\nregion = r\n',
  '[profile x]]\nregion = r\n',
  '  [profile indented]\nregion = r\n',
  '[profile UPPER]\nREGION = US-EAST-1\n',
  '[profile empty-value]\nrole_arn =\nsource_profile=\nregion=eu-central-1\n',
  '[profile e]\nregion = a\n\n  more = b\n',
  '[profile crlf]\r\nregion = r\r\n[profile two]\r\nregion = s\r\n',
  '[profile dup]\nregion = a\n[profile dup]\nregion = b\n',
  '[profile dupkey]\nregion = a\nRegion = b\n',
  'region = before-any-section\n[default]\n',
  '[default]\njust some words\n',
  '[default]\n= no key\n',
  '[profile nested-bad]\ns3 =\n  not a setting\n',
  '[profile "__proto__"]\nregion = r\n[profile constructor]\nregion = c\n',
  '[profile ""]\nregion = r\n',
  '[profile café]\nregion = r\n',
  '[profile a]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = a\naws_access_key_id = AKIAEXAMPLE\n',
  '[aws-vault]\nredact_secrets = true\n[profile inc]\ninclude_profile = base\nsession_tags = A=1, B=2\n[profile base]\n',
  '[default]\nregion=us-west-2\noutput=json\n\n[profile user2]\nREGION=us-east-1\n[profile withMFA]\nsource_profile=user2\nRole_Arn=arn:aws:iam::123456789012:role/a\nmfa_Serial=arn:aws:iam::123456789012:mfa/b\n',
];

/** Credentials texts, combined with a config that shares some names. */
export const CREDENTIALS: readonly string[] = [
  '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n',
  '[profile base]\naws_access_key_id = AKIA1\n[base]\naws_access_key_id = AKIA2\n',
  '[base]\nAWS_Access_Key_ID = AKIA3\nregion = from-credentials\n',
  '[spaced name]\naws_access_key_id = AKIA4\n',
];

// Every case: each config alone, as credentials, and each credentials file next to a shared config.
export function corpusCases(): ConfigCase[] {
  const shared = `[profile base]\nregion = from-config\n[profile app]\nrole_arn = ${ARN}\nsource_profile = base\n`;
  return [
    ...CONFIGS.map((config) => ({ config, credentials: '' })),
    ...CONFIGS.map((credentials) => ({ config: '', credentials })),
    ...CREDENTIALS.map((credentials) => ({ config: shared, credentials })),
  ];
}
