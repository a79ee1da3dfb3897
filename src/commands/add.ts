// `awsrole add <profile>`: store a profile's long-term keys, after checking them with STS.
import { stsRegion } from '../credentials/obtain.js';
import { SessionCache } from '../credentials/session-cache.js';
import { ExitCode, StsError, shellQuote } from '../errors.js';
import { CACHED_KINDS } from '../sources/registry.js';
import { changeStore } from '../store/store-change.js';
import { checkKeyShapes, writeKeys } from '../store/stored-keys.js';
import { clearSessions } from './clear.js';
import type { CommandResult, Io, Services } from './context.js';
import { exitWith } from './context.js';
import { type FileKeys, readCredentialsFileKeys } from './credentials-file-keys.js';
import { checkProfileName } from './profile-name.js';
import { keysSource, readKeysInput } from './read-keys-input.js';

/** Parsed `add` options. */
export interface AddOptions {
  readonly profile: string;
  readonly fromEnv: boolean;
  readonly verify: boolean;
  readonly region?: string | undefined;
  /** Take the keys from the profile's section of ~/.aws/credentials, then offer to remove them there. */
  readonly fromCredentialsFile?: boolean;
  /** Remove them from the file without asking. */
  readonly yes?: boolean;
}

// Reads, checks, verifies and stores keys; an existing entry is replaced only after verification.
export async function addCommand(
  options: AddOptions,
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const profile = checkProfileName(options.profile);
  const fromFile = options.fromCredentialsFile
    ? await readCredentialsFileKeys(profile, io.env)
    : undefined;
  const keys = fromFile?.keys ?? (await readKeysInput(keysSource(options.fromEnv, io), io));
  checkKeyShapes(keys.accessKeyId, keys.secretAccessKey);
  let identity: { account: string; arn: string } | undefined;
  if (options.verify) {
    // A config the aws CLI refuses is refused here too, not read as having no region.
    const region = stsRegion(
      {
        region: options.region ?? (await services.config([profile])).profiles.get(profile)?.region,
      },
      io.env,
    );
    identity = await services
      .sts()
      .getCallerIdentity(keys, region)
      .catch((error: unknown) => {
        throw rejectedKeys(error, profile);
      });
  }
  const store = services.store();
  // Sessions made from the previous keys would outlive them: dropped first, so a failure
  // leaves the old keys and nothing from them.
  await changeStore(store, async () => {
    await clearSessions(new SessionCache(store, services.now, CACHED_KINDS), profile);
    await writeKeys(store, profile, {
      accessKeyId: keys.accessKeyId,
      secretAccessKey: keys.secretAccessKey,
      accountId: identity?.account,
      userArn: identity?.arn,
      storedAt: new Date(services.now()).toISOString(),
    });
  });
  const who = identity ? ` for ${identity.arn}` : ' (not verified)';
  io.err(`awsrole: stored keys for profile "${profile}"${who} in the ${store.name} store`);
  if (fromFile) await offerRemoval(fromFile, profile, options.yes === true, io);
  return exitWith(0);
}

/** The keys are in the store now: take them out of the plaintext file after a yes (or --yes). */
async function offerRemoval(file: FileKeys, profile: string, yes: boolean, io: Io): Promise<void> {
  const prompter = yes ? undefined : io.prompter();
  const answer = yes
    ? 'y'
    : prompter
      ? await prompter.ask(`Remove the plaintext keys of "${profile}" from ${file.path}? [y/N] `)
      : 'n';
  if (!/^y(es)?$/i.test(answer.trim())) {
    io.err(`awsrole: left the plaintext keys in ${file.path}; run again with --yes to remove them`);
    return;
  }
  await file.removeFromFile();
  io.err(`awsrole: removed the plaintext keys of "${profile}" from ${file.path}`);
}

/** STS's generic hint speaks of stored keys; here the keys just typed are wrong, and none were stored. */
function rejectedKeys(error: unknown, profile: string): unknown {
  // Without STS (offline, a proxy in the way) the keys can still be stored unchecked.
  if (error instanceof StsError && error.exitCode === ExitCode.network) {
    return new StsError(error.code, error.message, {
      exitCode: error.exitCode,
      hint: `nothing was stored: check your network, proxy and AWS_ENDPOINT_URL and try again, or store the keys unchecked with \`awsrole add ${shellQuote(profile)} --no-verify\``,
      cause: error,
    });
  }
  // Only the generic rejected-keys hint is replaced: a clock-skew SignatureDoesNotMatch keeps its clock hint.
  if (
    !(error instanceof StsError) ||
    !/InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClient/.test(error.code) ||
    !error.hint?.includes('<profile>')
  ) {
    return error;
  }
  return new StsError(error.code, error.message, {
    exitCode: error.exitCode,
    hint: `nothing was stored: check the Access Key ID and Secret Access Key, then run \`awsrole add ${shellQuote(profile)}\` again`,
    cause: error,
  });
}
