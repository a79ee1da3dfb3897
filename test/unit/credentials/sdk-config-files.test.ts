// The sections awsrole hands the AWS SDK give the SDK the same settings as the whole files would:
// the SDK's own loader (@smithy/core's loadSharedConfigFiles) is the oracle, reading once the full
// text and once what shareConfigSectionsWithSdk left it, on the tricky-file corpus and on random files.
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { externalDataInterceptor, loadSharedConfigFiles } from '@smithy/core/config';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shareConfigSectionsWithSdk } from '../../../src/credentials/sdk-config-files.js';
import { iniFile, NAMES } from '../../support/config-arbitrary.js';
import { useAwsFilesHome } from '../../support/home.js';
import { corpusCases } from '../config/botocore-corpus.js';

type Files = Awaited<ReturnType<typeof loadSharedConfigFiles>>;

/** Texts where the SDK's line and section rules differ from botocore's. */
const SDK_CASES: readonly string[] = [
  '[services local]\nsts =\n  endpoint_url = http://127.0.0.1:1\n[default]\nservices = local\n',
  '[default]\nservices = "local"\n[services "local"]\nsts =\n  endpoint_url = http://x\n',
  '[default] # comment\nuse_fips_endpoint = true ; note\n[profile b]\nregion = b',
  '[default]\nretry_mode = adaptive\r[profile x]\rregion = r\n',
  '[default]\nregion = a\r[profile x]\nretry_mode = b\n',
  '[profile a]\nx = 1\r[profile prod]\nregion = y\n[default]\nx = \r[default]\n',
  '\u00a0[profile prod]\nregion = nbsp\n\ufeff[default]\nregion = bom\n',
  '[default]\nregion = a\n[profile a]\nx = 1\n[default]\nendpoint_url = http://twice\n',
  '[profile.prod]\nregion = dotted\n[profile prod]\nretry_mode = standard\n',
  '[profile prod] x\nregion = not-a-header-line-above\n[default]',
  '[default]\ns3 =\n  addressing_style = path\nregion = r\n  indented = yes\n',
];

/** The entries the SDK's clients can read: the profile's, and every [services] section. */
function visible(files: Files, profile: string) {
  const pick = (file: Record<string, unknown>, keep: (key: string) => boolean) =>
    Object.fromEntries(Object.entries(file).filter(([key]) => keep(key)));
  return {
    config: pick(files.configFile, (k) => k === profile || k.startsWith('services.')),
    credentials: pick(files.credentialsFile, (k) => k === profile),
  };
}

