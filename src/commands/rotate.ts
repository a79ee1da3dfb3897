// `awsrole rotate <profile>`: replace a profile's IAM access key without ever leaving it without a working one.

import type { ProfileSettings } from '../config/aws-config.js';
import { checkedCredentials } from '../credentials/credential-shape.js';
import type { CallerIdentity, Credentials } from '../credentials/credentials.js';
import { type IamApi, lazyIam } from '../credentials/iam.js';
import { mfaCode } from '../credentials/mfa-code.js';
import { stsRegion } from '../credentials/obtain.js';
import { SessionCache } from '../credentials/session-cache.js';
import { AwsroleError, ExitCode, maskKeyIds, shellQuote, usageError } from '../errors.js';
import { CACHED_KINDS } from '../sources/registry.js';
import type { SecretStore } from '../store/secret-store.js';
import { changeStore } from '../store/store-change.js';
import { type LongTermKeys, requireKeys, writeKeys } from '../store/stored-keys.js';
import { mfaPromptSettings } from '../target/target.js';
import { clearSessions } from './clear.js';
import { type CommandResult, exitWith, type Io, type Services } from './context.js';
import type { SessionOptions } from './credentials-for.js';
import { checkProfileName } from './profile-name.js';
import {
  atKeyLimit,
  createFailed,
  deleteFailed,
  newKeyUnusable,
  type RotationKeys,
  storeFailed,
} from './rotate-state.js';

/** Parsed `rotate` options; MFA codes come as for any session (--mfa-token, --prompt). */
export type RotateOptions = Pick<SessionOptions, 'mfaToken' | 'prompt'> & {
  readonly profile: string;
  readonly yes: boolean;
};

/** What rotate needs beyond the usual services; tests pass their own. */
export interface RotateDeps {
  readonly iam: IamApi;
  /** Waits between checks of the new key. */
  readonly sleep: (ms: number) => Promise<void>;
  /** How long a new key may take to be accepted (real IAM: a few seconds). */
  readonly verifyForMs: number;
}

