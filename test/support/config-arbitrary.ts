import fc from 'fast-check';
import { SECTION_CACHE_MIN_BYTES } from '../../src/config/section-cache.js';
import type { TargetOptions } from '../../src/target/target.js';

// Arbitraries for AWS config files and <role> arguments, shared by the property tests and the e2e fuzz.

const ACCOUNT = '123456789012';
export const NAMES = [
  'default',
  'prod',
  'dev',
  'a',
  'b',
  'x.y',
  'odd@name',
  'constructor',
  'prod-env',
];
export const ARNS = [
  `arn:aws:iam::${ACCOUNT}:role/S3_Full_Access`,
  `arn:aws-cn:iam::${ACCOUNT}:role/path/to/Role`,
  `arn:aws:iam::12345678901:role/x`,
  `arn:foo:iam::${ACCOUNT}:role/x`,
  `arn:aws:iam::${ACCOUNT}:user/x`,
  `arn:aws:iam::${ACCOUNT}:role/x `,
  'arn:aws:iam::',
  'not-an-arn',
];
export const DURATIONS = [
  '3600',
  '900',
  '43200',
  '0',
  '-1',
  '1h',
  '15m',
  '13h',
  'abc',
  '1e9',
  '9'.repeat(30),
];

export const name = fc.constantFrom(...NAMES);
export const junk = fc.string({ unit: 'binary', maxLength: 12 });
export const value = fc.oneof(name, fc.constantFrom(...ARNS, ...DURATIONS), junk);

/** A section header in one of the forms people write, including ones the SDK does not take as headers. */
const header = fc.oneof(
  fc.constant('[default]'),
  name.map((n) => `[profile ${n}]`),
  name.map((n) => `[profile "${n}"]`),
  name.map((n) => `[profile  ${n}]`),
  name.map((n) => `[ profile ${n} ]`),
  name.map((n) => `[profile.${n}]`),
  name.map((n) => `[${n}]`),
  name.map((n) => `[profile ${n}]#no-space comment`),
  name.map((n) => `[profile ${n}] ; comment`),
  name.map((n) => `[profile ${n}]\t# comment`),
  name.map((n) => `[profile ${n}]]`),
  name.map((n) => `[sso-session ${n}]`),
  fc.constantFrom('[profile __proto__]', '[__proto__]', '[]', '[', '[services s3]'),
);

/** Commands in a config are run by awsrole (mfa_process) or others: only harmless ones are generated. */
const command = fc.constantFrom('echo 123456', 'echo abc', 'false', 'awsrole export x');

/** A line inside a section: settings awsrole reads, comments, continuations and junk. */
const line = fc
  .oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom('role_arn'), fc.constantFrom(...ARNS)) },
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom('source_profile'), name) },
    {
      weight: 6,
      arbitrary: fc.tuple(
        fc.constantFrom(
          'region',
          'duration_seconds',
          'role_session_name',
          'external_id',
          'mfa_serial',
          'aws_access_key_id',
          'sso_session',
          'x',
        ),
        value,
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom('mfa_process', 'credential_process'), command),
    },
    { weight: 1, arbitrary: fc.constantFrom(['s3', ''], ['  max_concurrent_requests', '10']) },
    { weight: 1, arbitrary: fc.constantFrom(['#', 'comment'], [';', 'comment'], ['', '']) },
    { weight: 1, arbitrary: junk.map((j) => [j, null] as const) },
  )
  .chain(([key, val]) =>
    fc
      .constantFrom(' = ', '=', ' =', '= ')
      .map((eq) =>
        val === null ? key : key === '#' || key === ';' ? `${key} ${val}` : `${key}${eq}${val}`,
      ),
  );

const section = fc.tuple(header, fc.array(line, { maxLength: 5 }));

/** A whole config (or credentials) file: a few sections, LF or CRLF line ends. */
export const iniFile = fc
  .tuple(fc.array(section, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'))
  .map(([sections, eol]) => sections.map(([head, lines]) => [head, ...lines].join(eol)).join(eol));

/** What a user may type as <role>. */
export const role = fc.oneof(
  name,
  fc.constantFrom(...ARNS, 'S3_Full_Access', 'no such role'),
  junk,
);

/** The target flags, each present or not. */
export const targetOptions: fc.Arbitrary<TargetOptions> = fc.record(
  {
    duration: fc.oneof(fc.constantFrom(...DURATIONS), junk),
    source: name,
    region: fc.constantFrom('us-east-1', 'eu-west-1'),
    sessionName: fc.oneof(fc.constantFrom('ok-name', 'x', 'bad name'), junk),
    externalId: fc.oneof(fc.constantFrom('ext-123', 'x'), junk),
    mfaSerial: fc.oneof(fc.constantFrom(`arn:aws:iam::${ACCOUNT}:mfa/alice`, 'short'), junk),
  },
  { requiredKeys: [] },
);

// The text with a trailing comment line that takes it past SECTION_CACHE_MIN_BYTES: awsrole then
// reads the sections a resolution needs from the file rather than keeping its whole parse.
export function largeEnough(text: string): string {
  return `${text}\n#${' pad'.repeat(SECTION_CACHE_MIN_BYTES / 4)}\n`;
}
