// The OIDC client registration a sign-in uses: reused from the secret store until it nears expiry, as the AWS CLI does.
import { SsoError } from '../errors.js';
import { isCorruptEntry } from '../store/corrupt-entry.js';
import type { Registration } from './sso-api.js';
import type { SsoDeps } from './sso-deps.js';
import { type SsoSession, tokenName } from './sso-profile.js';

/** Which flow a registration serves: its grant types (and redirect URI) differ. */
export type RegistrationKind = 'code' | 'device';

/**
 * The redirect URI the browser flow registers: no port. RFC 8252 §7.3 has the
 * authorization server accept any port on a loopback redirect URI, so one
 * registration serves every sign-in, each on its own ephemeral port (the AWS
 * CLI's AuthCodeFetcher registers this same URI).
 */
export const LOOPBACK_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';

/**
 * A registration is not reused within 15 minutes of its expiry (botocore's
 * window for its registration cache): a sign-in started with it must finish
 * before it expires.
 */
const EXPIRY_MARGIN_MS = 15 * 60_000;

const CLIENT_PREFIX = 'sso-client:';

// The store account holding a session's client registration for one flow.
export function clientAccount(name: string, kind: RegistrationKind): string {
  return `${CLIENT_PREFIX}${kind}:${name}`;
}

/**
 * What a registration was made for. It is reused only for the same start URL,
 * region, scopes and endpoint override (the AWS CLI keys its registration
 * cache on start URL, region, scopes and session name).
 */
function registrationKey(session: SsoSession, env: NodeJS.ProcessEnv): string {
  return JSON.stringify({
    startUrl: session.startUrl,
    region: session.region,
    scopes: session.name === undefined ? [] : [...session.scopes].sort(),
    endpoint: env.AWS_ENDPOINT_URL_SSO_OIDC ?? env.AWS_ENDPOINT_URL ?? '',
  });
}

async function readRegistration(
  session: SsoSession,
  kind: RegistrationKind,
  deps: SsoDeps,
): Promise<Registration | undefined> {
  // A damaged entry is only a registration to make again; a store that cannot be opened is an error.
  const raw = await deps.store
    .get(clientAccount(tokenName(session), kind))
    .catch((error: unknown) => {
      if (isCorruptEntry(error)) return null;
      throw error;
    });
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    const expiresAt = new Date(String(value.expiresAt));
    if (
      value.key !== registrationKey(session, deps.env) ||
      typeof value.clientId !== 'string' ||
      typeof value.clientSecret !== 'string' ||
      typeof value.endpoint !== 'string' ||
      Number.isNaN(expiresAt.getTime())
    )
      return undefined;
    return {
      clientId: value.clientId,
      clientSecret: value.clientSecret,
      endpoint: value.endpoint,
      expiresAt,
    };
  } catch {
    return undefined;
  }
}

// The session's registration for this flow: the stored one while it has 15 minutes left, else a new one (then stored).
export async function registeredClient(
  session: SsoSession,
  kind: RegistrationKind,
  deps: SsoDeps,
): Promise<{ client: Registration; reused: boolean }> {
  const stored = await readRegistration(session, kind, deps);
  if (stored && stored.expiresAt.getTime() - deps.now() > EXPIRY_MARGIN_MS) {
    deps.debug?.(`sso: reusing the client registration, expires ${stored.expiresAt.toISOString()}`);
    return { client: stored, reused: true };
  }
  const legacy = session.name === undefined;
  const client = await deps.api.register(session.region, {
    scopes: legacy ? [] : session.scopes,
    redirectUri: kind === 'code' ? LOOPBACK_REDIRECT_URI : undefined,
    issuerUrl: legacy ? undefined : session.startUrl,
  });
  await deps.store.set(
    clientAccount(tokenName(session), kind),
    JSON.stringify({
      key: registrationKey(session, deps.env),
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      expiresAt: client.expiresAt.toISOString(),
      endpoint: client.endpoint,
    }),
  );
  return { client, reused: false };
}

// Drops a registration the service refused, so the next sign-in registers again.
export async function forgetClient(
  session: SsoSession,
  kind: RegistrationKind,
  deps: SsoDeps,
): Promise<void> {
  await deps.store.delete(clientAccount(tokenName(session), kind)).catch(() => false);
}

// True when IAM Identity Center refused the client (deleted, or its secret expired early).
export function clientRefused(error: unknown): boolean {
  return error instanceof SsoError && /InvalidClient/.test(error.code);
}
