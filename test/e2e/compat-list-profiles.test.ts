// `awsrole list` lists exactly the profiles boto3 lists (what `aws configure list-profiles` of the
// aws CLI v2 prints), on the corpus of tricky config files: boto3 is the reference, not
// expectations written by hand. (The aws CLI v1 on these machines has no list-profiles.)
// One Python process reads the whole corpus (boto3.Session().available_profiles is botocore's
// Session.available_profiles, which botocoreView reports); the test's budget grows with the corpus.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { boto3Profiles, botocoreView, hasBotocore } from '../support/botocore/peer.js';
import { type CliEnv, runAwsrole } from '../support/cli.js';
import { makeHome } from '../support/home.js';
import { requirePeer } from '../support/require-peer.js';
import { CONFIGS } from '../unit/config/botocore-corpus.js';

const home = makeHome();
afterAll(() => home.remove());

const present = requirePeer('python3 with boto3', hasBotocore());

/** The corpus files the aws CLI accepts, with the profiles it lists (the refused ones are compared with botocore in the unit test). */
const accepted = present
  ? botocoreView(CONFIGS.map((config) => ({ config, credentials: '' }))).flatMap((view, i) =>
      'names' in view ? [{ text: CONFIGS[i] ?? '', theirs: view.names }] : [],
    )
  : [];

/** One `awsrole list` per file: a few seconds each on a loaded 2-core machine, plus a margin. */
const BUDGET_MS = 20_000 + accepted.length * 5_000;

describe.runIf(present)('list against boto3', () => {
  it(
    'names the same profiles as boto3 for every accepted corpus file',
    async () => {
      const config = join(home.dir, 'corpus-config');
      const credentials = join(home.dir, 'corpus-credentials');
      writeFileSync(credentials, '');
      const env: CliEnv = {
        HOME: home.dir,
        AWS_CONFIG_FILE: config,
        AWS_SHARED_CREDENTIALS_FILE: credentials,
        AWSROLE_BACKEND: 'file',
      };
      expect(accepted.length).toBeGreaterThan(20);
      for (const { text, theirs } of accepted) {
        writeFileSync(config, text);
        const r = await runAwsrole(['list', '--json'], { env });
        expect(r.code, r.stderr).toBe(0);
        const mine = (JSON.parse(r.stdout).profiles as { profile: string }[]).map((p) => p.profile);
        expect(mine.sort(), text).toEqual([...new Set(theirs)].sort());
      }
    },
    BUDGET_MS,
  );

  it('refuses a file boto3 refuses, naming the line', async () => {
    const config = join(home.dir, 'refused-config');
    writeFileSync(config, '[profile a]\nregion = x\n[profile a]\nregion = y\n');
    expect(() => boto3Profiles({ HOME: home.dir, AWS_CONFIG_FILE: config })).toThrow(
      /ConfigParseError|Unable to parse/,
    );
    const r = await runAwsrole(['list'], {
      env: { HOME: home.dir, AWS_CONFIG_FILE: config, AWSROLE_BACKEND: 'file' },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/section \[profile a\] appears twice on line 3/);
  });
});