/** Whether the SDK's parser refuses the text (a `__proto__` section anywhere): it then reads no settings. */
function refusedBySdk(text: string): boolean {
  return text.split(/\r?\n/).some((line) => {
    const header = (line.split(/(^|\s)[;#]/)[0] ?? '').trim();
    return ['[__proto__]', '[profile __proto__]'].includes(header);
  });
}

describe('shareConfigSectionsWithSdk', () => {
  let env: { AWS_CONFIG_FILE: string; AWS_SHARED_CREDENTIALS_FILE: string; HOME: string };
  let saved: Record<string, string | undefined>;
  const KEYS = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'XDG_CACHE_HOME'];
  useAwsFilesHome('awsrole-sdk-files-', (_home, awsFiles) => {
    env = awsFiles;
  });
  beforeEach(() => {
    saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
    process.env.AWS_CONFIG_FILE = env.AWS_CONFIG_FILE;
    process.env.AWS_SHARED_CREDENTIALS_FILE = env.AWS_SHARED_CREDENTIALS_FILE;
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    const record = externalDataInterceptor.getFileRecord();
    for (const path of [env.AWS_CONFIG_FILE, env.AWS_SHARED_CREDENTIALS_FILE]) delete record[path];
  });

  /** The SDK's reading of the files as written, and of what awsrole hands it, for one profile. */
  async function bothReadings(config: string, credentials: string, profile: string) {
    writeFileSync(env.AWS_CONFIG_FILE, config);
    writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE, credentials);
    if (profile === 'default') delete process.env.AWS_PROFILE;
    else process.env.AWS_PROFILE = profile;
    // The texts as the SDK reads them from disk (lone surrogates are written as U+FFFD).
    const written = {
      config: readFileSync(env.AWS_CONFIG_FILE, 'utf8'),
      credentials: readFileSync(env.AWS_SHARED_CREDENTIALS_FILE, 'utf8'),
    };
    externalDataInterceptor.interceptFile(env.AWS_CONFIG_FILE, written.config);
    externalDataInterceptor.interceptFile(env.AWS_SHARED_CREDENTIALS_FILE, written.credentials);
    const whole = visible(await loadSharedConfigFiles(), profile);
    shareConfigSectionsWithSdk();
    const shared = visible(await loadSharedConfigFiles(), profile);
    return { whole, shared, written };
  }

  it('gives the SDK the same settings as the whole files, on the corpus of tricky files', async () => {
    const cases = [
      ...corpusCases(),
      ...SDK_CASES.flatMap((text) => [
        { config: text, credentials: '' },
        { config: '', credentials: text },
      ]),
    ];
    for (const profile of ['default', 'prod', 'dev', 'x.y', 'constructor', 'base', 'local']) {
      for (const { config, credentials } of cases) {
        const { whole, shared, written } = await bothReadings(config, credentials, profile);
        if (refusedBySdk(written.config) || refusedBySdk(written.credentials)) continue;
        expect(shared, `${profile}: ${JSON.stringify([config, credentials])}`).toEqual(whole);
      }
    }
  });

  it('gives the SDK the same settings as the whole files, on random files (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        iniFile,
        iniFile,
        fc.constantFrom(...NAMES),
        async (config, credentials, profile) => {
          const { whole, shared, written } = await bothReadings(config, credentials, profile);
          fc.pre(!refusedBySdk(written.config) && !refusedBySdk(written.credentials));
          expect(shared).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hands over only those sections: the other profiles never reach the SDK', async () => {
    const others = Array.from({ length: 2000 }, (_, i) => `[profile p${i}]\nregion = r${i}\n`);
    const config = `${others.join('')}[default]\nuse_fips_endpoint = true\n[services s]\nsts =\n  endpoint_url = http://x\n`;
    writeFileSync(env.AWS_CONFIG_FILE, config);
    writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE, '[p1]\nregion = c\n[default]\nregion = d\n');
    delete process.env.AWS_PROFILE;
    shareConfigSectionsWithSdk();
    const record = externalDataInterceptor.getFileRecord();
    expect(await record[env.AWS_CONFIG_FILE]).toBe(
      '[default]\nuse_fips_endpoint = true\n[services s]\nsts =\n  endpoint_url = http://x\n',
    );
    expect(await record[env.AWS_SHARED_CREDENTIALS_FILE]).toBe('[default]\nregion = d\n');
  });

  it('a large config: where the sections are is kept per file identity (offsets only), and an edit is read afresh', async () => {
    const cacheHome = join(dirname(env.AWS_CONFIG_FILE), 'xdg-cache');
    process.env.XDG_CACHE_HOME = cacheHome;
    delete process.env.AWS_PROFILE;
    const others = Array.from({ length: 12_000 }, (_, i) => `[profile p${i}]\nregion = r${i}\n`);
    const wanted = '[default]\naws_secret_access_key = not-in-any-cache\n';
    const settled = (text: string) => {
      writeFileSync(env.AWS_CONFIG_FILE, text);
      const old = new Date(Date.now() - 60_000);
      utimesSync(env.AWS_CONFIG_FILE, old, old);
    };
    const handed = async () => {
      shareConfigSectionsWithSdk();
      return externalDataInterceptor.getFileRecord()[env.AWS_CONFIG_FILE];
    };
    settled(`${others.join('')}${wanted}`);
    expect(await handed()).toBe(wanted);
    const cacheFile = join(cacheHome, 'awsrole', 'sdk-config-sections');
    const kept = readFileSync(cacheFile, 'utf8');
    expect(kept).not.toContain('not-in-any-cache');
    // The next call is served from the kept offsets: pointed elsewhere, it reads what they name.
    writeFileSync(
      cacheFile,
      JSON.stringify({ ...JSON.parse(kept), ranges: [[0, others[0]?.length]] }),
    );
    expect(await handed()).toBe(others[0]);
    // An edit (same size, new content and times) is a new identity: found again, not sliced blindly.
    settled(`${wanted}${others.join('')}`);
    expect(await handed()).toBe(wanted);
    expect(readFileSync(cacheFile, 'utf8')).not.toBe(kept);
  });

  it('a section the SDK parser refuses elsewhere no longer costs the profile its settings', async () => {
    const config = '[profile __proto__]\nregion = x\n[default]\nuse_fips_endpoint = true\n';
    const { whole, shared } = await bothReadings(config, '', 'default');
    expect(whole.config).toEqual({});
    expect(shared.config).toEqual({ default: { use_fips_endpoint: 'true' } });
  });

  it('missing or unreadable files are no settings, as for the SDK', async () => {
    process.env.AWS_CONFIG_FILE = join(env.HOME, 'missing');
    process.env.AWS_SHARED_CREDENTIALS_FILE = env.HOME;
    shareConfigSectionsWithSdk();
    expect(await loadSharedConfigFiles()).toEqual({ configFile: {}, credentialsFile: {} });
    const record = externalDataInterceptor.getFileRecord();
    delete record[join(env.HOME, 'missing')];
    delete record[env.HOME];
  });

  it('every AWS SDK client built in src/ is built after the sections were handed over', () => {
    const src = fileURLToPath(new URL('../../../src/', import.meta.url));
    const builders = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => ({ file, text: readFileSync(join(src, file), 'utf8') }))
      .filter(({ text }) => /\bnew \w+Client\(/.test(text) && text.includes("from '@aws-sdk/"));
    // STS (also the doctor's clock check), IAM, IAM Identity Center.
    expect(builders.map((b) => b.file).sort()).toEqual([
      'credentials/iam-sdk.ts',
      'credentials/sts-clock.ts',
      'credentials/sts-sdk.ts',
      'sso/sso-sdk.ts',
    ]);
    for (const { file, text } of builders) {
      const shares = text.split('shareConfigSectionsWithSdk();').length - 1;
      const clients = text.match(/\bnew \w+Client\(/g)?.length ?? 0;
      expect(shares, file).toBe(clients);
    }
  });
});
