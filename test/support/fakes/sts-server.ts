// A loopback STS over HTTP for e2e runs, with faults on demand.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers one request. */
export type StsAnswer =
  /** An STS error document (the query protocol's XML) with this status; "{accessKeyId}" in the
   * message is replaced by the key id the request was signed with, as a server quoting it would. */
  | { error: { status: number; code: string; message: string } }
  /** A body that is not STS at all, as a proxy or load balancer sends it. */
  | { html: number }
  /** A well-formed success for the action (AssumeRole, GetSessionToken, GetCallerIdentity). */
  | 'ok'
  /** A success whose credentials carry these fields as given (a hostile or broken endpoint). */
  | {
      credentials: Partial<
        Record<'AccessKeyId' | 'SecretAccessKey' | 'SessionToken' | 'Expiration', string>
      >;
    };

/** One request the fake saw. */
export type SeenRequest = {
  action: string;
  /** The SDK's retry bookkeeping header, e.g. "attempt=2; max=3". */
  attempt: string;
  /** Arrival time (ms since the epoch). */
  at: number;
};

/**
 * A loopback STS that misbehaves on purpose: faults no real peer produces on
 * demand (5xx, throttling, clock-skew errors). `answer` decides each reply
 * from the action and how many requests came before; `dateOffsetMs` shifts
 * the Date header, as a server whose clock differs from ours.
 */
export type FakeSts = {
  /** http://127.0.0.1:PORT: point AWS_ENDPOINT_URL here. */
  endpoint: string;
  requests: SeenRequest[];
  answer: (action: string, index: number) => StsAnswer;
  dateOffsetMs: number;
  stop(): Promise<void>;
};

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ACCOUNT = '123456789012';

// Starts the fake STS on a random loopback port; by default it answers every request with success.
export async function startFakeSts(): Promise<FakeSts> {
  const server = createServer();
  const fake: FakeSts = {
    endpoint: '',
    requests: [],
    answer: () => 'ok',
    dateOffsetMs: 0,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('request', (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const action = params.get('Action') ?? '';
      const index = fake.requests.length;
      fake.requests.push({
        action,
        attempt: String(req.headers['amz-sdk-request'] ?? ''),
        at: Date.now(),
      });
      const answer = fake.answer(action, index);
      const date = new Date(Date.now() + fake.dateOffsetMs).toUTCString();
      if (answer === 'ok' || 'credentials' in answer) {
        const fields = answer === 'ok' ? {} : answer.credentials;
        res
          .writeHead(200, { 'content-type': 'text/xml', date })
          .end(success(action, params, fields));
      } else if ('html' in answer) {
        res.writeHead(answer.html, { 'content-type': 'text/html', date }).end('<html>down</html>');
      } else {
        const { status, code } = answer.error;
        const signer = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''));
        const message = answer.error.message.replaceAll('{accessKeyId}', signer?.[1] ?? '');
        res
          .writeHead(status, { 'content-type': 'text/xml', date })
          .end(
            `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
          );
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  fake.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function success(
  action: string,
  params: URLSearchParams,
  fields: Partial<Record<string, string>>,
): string {
  if (action === 'GetCallerIdentity') {
    return `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/alice</Arn><UserId>AIDAFAKEUSER00000001</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
  }
  const seconds = Number(params.get('DurationSeconds') ?? 3600);
  const values: Record<string, string> = {
    AccessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
    SecretAccessKey: randomBytes(30).toString('base64'),
    SessionToken: randomBytes(60).toString('base64'),
    Expiration: new Date(Date.now() + seconds * 1000).toISOString(),
    ...fields,
  };
  const xml = (text: string) =>
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  const credentials = `<Credentials>${Object.entries(values)
    .map(([k, v]) => `<${k}>${xml(v)}</${k}>`)
    .join('')}</Credentials>`;
  const user =
    action === 'AssumeRole'
      ? `<AssumedRoleUser><Arn>arn:aws:sts::${ACCOUNT}:assumed-role/x/${params.get('RoleSessionName')}</Arn><AssumedRoleId>AROAFAKE:x</AssumedRoleId></AssumedRoleUser>`
      : '';
  return `<${action}Response xmlns="${NS}"><${action}Result>${credentials}${user}</${action}Result><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></${action}Response>`;
}
