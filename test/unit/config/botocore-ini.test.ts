// awsrole reads ~/.aws/config and credentials as botocore (the aws CLI) does: profile names, their
// order and every setting are compared with botocore itself, on a corpus and on generated files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAwsConfig, loadAwsConfigFor } from '../../../src/config/aws-config.js';
import { iniProfileNames } from '../../../src/config/botocore-profiles.js';
import { AwsroleError } from '../../../src/errors.js';
import {
  type BotocoreView,
  botocoreView,
  type ConfigCase,
  hasBotocore,
} from '../../support/botocore/peer.js';
import { iniFile, largeEnough } from '../../support/config-arbitrary.js';
import { awsFilesEnv } from '../../support/home.js';
import { requirePeer } from '../../support/require-peer.js';
import { corpusCases } from './botocore-corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'awsrole-botocore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = awsFilesEnv(dir);

/** A value as botocore returns it: one starting with a newline is parsed into `key = value` pairs. */
function nested(value: string | Record<string, string>): unknown {
  if (typeof value !== 'string' || !value.startsWith('\n')) return value;
  const pairs = value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.indexOf('=');
      return [l.slice(0, at).trim(), l.slice(at + 1).trim()];
    });
  return Object.fromEntries(pairs);
}

/** awsrole's view of a case, in botocore's shape. */
async function awsroleView(c: ConfigCase): Promise<BotocoreView> {
  writeFileSync(env.AWS_CONFIG_FILE, c.config);
  writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE, c.credentials);
  try {
    const config = await loadAwsConfig(env);
    const profiles = Object.fromEntries(
      [...config.profiles].map(([name, settings]) => [name, { ...settings }]),
    ) as Record<string, Record<string, string>>;
    return { names: [...config.names], profiles };
  } catch (error) {
    if (!(error instanceof AwsroleError)) throw error;
    return { error: error.message };
  }
}

function normalised(view: BotocoreView): unknown {
  if ('error' in view) return 'refused';
  const profiles = Object.fromEntries(
    Object.entries(view.profiles).map(([n, s]) => [
      n,
      Object.fromEntries(Object.entries(s).map(([k, v]) => [k, nested(v)])),
    ]),
  );
  return { names: view.names, profiles };
}

async function compare(cases: readonly ConfigCase[]): Promise<void> {
  const oracle = botocoreView(cases);
  for (const [i, c] of cases.entries()) {
    const mine = await awsroleView(c);
    const theirs = oracle[i] as BotocoreView;
    expect(normalised(mine), JSON.stringify(c)).toEqual(normalised(theirs));
    // Completion's names come from the same parser: the same list, file by file.
    if (!('error' in theirs)) {
      const names = [
        ...new Set([
          ...iniProfileNames(c.config, 'config'),
          ...iniProfileNames(c.credentials, 'credentials'),
        ]),
      ];
      expect(names, JSON.stringify(c)).toEqual(theirs.names);
    }
  }
}

describe.runIf(requirePeer('python3 with botocore', hasBotocore()))(
  'config files as botocore reads them',
  () => {
    it('lists the same profiles in the same order, with the same settings, on the corpus', async () => {
      await compare(corpusCases());
    });

    it('agrees with botocore on generated files, including where botocore refuses one', async () => {
      const cases = fc.sample(fc.record({ config: iniFile, credentials: iniFile }), {
        numRuns: 300,
        seed: 15,
      });
      await compare(cases);
    });

    it('reads each profile the same from just its sections (the hot path) as from the whole files', async () => {
      for (const c of corpusCases()) {
        // Past the size from which the sections a resolution reads are cut out of the file.
        writeFileSync(env.AWS_CONFIG_FILE, largeEnough(c.config));
        writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE, c.credentials);
        const full = await loadAwsConfig(env).catch(() => undefined);
        if (full === undefined) continue;
        for (const name of full.names) {
          const partial = await loadAwsConfigFor(env, [name]);
          expect(partial.profiles.get(name), `${name} in ${JSON.stringify(c)}`).toEqual(
            full.profiles.get(name),
          );
          expect(partial.origins?.get(name)).toEqual(full.origins?.get(name));
          expect([...partial.names].sort()).toEqual([...full.names].sort());
        }
      }
    });
  },
);
