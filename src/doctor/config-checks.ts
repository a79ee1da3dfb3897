// Doctor checks of the AWS config: both files parse, every profile resolves, no plaintext keys.
import { existsSync } from 'node:fs';
import { type AwsConfig, loadAwsConfig } from '../config/aws-config.js';
import { AwsroleError, formatError, shellQuote } from '../errors.js';
import { chainFor } from '../sources/chain.js';
import { SOURCE_POLICY } from '../sources/registry.js';
import { resolveTarget } from '../target/target.js';
import { type CheckResult, fail, ok, warn } from './check.js';

// Parses both files in full; a malformed line fails with its file and line number. A missing
// file is said so (not "parses"), and warns when AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE names it.
export async function configCheck(
  env: NodeJS.ProcessEnv,
): Promise<{ results: CheckResult[]; config?: AwsConfig }> {
  try {
    const config = await loadAwsConfig(env);
    const files = [
      { path: config.configPath, variable: 'AWS_CONFIG_FILE' },
      { path: config.credentialsPath, variable: 'AWS_SHARED_CREDENTIALS_FILE' },
    ];
    const present = files.filter((f) => existsSync(f.path)).map((f) => f.path);
    const results = files
      .filter((f) => !existsSync(f.path) && env[f.variable])
      .map((f) =>
        warn(
          'config',
          `${f.path}, named by ${f.variable}, does not exist`,
          `create it, or unset ${f.variable} to use the default`,
        ),
      );
    const count = `${config.names.length} profile${config.names.length === 1 ? '' : 's'}`;
    const absent = files.filter((f) => !existsSync(f.path) && !env[f.variable]).map((f) => f.path);
    const parts = [
      ...(present.length > 0
        ? [`${present.join(' and ')} parse${present.length === 1 ? 's' : ''} (${count})`]
        : []),
      ...(absent.length > 0 ? [`no ${absent.join(' or ')} (optional)`] : []),
    ];
    if (parts.length > 0) results.unshift(ok('config', parts.join('; ')));
    return { results, config };
  } catch (error) {
    if (!(error instanceof AwsroleError)) throw error;
    return { results: [fail('config', plain(error), error.hint)] };
  }
}

// Every profile resolves to a chain (sources, cycles, settings); ones whose keys are not stored warn.
export async function profilesCheck(
  config: AwsConfig,
  env: NodeJS.ProcessEnv,
  stored: ReadonlySet<string> | undefined,
): Promise<CheckResult[]> {
  const broken: string[] = [];
  const keyless: string[] = [];
  for (const name of config.names) {
    try {
      const target = resolveTarget(name, {}, config, env, SOURCE_POLICY);
      const chain = await chainFor(target, config);
      if (chain.source.longTermKeys && stored && !stored.has(target.sourceProfile)) {
        keyless.push(`${name} (source ${target.sourceProfile})`);
      }
    } catch (error) {
      broken.push(`${name}: ${error instanceof AwsroleError ? plain(error) : String(error)}`);
    }
  }
  const results = broken.map((b) => fail('profiles', b, 'fix the profile in your AWS config'));
  if (keyless.length > 0) {
    results.push(
      warn(
        'profiles',
        `no keys stored for ${keyless.join(', ')}`,
        'store them with `awsrole add <profile>`',
      ),
    );
  }
  if (results.length === 0)
    results.push(
      ok(
        'profiles',
        `all ${config.names.length} profile${config.names.length === 1 ? '' : 's'} resolve`,
      ),
    );
  return results;
}

// Long-term keys written in the AWS files in clear: each profile named, with the command that imports it.
export function plaintextCheck(config: AwsConfig): CheckResult[] {
  const inClear = config.names.filter((n) => config.profiles.get(n)?.aws_secret_access_key);
  if (inClear.length === 0) return [ok('plaintext keys', 'no keys in clear in the AWS files')];
  return inClear.map((name) =>
    warn(
      'plaintext keys',
      `profile "${name}" has its secret key in clear in ${config.credentialsPath} (or ${config.configPath})`,
      `run \`awsrole add ${shellQuote(name)} --from-credentials-file\`, then delete the keys from the file`,
    ),
  );
}

function plain(error: AwsroleError): string {
  return formatError(new AwsroleError(error.message, { exitCode: error.exitCode })).replace(
    /^awsrole: /,
    '',
  );
}
