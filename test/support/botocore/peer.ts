// botocore (the aws CLI's library) as a peer: what it makes of config texts.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One pair of texts: ~/.aws/config and ~/.aws/credentials. */
export interface ConfigCase {
  readonly config: string;
  readonly credentials: string;
}

/** What botocore made of a case: the profiles in order with their settings, or its parse error. */
export type BotocoreView =
  | { names: string[]; profiles: Record<string, Record<string, string | Record<string, string>>> }
  | { error: string };

const SCRIPT = fileURLToPath(new URL('./profiles.py', import.meta.url));

// True when python3 can import botocore here.
export function hasBotocore(): boolean {
  return spawnSync('python3', ['-c', 'import botocore.session'], { stdio: 'ignore' }).status === 0;
}

// Runs botocore once over all the cases (one Python process) and returns its view of each.
export function botocoreView(cases: readonly ConfigCase[]): BotocoreView[] {
  const run = spawnSync('python3', [SCRIPT], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`botocore peer failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as BotocoreView[];
}

let python: string | undefined;

/** The real interpreter behind `python3` (a pyenv shim needs the real HOME, a test's has another). */
function pythonExecutable(): string {
  python ??= spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).stdout.trim();
  return python;
}

// The region botocore (the aws CLI v1) picks for a profile in exactly this environment.
export function botocoreRegion(profile: string, env: Record<string, string | undefined>): string {
  const script = `import botocore.session as s, sys; print(s.Session(profile=sys.argv[1]).get_config_variable('region'))`;
  const run = spawnSync(pythonExecutable(), ['-c', script, profile], {
    env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`botocore peer failed: ${run.stderr}`);
  return run.stdout.trim();
}

// The profiles boto3 lists (boto3.Session().available_profiles, what `aws configure list-profiles`
// of the aws CLI v2 prints) for the files an environment names; throws when boto3 refuses them.
export function boto3Profiles(env: Record<string, string | undefined>): string[] {
  const script = 'import boto3, json; print(json.dumps(boto3.Session().available_profiles))';
  const run = spawnSync(pythonExecutable(), ['-c', script], {
    env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
    encoding: 'utf8',
  });
  if (run.status !== 0)
    throw new Error(`boto3 refused the files: ${run.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(run.stdout) as string[];
}
