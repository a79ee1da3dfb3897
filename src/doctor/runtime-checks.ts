// Doctor checks of the runtime: Node's version against the supported range, and a nested session.
import { type CheckResult, fail, ok, warn } from './check.js';

/** The minimum Node.js, as package.json's engines says (">=22.12"; a unit test keeps them equal). */
export const MIN_NODE = '22.12.0';

// Whether a version (x.y.z) is at least the minimum.
export function atLeast(version: string, minimum: string): boolean {
  const a = version.replace(/^v/, '').split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

// Node's version against the supported range, and awsrole's own version.
export function nodeCheck(nodeVersion: string, awsroleVersion: string): CheckResult {
  const what = `Node.js ${nodeVersion}, awsrole ${awsroleVersion}`;
  return atLeast(nodeVersion, MIN_NODE)
    ? ok('node', `${what} (supported: >= ${MIN_NODE})`)
    : fail('node', `${what}: Node.js ${MIN_NODE} or newer is required`, 'install Node.js 24 LTS');
}

// AWSROLE set means this shell already is an awsrole session: exec would refuse to nest.
export function nestedCheck(env: NodeJS.ProcessEnv): CheckResult {
  return env.AWSROLE
    ? warn(
        'session',
        `AWSROLE is set ("${env.AWSROLE}"): this shell is inside an awsrole session, and exec refuses to nest`,
        'type `exit` to leave that session',
      )
    : ok('session', 'not inside an awsrole session (AWSROLE not set)');
}
