// An StsApi that reports each call, what it asked for and how long it took, for --debug.
import type { DebugLog } from '../debug-log.js';
import { elapsedMs } from '../debug-log.js';
import type { StsApi } from './credentials.js';

// Wraps an StsApi so that every call writes one --debug line (never credentials, only what was asked).
export function debugSts(sts: StsApi, debug: DebugLog): StsApi {
  async function timed<T>(what: string, region: string, call: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      const result = await call();
      debug(`sts: ${what} in ${region}: ok, ${elapsedMs(start)}`);
      return result;
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).name;
      debug(`sts: ${what} in ${region}: failed (${code}), ${elapsedMs(start)}`);
      throw error;
    }
  }
  const withMfa = (mfa: unknown) => (mfa ? ' with an MFA code' : '');
  return {
    assumeRole: (credentials, region, request) =>
      timed(
        `AssumeRole ${request.roleArn} as ${request.sessionName} for ${request.durationSeconds}s${withMfa(request.mfa)}`,
        region,
        () => sts.assumeRole(credentials, region, request),
      ),
    getSessionToken: (credentials, region, durationSeconds, mfa) =>
      timed(`GetSessionToken for ${durationSeconds}s${withMfa(mfa)}`, region, () =>
        sts.getSessionToken(credentials, region, durationSeconds, mfa),
      ),
    getCallerIdentity: (credentials, region) =>
      timed('GetCallerIdentity', region, () => sts.getCallerIdentity(credentials, region)),
    getFederationToken: (credentials, region, request) =>
      timed(`GetFederationToken for ${request.durationSeconds}s`, region, () =>
        sts.getFederationToken(credentials, region, request),
      ),
  };
}
