// The authorization-code flow with PKCE (as AWS CLI >= 2.22): browser, one-shot loopback listener, code exchange.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsroleError, ExitCode } from '../errors.js';
import type { Granted, Registration, SsoApi } from './sso-api.js';
import type { SsoSession } from './sso-profile.js';

/** How the user reaches the authorize page, and how long awsrole waits for the redirect. */
export interface BrowserStep {
  /** Opens the URL in a browser (or prints it, with --no-browser). */
  readonly show: (url: string) => Promise<void>;
  readonly timeoutMs: number;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

// Signs in through the browser with a client registered for the loopback redirect; resolves the token grant.
export async function pkceSignIn(
  session: SsoSession,
  api: SsoApi,
  client: Registration,
  browser: BrowserStep,
): Promise<Granted> {
  const verifier = base64url(randomBytes(48));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const state = base64url(randomBytes(24));
  const listener = await listenForRedirect(failed);
  try {
    // The registered redirect URI has no port; this sign-in's listener adds its own (RFC 8252 §7.3).
    const redirectUri = `http://127.0.0.1:${listener.port}/oauth/callback`;
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: redirectUri,
      state,
      code_challenge_method: 'S256',
      scopes: session.scopes.join(' '),
      code_challenge: challenge,
    });
    const code = listener.code(state, browser.timeoutMs);
    await browser.show(`${client.endpoint}/authorize?${query}`);
    return await api.createToken(session.region, client, {
      kind: 'code',
      code: await code,
      codeVerifier: verifier,
      redirectUri,
    });
  } finally {
    listener.close();
  }
}

/** The one-shot loopback listener of a browser sign-in. */
export interface Listener {
  readonly port: number;
  code(state: string, timeoutMs: number): Promise<string>;
  close(): void;
}

// Listens on 127.0.0.1 (an ephemeral port) for the one redirect to /oauth/callback; anything else gets a 404.
export async function listenForRedirect(
  failed: (message: string) => AwsroleError,
): Promise<Listener> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
    code: (state, timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(failed(`no answer from the browser within ${Math.round(timeoutMs / 1000)}s`)),
          timeoutMs,
        );
        server.on('request', (req, res) => {
          const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
          if (url.pathname !== '/oauth/callback') {
            res.writeHead(404).end();
            return;
          }
          const done = (status: number, text: string, outcome: () => void) => {
            res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
            clearTimeout(timer);
            outcome();
          };
          if (url.searchParams.get('state') !== state) {
            // A redirect with another state is not ours (or forged): refuse it, keep waiting.
            res.writeHead(400, { 'content-type': 'text/plain' }).end('awsrole: state mismatch\n');
            return;
          }
          const error = url.searchParams.get('error');
          const code = url.searchParams.get('code');
          if (error !== null || code === null) {
            const why = (error ?? 'no code').slice(0, 80);
            done(400, `awsrole: sign-in failed (${why})\n`, () =>
              reject(failed(`the sign-in was refused (${why})`)),
            );
            return;
          }
          done(200, 'awsrole: signed in. You can close this window.\n', () => resolve(code));
        });
      }),
  };
}

function failed(message: string): AwsroleError {
  return new AwsroleError(`SSO sign-in failed: ${message}`, {
    exitCode: ExitCode.aws,
    hint: 'run `awsrole sso login` again, or use --use-device-code on a machine without a browser',
  });
}
