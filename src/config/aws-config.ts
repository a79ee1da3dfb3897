// Loads ~/.aws/config and ~/.aws/credentials with the aws CLI's (botocore's) rules.
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { configError } from '../errors.js';
import { trace } from '../trace.js';
import { awsConfigPaths } from './aws-config-paths.js';
import {
  type IniChunk,
  IniError,
  type IniSections,
  parseIni,
  parseIniChunks,
} from './botocore-ini.js';
import { buildProfiles, type SettingOrigin } from './botocore-profiles.js';
import { chunksOf, keptRanges, rangesFit, scanHeaders } from './partial-config.js';
import { readProfileNames } from './profile-names.js';
import { sectionCache } from './section-cache.js';

/** One profile's settings, merged from the config and credentials files. */
export type ProfileSettings = Readonly<Record<string, string | undefined>>;

/** The profiles a user has, by name, plus where they came from. */
export interface AwsConfig {
  readonly configPath: string;
  readonly credentialsPath: string;
  /** The parsed profiles, keys lower-cased as the aws CLI reads them. */
  readonly profiles: ReadonlyMap<string, ProfileSettings>;
  /** Every profile name the files declare. */
  readonly names: readonly string[];
  /** Where each setting of each profile was read (file and line), for messages. */
  readonly origins?: ReadonlyMap<string, ReadonlyMap<string, SettingOrigin>>;
  /** The [sso-session NAME] sections, by NAME (those a resolution needed, with loadAwsConfigFor). */
  readonly ssoSessions?: ReadonlyMap<string, ProfileSettings>;
}

/** How an [sso-session NAME] header reads, and how loadAwsConfigFor asks for one. */
const SSO_SESSION_HEADER = /^sso-session\s+(\S(?:.*\S)?)\s*$/;
export const SSO_SESSION_WANTED = 'sso-session.';

/**
 * A missing file is fine (no profiles from it); any other read failure is
 * reported with its path rather than read as an empty file.
 */
function readIfPresent(path: string): string {
  try {
    // Synchronous on purpose: a one-shot CLI reads two small files, and node:fs/promises
    // would load its own module graph (readline included) on every run.
    const bytes = readFileSync(path);
    // The usual all-ASCII file skips UTF-8 decoding (a 10,000-profile config decodes ~2x faster).
    return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return '';
    throw configError(
      `cannot read AWS config file ${path}: ${code ?? String(error)}`,
      'check the file permissions or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere',
    );
  }
}

interface ConfigTexts {
  readonly paths: { config: string; credentials: string };
  readonly config: string;
  readonly credentials: string;
}

function readTexts(env: NodeJS.ProcessEnv): ConfigTexts {
  const paths = awsConfigPaths(env);
  return {
    paths,
    config: readIfPresent(paths.config),
    credentials: readIfPresent(paths.credentials),
  };
}

function parseFile(path: string, text: string | readonly IniChunk[]): IniSections {
  try {
    return typeof text === 'string' ? parseIni(text) : parseIniChunks(text);
  } catch (error) {
    throw refusedFile(path, error);
  }
}

// The error for a file botocore refuses (an IniError), as every command reports it; other errors unchanged.
export function refusedFile(path: string, error: unknown): unknown {
  if (!(error instanceof IniError)) return error;
  return configError(
    `cannot parse ${path}: ${error.message}`,
    'fix that line; `aws configure list` refuses this file too',
  );
}

/** Both files' profiles as botocore builds them from the given texts (whole files or kept sections). */
function fromTexts(
  texts: ConfigTexts,
  config: string | readonly IniChunk[],
  credentials: string | readonly IniChunk[],
): Omit<AwsConfig, 'names'> & { names: string[] } {
  const configSections = parseFile(texts.paths.config, config);
  const parsed = buildProfiles(
    { path: texts.paths.config, sections: configSections },
    { path: texts.paths.credentials, sections: parseFile(texts.paths.credentials, credentials) },
  );
  trace('config-parsed');
  const profiles = new Map<string, ProfileSettings>();
  const origins = new Map<string, ReadonlyMap<string, SettingOrigin>>();
  for (const [name, profile] of parsed) {
    profiles.set(name, profile.settings);
    origins.set(name, profile.origins);
  }
  return {
    configPath: texts.paths.config,
    credentialsPath: texts.paths.credentials,
    profiles,
    names: [...profiles.keys()],
    origins,
    ssoSessions: ssoSessionsOf(configSections),
  };
}

