// `awsrole doctor`: one line per check (✓ ok, ! warning, ✗ failure) with the fix; exit 9 only on a failure.
import { type IamApi, lazyIam } from '../credentials/iam.js';
import { stsRegion } from '../credentials/obtain.js';
import { clockCheck, keyAgeCheck } from '../doctor/aws-checks.js';
import { type CheckResult, checkLine, runCheck, warn } from '../doctor/check.js';
import { completionCheck } from '../doctor/completion-check.js';
import { configCheck, plaintextCheck, profilesCheck } from '../doctor/config-checks.js';
import { historyCheck } from '../doctor/history-check.js';
import { kernelCheck, unlockCheck } from '../doctor/kernel-check.js';
import { promptCheck } from '../doctor/prompt-check.js';
import { nestedCheck, nodeCheck } from '../doctor/runtime-checks.js';
import { fileDirCheck, fileStoreExists, noFileStore, storeProbe } from '../doctor/store-checks.js';
import { ExitCode } from '../errors.js';
import { backendName } from '../store/select.js';
import { type LongTermKeys, profilesWithKeys, readKeys } from '../store/stored-keys.js';
import { type CommandResult, exitWith, type Io, type Services } from './context.js';

declare const AWSROLE_VERSION: string;

/** Parsed `doctor` options. */
export interface DoctorOptions {
  readonly json: boolean;
  readonly backend?: string | undefined;
}

/** A made-up key: STS rejects it, but its answer still carries the Date the clock check needs. */
const MADE_UP_KEY = {
  accessKeyId: 'AKIAAWSROLEDOCTOR000',
  secretAccessKey: 'doctor'.repeat(6).slice(0, 40),
};

// Runs every check in order and prints them (lines, or JSON with --json).
export async function doctorCommand(
  options: DoctorOptions,
  io: Io,
  services: Services,
  iam: IamApi = lazyIam(),
): Promise<CommandResult> {
  const results: CheckResult[] = [];
  const add = async (check: string, body: () => Promise<CheckResult[]>) => {
    const found = await runCheck(check, body);
    results.push(...found);
    if (!options.json) for (const r of found) io.out(`${checkLine(r)}\n`);
  };
  await add('node', async () => [nodeCheck(process.versions.node, AWSROLE_VERSION)]);
  const stored = new Map<string, LongTermKeys>();
  let storeOk = false;
  await add('store', async () => {
    const out: CheckResult[] = [];
    if (backendName(options.backend, io.env) === 'file') {
      const dir = fileDirCheck(io.env, process.getuid?.());
      out.push(dir);
      if (dir.status === 'fail') return out;
      if (!fileStoreExists(io.env)) return [...out, noFileStore(io.env)];
    }
    const store = services.store();
    out.push(await storeProbe(store));
    for (const profile of profilesWithKeys(await store.list())) {
      const keys = await readKeys(store, profile);
      if (keys) stored.set(profile, keys);
    }
    storeOk = true;
    return out;
  });
  const { results: configResults, config } = await configCheck(io.env);
  results.push(...configResults);
  if (!options.json) for (const r of configResults) io.out(`${checkLine(r)}\n`);
  if (config) {
    await add('profiles', () =>
      profilesCheck(config, io.env, storeOk ? new Set(stored.keys()) : undefined),
    );
    await add('plaintext keys', async () => plaintextCheck(config));
    if ([...config.profiles.values()].some((s) => s.login_session !== undefined)) {
      const { loginChecks } = await import('../doctor/login-checks.js');
      await add('login', () => loginChecks(config, services.store(), io.env, services.now()));
    }
  }
  if (storeOk && stored.size === 0) {
    await add('keys', async () => [
      warn('keys', 'no keys stored', 'store some with `awsrole add <profile>`'),
    ]);
  }
  for (const [profile, keys] of stored) {
    await add(`key ${profile}`, async () => [
      await keyAgeCheck(
        profile,
        keys,
        iam,
        stsRegion({ region: config?.profiles.get(profile)?.region }, io.env),
        services.now(),
      ),
    ]);
  }
  const signer = stored.values().next().value ?? MADE_UP_KEY;
  await add('clock', async () => [await clockCheck(signer, stsRegion({}, io.env))]);
  await add('kernel keyring', async () => [
    kernelCheck(io.env, backendName(options.backend, io.env)),
  ]);
  if (backendName(options.backend, io.env) === 'file') {
    await add('file store unlock', async () => [await unlockCheck(io.env)]);
  }
  await add('completion', async () => [completionCheck(io.env)]);
  await add('mfa prompts', async () => [promptCheck(io.env, io.prompter() !== undefined)]);
  await add('session', async () => [nestedCheck(io.env)]);
  await add('history', async () => [historyCheck(io.env, process.getuid?.())]);
  if (options.json) io.out(`${JSON.stringify({ checks: results }, null, 2)}\n`);
  return exitWith(results.some((r) => r.status === 'fail') ? ExitCode.checkFailed : ExitCode.ok);
}
