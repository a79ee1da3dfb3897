// The device-authorization flow for headless machines: show the code, poll as the service asks.
import { setTimeout as sleep } from 'node:timers/promises';
import { AwsroleError, ExitCode, SsoError } from '../errors.js';
import type { Granted, Registration, SsoApi } from './sso-api.js';
import type { SsoSession } from './sso-profile.js';

/** SlowDownException asks for 5 more seconds between polls (RFC 8628). */
const SLOW_DOWN_S = 5;

// Signs in with a user code confirmed on another device; the verification URL and code go to stderr.
export async function deviceSignIn(
  session: SsoSession,
  api: SsoApi,
  client: Registration,
  err: (line: string) => void,
  now: () => number,
): Promise<Granted> {
  const device = await api.startDevice(session.region, client, session.startUrl);
  err(`awsrole: to sign in, open ${device.verificationUri} and enter the code ${device.userCode}`);
  if (device.verificationUriComplete)
    err(`awsrole: or open ${device.verificationUriComplete} (the code filled in)`);
  const deadline = now() + device.expiresIn * 1000;
  let interval = Math.max(1, device.interval);
  for (;;) {
    await sleep(interval * 1000);
    if (now() >= deadline) throw expired();
    try {
      return await api.createToken(session.region, client, {
        kind: 'device',
        deviceCode: device.deviceCode,
      });
    } catch (error) {
      const code = error instanceof SsoError ? error.code : '';
      if (code === 'AuthorizationPendingException') continue;
      if (code === 'SlowDownException') {
        interval += SLOW_DOWN_S;
        continue;
      }
      if (code === 'ExpiredTokenException') throw expired();
      throw error;
    }
  }
}

function expired(): AwsroleError {
  return new AwsroleError('SSO sign-in failed: the device code expired before it was confirmed', {
    exitCode: ExitCode.aws,
    hint: 'run `awsrole sso login --use-device-code` again and confirm the code sooner',
  });
}