/** The config file's [sso-session NAME] sections (settings as the aws CLI reads them). */
function ssoSessionsOf(sections: IniSections): Map<string, ProfileSettings> {
  const sessions = new Map<string, ProfileSettings>();
  for (const [header, section] of sections) {
    const name = SSO_SESSION_HEADER.exec(header)?.[1];
    if (name !== undefined) sessions.set(name, Object.fromEntries(section.settings));
  }
  return sessions;
}

// Reads and parses both files in full, exactly as the aws CLI (botocore) reads them.
export async function loadAwsConfig(env: NodeJS.ProcessEnv): Promise<AwsConfig> {
  const texts = readTexts(env);
  return fromTexts(texts, texts.config, texts.credentials);
}

/** The profiles and [sso-session] sections the loaded profiles name that `want` lacks. */
function unlinked(loaded: Pick<AwsConfig, 'profiles'>, want: ReadonlySet<string>): string[] {
  // Source and included profiles, and the [sso-session] sections SSO profiles name.
  const linked = [...loaded.profiles.values()].flatMap((p) => [
    ...[p.source_profile, p.include_profile].filter((n): n is string => Boolean(n)),
    ...(p.sso_session ? [`${SSO_SESSION_WANTED}${p.sso_session}`] : []),
  ]);
  return linked.filter((n) => !want.has(n));
}

/**
 * The loaded profiles, with `names` read on first use (only suggestions and
 * the near-miss check of a bare role name need them): the same list
 * completion uses, kept per file identity for large files, so a 10,000-profile
 * config is not scanned again on every such run.
 */
function withNames(loaded: ReturnType<typeof fromTexts>, env: NodeJS.ProcessEnv): AwsConfig {
  let names: readonly string[] | undefined;
  return {
    ...loaded,
    get names() {
      names ??= readProfileNames(env);
      return names;
    },
  };
}

/**
 * The profiles a resolution needs (and, transitively, their source and
 * included profiles), parsed from just their sections. Values and line
 * numbers are those of the full parse. A file botocore refuses is refused
 * here too, wherever the problem is (a bad line in a profile no resolution
 * reads stops the aws CLI as well): files whose whole text has not been
 * checked yet are parsed in full first. That costs ~0.3 ms a KiB on a cold
 * process, so from 2 KiB on (src/config/section-cache.ts) the verdict is
 * kept per file identity, together with where each resolution's sections
 * are: an unchanged 10,000-profile file then costs a read of the planned
 * sections, nothing more, and an edited one a full parse on its first run.
 * `names` (for suggestions) comes from the headers.
 */
export async function loadAwsConfigFor(
  env: NodeJS.ProcessEnv,
  wanted: readonly string[],
): Promise<AwsConfig> {
  const paths = awsConfigPaths(env);
  const sections = sectionCache(env, [paths.config, paths.credentials]);
  const texts = readTexts(env);
  const planned = sections.get(wanted);
  if (
    planned &&
    rangesFit(texts.config, planned.config) &&
    rangesFit(texts.credentials, planned.credentials)
  ) {
    const loaded = fromTexts(
      texts,
      chunksOf(texts.config, planned.config),
      chunksOf(texts.credentials, planned.credentials),
    );
    if (unlinked(loaded, new Set(planned.want)).length === 0) {
      trace('config:planned');
      return withNames(loaded, env);
    }
  }
  if (!sections.validated) {
    // Small files: the whole parse is the answer (and throws for a file botocore refuses).
    if (!sections.active) return fromTexts(texts, texts.config, texts.credentials);
    // Larger ones are only checked here (no profiles built), then read in part as below.
    parseFile(texts.paths.config, texts.config);
    parseFile(texts.paths.credentials, texts.credentials);
    trace('config:validated');
    sections.validate();
  }
  const configScan = scanHeaders(texts.config);
  const credentialsScan = scanHeaders(texts.credentials);
  if (!configScan || !credentialsScan) return fromTexts(texts, texts.config, texts.credentials);
  const want = new Set(wanted);
  for (let round = 0; round < 64; round++) {
    const config = keptRanges(texts.config, configScan, 'config', want);
    const credentials = keptRanges(texts.credentials, credentialsScan, 'credentials', want);
    const loaded = fromTexts(
      texts,
      chunksOf(texts.config, config),
      chunksOf(texts.credentials, credentials),
    );
    const missing = unlinked(loaded, want);
    if (missing.length === 0) {
      sections.put(wanted, { want: [...want], config, credentials });
      return withNames(loaded, env);
    }
    for (const name of missing) want.add(name);
  }
  return fromTexts(texts, texts.config, texts.credentials);
}
