import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkFormat,
  credentialProcessJson,
  EXPORT_FORMATS,
  exportVariables,
  renderExport,
} from '../../../src/commands/export-formats.js';
import type { Credentials } from '../../../src/credentials/credentials.js';
import { ExitCode } from '../../../src/errors.js';
import { thrown } from '../../support/awsrole-error.js';
import { onPath } from '../../support/on-path.js';
import { parsePowerShellAssignments } from '../../support/toolchain/powershell-parse.js';

const session: Credentials = {
  accessKeyId: 'ASIAEXAMPLE000000001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
  sessionToken: 'FQoGZXIvYXdzEBYa+/token==',
  expiration: new Date('2030-01-02T03:04:05.678Z'),
};
const longTerm: Credentials = {
  accessKeyId: 'AKIAEXAMPLE000000001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
};

// The lines a format writes for session: line(name, value) for each variable, then a final newline.
function sessionLines(
  line: (name: string, value: string) => string,
  region: string | undefined,
): string {
  const variables: [string, string][] = [
    ['AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE000000001'],
    ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY'],
    ['AWS_SESSION_TOKEN', 'FQoGZXIvYXdzEBYa+/token=='],
    ['AWS_CREDENTIAL_EXPIRATION', '2030-01-02T03:04:05Z'],
  ];
  if (region) variables.push(['AWS_REGION', region], ['AWS_DEFAULT_REGION', region]);
  return [...variables.map(([name, value]) => line(name, value)), ''].join('\n');
}

describe('renderExport: exact output', () => {
  it('env: export lines, safe values bare, in a stable order', () => {
    expect(renderExport('env', session, 'eu-west-1')).toBe(
      sessionLines((name, value) => `export ${name}=${value}`, 'eu-west-1'),
    );
  });

  it('env-no-export: KEY=value lines for .env files', () => {
    expect(renderExport('env-no-export', session, undefined)).toBe(
      sessionLines((name, value) => `${name}=${value}`, undefined),
    );
  });

  it('fish: set -gx with single-quoted values', () => {
    expect(renderExport('fish', session, 'us-east-1')).toBe(
      sessionLines((name, value) => `set -gx ${name} '${value}'`, 'us-east-1'),
    );
  });

  it('powershell: $Env: assignments with single-quoted values', () => {
    expect(renderExport('powershell', session, 'us-east-1')).toBe(
      sessionLines((name, value) => `$Env:${name} = '${value}'`, 'us-east-1'),
    );
  });

  it('json and credential-process: the credential_process contract, one line', () => {
    const expected =
      '{"Version":1,"AccessKeyId":"ASIAEXAMPLE000000001",' +
      '"SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",' +
      '"SessionToken":"FQoGZXIvYXdzEBYa+/token==","Expiration":"2030-01-02T03:04:05Z"}\n';
    expect(renderExport('json', session, 'us-east-1')).toBe(expected);
    expect(renderExport('credential-process', session, 'us-east-1')).toBe(expected);
    expect(credentialProcessJson(session)).toBe(expected);
    // RFC 3339, UTC: what botocore and the JS SDK parse.
    const parsed = JSON.parse(expected) as { Expiration: string };
    expect(parsed.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(new Date(parsed.Expiration).getTime()).toBe(Date.UTC(2030, 0, 2, 3, 4, 5));
  });

  it('long-term keys: no session token, expiration or region lines', () => {
    expect(renderExport('env', longTerm, undefined)).toBe(
      'export AWS_ACCESS_KEY_ID=AKIAEXAMPLE000000001\n' +
        'export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY\n',
    );
    // No Expiration means "never expires" to credential_process consumers.
    expect(JSON.parse(renderExport('credential-process', longTerm, 'eu-west-1'))).toEqual({
      Version: 1,
      AccessKeyId: 'AKIAEXAMPLE000000001',
      SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
    });
    expect(exportVariables(longTerm, undefined).map(([k]) => k)).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
    ]);
  });
});

describe('checkFormat', () => {
  it('accepts every documented format', () => {
    for (const format of EXPORT_FORMATS) expect(checkFormat(format)).toBe(format);
    expect([...EXPORT_FORMATS].sort()).toEqual(
      ['credential-process', 'env', 'env-no-export', 'fish', 'json', 'powershell'].sort(),
    );
  });

  it.each(['xml', '', 'ENV', 'env '])('rejects %j as a usage error naming the formats', (f) => {
    const error = thrown(() => checkFormat(f));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toBe(`unknown export format "${f}"`);
    expect(error.hint).toContain('env, env-no-export, fish, powershell, json');
  });
});

