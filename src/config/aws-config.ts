// Loads ~/.aws/config and ~/.aws/credentials with the SDK's own INI loader.
import { readFile } from 'node:fs/promises';
import { externalDataInterceptor, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { configError } from '../errors.js';
import { trace } from '../trace.js';
import { awsConfigPaths } from './aws-config-paths.js';
import {
  checkSections,
  firstMalformedLine,
  indexSections,
  refusedSectionLine,
  sliceSections,
} from './config-sections.js';
import { profileNamesIn } from './profile-names.js';

/** One profile's settings, merged from the config and credentials files. */
export type ProfileSettings = Readonly<Record<string, string | undefined>>;

/** The profiles a user has, by name, plus where they came from. */
export interface AwsConfig {
  readonly configPath: string;
  readonly credentialsPath: string;
  /** The parsed profiles: all of them, or those a resolution needed (see loadAwsConfigFor). */
  readonly profiles: ReadonlyMap<string, ProfileSettings>;
  /** Every profile name the files declare. */
  readonly names: readonly string[];
  /** The [sso-session NAME] sections, by NAME (those a resolution needed, with loadAwsConfigFor). */
  readonly ssoSessions?: ReadonlyMap<string, ProfileSettings>;
}

const SSO_SESSION = 'sso-session.';

/**
 * The SDK's loader swallows read errors (an unreadable file looks empty), so
 * each file is read here first: a missing file is fine, any other failure is
 * reported with its path. The text is then handed to the SDK's parser through
 * its own interception hook, so parsing is exactly the SDK's.
 */
async function readIfPresent(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
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

async function readTexts(env: NodeJS.ProcessEnv): Promise<ConfigTexts> {
  const paths = awsConfigPaths(env);
  const [config, credentials] = await Promise.all([
    readIfPresent(paths.config),
    readIfPresent(paths.credentials),
  ]);
  return { paths, config, credentials };
}

/** Parses the given texts with the SDK's parser; the credentials file wins on conflicts, as in the SDK. */
async function parseProfiles(texts: ConfigTexts): Promise<Parsed> {
  externalDataInterceptor.interceptFile(texts.paths.config, texts.config);
  externalDataInterceptor.interceptFile(texts.paths.credentials, texts.credentials);
  const files = await loadSharedConfigFiles({
    configFilepath: texts.paths.config,
    filepath: texts.paths.credentials,
  });
  trace('config-parsed');
  const profiles = new Map<string, ProfileSettings>();
  const ssoSessions = new Map<string, ProfileSettings>();
  for (const [name, settings] of Object.entries(files.configFile)) {
    // getConfigData keeps non-profile sections under their prefix.
    if (name.startsWith(SSO_SESSION)) ssoSessions.set(name.slice(SSO_SESSION.length), settings);
    if (name.startsWith(SSO_SESSION) || name.startsWith('services.')) continue;
    profiles.set(name, { ...settings });
  }
  for (const [name, settings] of Object.entries(files.credentialsFile)) {
    profiles.set(name, { ...profiles.get(name), ...settings });
  }
  return { profiles, ssoSessions };
}

/** Parsed profiles and [sso-session] sections. */
interface Parsed {
  readonly profiles: Map<string, ProfileSettings>;
  readonly ssoSessions: Map<string, ProfileSettings>;
}

function malformed(path: string, line: number) {
  return configError(
    `malformed line ${line} in ${path}`,
    'expected "[profile name]", "key = value", a comment, or an indented continuation line',
  );
}

function refusedName(path: string, line: number) {
  return configError(
    `the profile name "__proto__" on line ${line} of ${path} is not allowed`,
    'rename that profile: the AWS SDKs refuse it and then ignore the whole file',
  );
}

// Reads and parses both files in full (for list and completion of every profile).
export async function loadAwsConfig(env: NodeJS.ProcessEnv): Promise<AwsConfig> {
  const texts = await readTexts(env);
  for (const [path, text] of [
    [texts.paths.config, texts.config],
    [texts.paths.credentials, texts.credentials],
  ] as const) {
    const line = firstMalformedLine(text);
    if (line !== undefined) throw malformed(path, line);
    const refused = refusedSectionLine(text);
    if (refused !== undefined) throw refusedName(path, refused);
  }
  const { profiles, ssoSessions } = await parseProfiles(texts);
  return {
    configPath: texts.paths.config,
    credentialsPath: texts.paths.credentials,
    profiles,
    names: [...profiles.keys()],
    ssoSessions,
  };
}

/**
 * Parses only the named profiles and, transitively, their source profiles:
 * a 10,000-profile config costs a scan for section headers, not a full parse
 * (granted once took seconds on such files). `names` still lists every
 * profile the headers declare, for suggestions.
 */
export async function loadAwsConfigFor(
  env: NodeJS.ProcessEnv,
  wanted: readonly string[],
): Promise<AwsConfig> {
  const texts = await readTexts(env);
  const configSections = indexSections(texts.config, true);
  const credentialSections = indexSections(texts.credentials, false);
  const want = new Set(wanted);
  let parsed: Parsed = { profiles: new Map(), ssoSessions: new Map() };
  for (let round = 0; round < 64; round++) {
    for (const [path, text, sections] of [
      [texts.paths.config, texts.config, configSections],
      [texts.paths.credentials, texts.credentials, credentialSections],
    ] as const) {
      const problem = checkSections(text, sections, want);
      if (problem?.kind === 'malformed') throw malformed(path, problem.line);
      if (problem?.kind === 'refused') throw refusedName(path, problem.line);
    }
    parsed = await parseProfiles({
      paths: texts.paths,
      config: sliceSections(texts.config, configSections.sections, want),
      credentials: sliceSections(texts.credentials, credentialSections.sections, want),
    });
    // Source profiles, and the [sso-session] sections SSO profiles name.
    const sources = [...parsed.profiles.values()].flatMap((p) => [
      ...(p.source_profile ? [p.source_profile] : []),
      ...(p.sso_session ? [`${SSO_SESSION}${p.sso_session}`] : []),
    ]);
    const missing = sources.filter((s) => !want.has(s));
    if (missing.length === 0) break;
    for (const m of missing) want.add(m);
  }
  return {
    configPath: texts.paths.config,
    credentialsPath: texts.paths.credentials,
    profiles: parsed.profiles,
    ssoSessions: parsed.ssoSessions,
    // Only needed for suggestions after an error: named on first use, exactly as the SDK would.
    get names() {
      return [
        ...new Set([
          ...profileNamesIn(texts.config, 'config'),
          ...profileNamesIn(texts.credentials, 'credentials'),
        ]),
      ];
    },
  };
}
