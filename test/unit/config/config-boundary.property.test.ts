// Property tests over the config boundary: random but structured AWS config files, durations and
// <role> arguments never make awsrole throw anything but an AwsroleError, and the cheap partial parse
// (loadAwsConfigFor) always agrees with the full one (loadAwsConfig) on the profiles it returns.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profilesFor } from '../../../src/commands/credentials-for.js';
import { type AwsConfig, loadAwsConfig, loadAwsConfigFor } from '../../../src/config/aws-config.js';
import { checkRoleDuration, parseDuration } from '../../../src/config/duration.js';
import { AwsroleError, formatError } from '../../../src/errors.js';
import { SOURCE_POLICY } from '../../../src/sources/registry.js';
import { resolveTarget, type Target, type TargetOptions } from '../../../src/target/target.js';
import {
  iniFile,
  largeEnough,
  name,
  targetOptions as options,
  role,
  value,
} from '../../support/config-arbitrary.js';
import { useAwsFilesHome } from '../../support/home.js';

type Outcome = { ok: Target } | { error: { message: string; exitCode: number } };

/** Runs a step; anything thrown must be an AwsroleError that prints as one line. */
async function outcome<T>(run: () => T | Promise<T>): Promise<{ ok: T } | { error: AwsroleError }> {
  try {
    return { ok: await run() };
  } catch (error) {
    if (!(error instanceof AwsroleError)) throw error;
    expect(formatError(error)).not.toMatch(/[\r\n]/);
    expect([2, 3, 7]).toContain(error.exitCode);
    return { error };
  }
}

function resolved(given: string, opts: TargetOptions, config: AwsConfig): Promise<Outcome> {
  return outcome(() => resolveTarget(given, opts, config, { USER: 'alice' }, SOURCE_POLICY)).then(
    (o) => ('ok' in o ? o : { error: { message: o.error.message, exitCode: o.error.exitCode } }),
  );
}

describe('the AWS config boundary (fast-check)', () => {
  let root: string;
  let env: NodeJS.ProcessEnv;
  useAwsFilesHome('awsrole-config-prop-', (home, awsFiles) => {
    root = home.dir;
    env = awsFiles;
  });

  it('loading and resolving never throw anything but an AwsroleError, and the partial parse refuses and reads exactly what the full one does', async () => {
    await fc.assert(
      fc.asyncProperty(
        iniFile,
        iniFile,
        role,
        options,
        async (config, credentials, given, opts) => {
          // Past the size from which the sections a resolution reads are cut out of the file.
          writeFileSync(join(root, 'config'), largeEnough(config));
          writeFileSync(join(root, 'credentials'), credentials);
          const full = await outcome(() => loadAwsConfig(env));
          const partial = await outcome(() => loadAwsConfigFor(env, profilesFor(given, opts)));
          // A file botocore refuses anywhere is refused by both, with the same message.
          if ('error' in full || 'error' in partial) {
            expect('error' in partial && partial.error.message).toBe(
              'error' in full && full.error.message,
            );
            return;
          }
          for (const [profile, settings] of partial.ok.profiles) {
            expect(settings, `profile ${profile}`).toEqual(full.ok.profiles.get(profile));
          }
          for (const wanted of profilesFor(given, opts)) {
            expect(partial.ok.profiles.has(wanted), `profile ${wanted}`).toBe(
              full.ok.profiles.has(wanted),
            );
          }
          expect(await resolved(given, opts, partial.ok)).toEqual(
            await resolved(given, opts, full.ok),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('durations (fast-check)', () => {
  const number = fc.oneof(
    fc.nat({ max: 200_000 }).map(String),
    fc.tuple(fc.nat({ max: 99 }), fc.nat({ max: 99 })).map(([a, b]) => `${a}.${b}`),
    fc.constantFrom('1e9', '-1', '+1', '0x10', '', '1'.repeat(25)),
  );
  const unit = fc.constantFrom('', 's', 'm', 'h', 'd', 'ms', 'min', 'hours', 'y', 'fortnight', 'H');
  const part = fc.tuple(number, fc.constantFrom('', ' '), unit).map((p) => p.join(''));
  const duration = fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));

  it('parse to whole non-negative seconds or a usage error; range checks only ever say "out of range"', () => {
    fc.assert(
      fc.property(duration, fc.boolean(), (text, chained) => {
        let seconds: number;
        try {
          seconds = parseDuration(text);
        } catch (error) {
          expect(error).toBeInstanceOf(AwsroleError);
          expect((error as AwsroleError).exitCode).toBe(2);
          return;
        }
        expect(Number.isSafeInteger(seconds) && seconds >= 0).toBe(true);
        try {
          expect(checkRoleDuration(seconds, chained, text)).toBe(seconds);
          expect(seconds).toBeGreaterThanOrEqual(900);
          expect(seconds).toBeLessThanOrEqual(chained ? 3600 : 43_200);
        } catch (error) {
          expect(error).toBeInstanceOf(AwsroleError);
          expect((error as AwsroleError).message).toMatch(/out of range/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('target resolution over in-memory configs (fast-check)', () => {
  const settings = fc.dictionary(
    fc.constantFrom(
      'role_arn',
      'source_profile',
      'duration_seconds',
      'role_session_name',
      'external_id',
      'mfa_serial',
      'credential_process',
      'aws_access_key_id',
      'web_identity_token_file',
      'region',
    ),
    value,
  );
  const profiles = fc.dictionary(name, settings, { maxKeys: 6 });

  it('resolveTarget throws only AwsroleErrors, whatever the role, flags and profiles', () => {
    fc.assert(
      fc.property(fc.oneof(role, fc.string()), options, profiles, (given, opts, entries) => {
        const config: AwsConfig = {
          configPath: '/home/u/.aws/config',
          credentialsPath: '/home/u/.aws/credentials',
          profiles: new Map(Object.entries(entries)),
          names: Object.keys(entries),
        };
        try {
          const target = resolveTarget(given, opts, config, { USER: 'alice' }, SOURCE_POLICY);
          expect(target.durationSeconds).toBeGreaterThanOrEqual(900);
          for (const step of target.steps) {
            expect(step.sessionName).toMatch(/^[\w+=,.@-]{2,64}$/);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(AwsroleError);
          expect([2, 3, 7]).toContain((error as AwsroleError).exitCode);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