const DEFAULT_DEPS: RotateDeps = {
  iam: lazyIam(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  verifyForMs: 15_000,
};

// Creates a new key, checks it works, stores it, then deletes the old key and its cached sessions.
export async function rotateCommand(
  options: RotateOptions,
  io: Io,
  services: Services,
  deps: RotateDeps = DEFAULT_DEPS,
): Promise<CommandResult> {
  checkProfileName(options.profile);
  const config = await services.config([options.profile]);
  refuseKeyless(options.profile, config.profiles.get(options.profile));
  const store = services.store();
  // The store changes only after IAM does: it must be shown usable before the first IAM call.
  return changeStore(store, () => rotate(options, io, services, deps, store));
}

async function rotate(
  options: RotateOptions,
  io: Io,
  services: Services,
  deps: RotateDeps,
  store: SecretStore,
): Promise<CommandResult> {
  const old = await requireKeys(store, options.profile);
  const ids: RotationKeys = { profile: options.profile, old: old.accessKeyId };
  await confirm(options, old, io);
  // STS and IAM are called in the profile's region and its partition (partitions.ts).
  const config = await services.config([options.profile]);
  const region = stsRegion({ region: config.profiles.get(options.profile)?.region }, io.env);
  const signer = await signingCredentials(options, old, io, services, region);

  const listed = await deps.iam.listAccessKeys(signer, region).catch(() => undefined);
  const other = listed?.find((k) => k.accessKeyId !== old.accessKeyId);
  if (listed && listed.length >= 2 && other) throw atKeyLimit(ids, other.accessKeyId);

  const fresh = await deps.iam.createAccessKey(signer, region).catch((error: unknown) => {
    throw createFailed(ids, error);
  });
  const withNew = { ...ids, fresh: fresh.accessKeyId };
  const dropNew = () =>
    deps.iam.deleteAccessKey(signer, region, fresh.accessKeyId).then(
      () => true,
      () => false,
    );

  let identity: CallerIdentity;
  try {
    checkedCredentials(fresh, 'the new access key IAM created');
    identity = await untilAccepted(fresh, region, services, deps);
  } catch (error) {
    throw newKeyUnusable(withNew, error, await dropNew());
  }
  try {
    await writeKeys(store, options.profile, {
      ...fresh,
      accountId: identity.account || old.accountId,
      userArn: identity.arn || old.userArn,
      storedAt: new Date(services.now()).toISOString(),
    });
  } catch (error) {
    throw storeFailed(withNew, error, await dropNew());
  }
  io.err(
    `awsrole: stored the new access key ${maskKeyIds(fresh.accessKeyId)} for "${options.profile}"`,
  );

  try {
    await deps.iam.deleteAccessKey(signer, region, old.accessKeyId);
  } catch (error) {
    throw deleteFailed(withNew, error);
  }
  const removed = await clearSessions(
    new SessionCache(store, services.now, CACHED_KINDS),
    options.profile,
  );
  io.err(
    `awsrole: deleted the old access key ${maskKeyIds(old.accessKeyId)} from IAM and ${removed} cached session${removed === 1 ? '' : 's'} made with it`,
  );
  return exitWith(0);
}

/**
 * Only a profile whose own stored keys sign its calls has a key to rotate: an
 * IAM Identity Center or aws login profile has none, and a role profile's keys
 * are its source profile's, which is the one to name.
 */
function refuseKeyless(profile: string, settings: ProfileSettings | undefined): void {
  if (!settings) return;
  if (settings.sso_session !== undefined || settings.sso_start_url !== undefined) {
    throw usageError(
      `profile "${profile}" is an IAM Identity Center profile: it has no access key to rotate`,
      'IAM Identity Center issues its credentials; rotate the keys of a profile that has stored keys, as `awsrole list` shows them',
    );
  }
  if (settings.login_session !== undefined) {
    throw usageError(
      `profile "${profile}" is an aws login profile: it has no access key to rotate`,
      'rotate the keys of a profile that has stored keys, as `awsrole list` shows them',
    );
  }
  if (settings.role_arn !== undefined) {
    const source = settings.source_profile;
    throw usageError(
      `profile "${profile}" assumes a role: it has no access key of its own to rotate`,
      source !== undefined
        ? `its keys are those of profile "${source}": run \`awsrole rotate ${shellQuote(source)}\``
        : 'rotate the keys of the profile whose keys it uses',
    );
  }
}

/** Rotating changes IAM: a person confirms it, or a script says --yes. */
async function confirm(options: RotateOptions, old: LongTermKeys, io: Io): Promise<void> {
  if (options.yes) return;
  const prompter = io.prompter();
  if (!prompter) {
    throw usageError(
      'rotate changes IAM and there is no terminal to confirm it on',
      `run \`awsrole rotate ${shellQuote(options.profile)} --yes\``,
    );
  }
  const answer = await prompter.ask(
    `Replace the access key ${maskKeyIds(old.accessKeyId)} of "${options.profile}" with a new one and delete it from IAM? [y/N] `,
  );
  if (!/^y(es)?$/i.test(answer.trim())) {
    throw new AwsroleError('rotation cancelled: nothing changed', { exitCode: ExitCode.cancelled });
  }
}

/**
 * The IAM calls are signed with the old key itself, or, when the profile
 * has an mfa_serial, with one GetSessionToken session made with one fresh
 * code: every later call uses that session, so no code is ever sent twice
 * (checking the new key needs none).
 */
async function signingCredentials(
  options: RotateOptions,
  old: LongTermKeys,
  io: Io,
  services: Services,
  region: string,
): Promise<Credentials> {
  const config = await services.config([options.profile]);
  const settings = config.profiles.get(options.profile);
  const serial = settings?.mfa_serial;
  if (!settings || !serial) return old;
  const code = await mfaCode(serial, {
    token: options.mfaToken,
    process: settings.mfa_process,
    prompter: io.prompter,
    env: io.env,
    prompt: options.prompt,
    settings: mfaPromptSettings([settings], config),
    reason: `rotating the access key of "${options.profile}"`,
    notice: io.err,
    debug: io.debug,
  });
  return services.sts().getSessionToken(old, region, 900, code);
}

/** Real IAM takes a few seconds to accept a new key: ask STS with backoff until it does. */
async function untilAccepted(
  key: Credentials,
  region: string,
  services: Services,
  deps: RotateDeps,
): Promise<CallerIdentity> {
  const deadline = services.now() + deps.verifyForMs;
  for (let wait = 500; ; wait = Math.min(wait * 2, 4000)) {
    try {
      return await services.sts().getCallerIdentity(key, region);
    } catch (error) {
      if (services.now() + wait > deadline) throw error;
      await deps.sleep(wait);
    }
  }
}