// Values no real AWS credential has, but a shell must still get back byte for byte.
const scratch = mkdtempSync(join(tmpdir(), 'awsrole-quote-'));
const canary = join(scratch, 'pwned');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HOSTILE = [
  "it's",
  "''",
  "'",
  'two words',
  '"double" quotes',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, literally
  '$HOME and ${HOME}',
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `(touch ${canary})`,
  'back\\slash and trailing\\',
  "\\'",
  'new\nline\n',
  'tab\there',
  '-n',
  '--help',
  '=ls',
  'x:=ls',
  'x:==',
  'a=b',
  '~root',
  'a:~root',
  '*',
  '!!',
  '#comment',
  'semi;colon & amp | pipe > gt',
  '{a,b}',
  'curly ‘quotes’ ‚low‛',
  'ünïcödé ✓',
];

function hostileCredentials(value: string): Credentials {
  return {
    accessKeyId: `id ${value}`,
    secretAccessKey: value,
    sessionToken: `${value}${value}`,
    expiration: session.expiration,
  };
}

function expectedVars(value: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: `id ${value}`,
    AWS_SECRET_ACCESS_KEY: value,
    AWS_SESSION_TOKEN: `${value}${value}`,
    AWS_CREDENTIAL_EXPIRATION: '2030-01-02T03:04:05Z',
    AWS_REGION: value,
    AWS_DEFAULT_REGION: value,
  };
}

const NAMES = Object.keys(expectedVars(''));

/** `env -0` output as a map of the exported variables awsrole sets. */
function exported(nulSeparated: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of nulSeparated.split('\0')) {
    const eq = entry.indexOf('=');
    const key = entry.slice(0, eq);
    if (NAMES.includes(key)) out[key] = entry.slice(eq + 1);
  }
  return out;
}

function run(file: string, args: string[], env: Record<string, string>): string {
  return execFileSync(file, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...env },
    encoding: 'utf8',
    // A budget for a loaded machine: each case starts a real shell.
    timeout: 60_000,
  });
}

/** Evaluates the text as the user would, then reports what a child process sees. */
function evalPosix(shell: string, text: string): Record<string, string> {
  return exported(run(shell, ['-c', 'eval "$OUT" && exec env -0'], { OUT: text }));
}

const POSIX_SHELLS = ['bash', 'sh', 'dash', 'zsh'].filter(onPath);
const FISH = onPath('fish');

describe('hostile values survive quoting', () => {
  it('found the shells to test with', () => {
    expect(POSIX_SHELLS).toContain('bash');
  });

  describe.each(POSIX_SHELLS)('env format evaluated by %s', (shell) => {
    it.each(HOSTILE)('%j', (value) => {
      const text = renderExport('env', hostileCredentials(value), value);
      expect(evalPosix(shell, text)).toEqual(expectedVars(value));
      expect(existsSync(canary)).toBe(false);
    });
  });

  it('the brief example: bash eval then printf gives the session token back', () => {
    const token = `a'b "c" $d \\e\nf`;
    const text = renderExport('env', { ...session, sessionToken: token }, undefined);
    const out = run('bash', ['-c', 'eval "$OUT"; printf %s "$AWS_SESSION_TOKEN"'], { OUT: text });
    expect(out).toBe(token);
  });

  describe('env-no-export evaluated by bash', () => {
    it.each(HOSTILE)('%j sets shell variables without exporting them', (value) => {
      const text = renderExport('env-no-export', hostileCredentials(value), value);
      expect(text.split('\n')[0]).toMatch(/^AWS_ACCESS_KEY_ID=/);
      const script = `eval "$OUT" && printf '%s\\0' ${NAMES.map((n) => `"${n}=$${n}"`).join(' ')}`;
      expect(exported(run('bash', ['-c', script], { OUT: text }))).toEqual(expectedVars(value));
      expect(evalPosix('bash', text)).toEqual({});
      expect(existsSync(canary)).toBe(false);
    });
  });

  describe.skipIf(!FISH)('fish format evaluated by fish', () => {
    it.each(HOSTILE)('%j', (value) => {
      const text = renderExport('fish', hostileCredentials(value), value);
      const out = run('fish', ['-c', 'printf %s $OUT | source; and exec env -0'], { OUT: text });
      expect(exported(out)).toEqual(expectedVars(value));
      expect(existsSync(canary)).toBe(false);
    });
  });

  describe('powershell format, parsed by the rules of PowerShell single-quoted strings', () => {
    it.each(HOSTILE)('%j', (value) => {
      const text = renderExport('powershell', hostileCredentials(value), value);
      expect(parsePowerShellAssignments(text)).toEqual(Object.entries(expectedVars(value)));
    });
  });

  describe('json and credential-process', () => {
    it.each(HOSTILE)('%j round-trips through JSON.parse', (value) => {
      const parsed = JSON.parse(
        renderExport('credential-process', hostileCredentials(value), value),
      );
      expect(parsed.SecretAccessKey).toBe(value);
      expect(parsed.SessionToken).toBe(`${value}${value}`);
    });
  });
});
