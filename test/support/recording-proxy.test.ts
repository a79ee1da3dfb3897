import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const scope = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20300101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

describe('startRecordingProxy', () => {
  let target: Server;
  let seen: { headers: IncomingHttpHeaders; body: string }[];
  let proxy: RecordingProxy;

  beforeAll(async () => {
    target = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => {
        body += d.toString();
      });
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(201, { 'x-target': 'yes', 'content-type': 'text/xml' });
        res.end('<ok/>');
      });
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    proxy = await startRecordingProxy(`http://127.0.0.1:${(target.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await proxy?.stop();
    await new Promise((r) => target.close(r));
  });
  beforeEach(() => {
    seen = [];
    proxy.clear();
  });

  const post = (service: string, body: string) =>
    fetch(`${proxy.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': FORM, authorization: scope(service) },
      body,
    });

  it('listens on loopback and forwards requests and answers unchanged', async () => {
    expect(proxy.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await post('sts', 'Action=GetCallerIdentity&Version=2011-06-15');
    expect(res.status).toBe(201);
    expect(res.headers.get('x-target')).toBe('yes');
    expect(await res.text()).toBe('<ok/>');
    expect(seen[0]?.body).toBe('Action=GetCallerIdentity&Version=2011-06-15');
    // The signed Host header must reach the target as sent.
    expect(seen[0]?.headers.host).toBe(new URL(proxy.endpoint).host);
  });

  it('records the form parameters of STS requests only', async () => {
    await post(
      'sts',
      'Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2FR&TokenCode=123456',
    );
    await post('iam', 'Action=GetUser&UserName=admin');
    expect(proxy.requests()).toEqual([
      { Action: 'AssumeRole', RoleArn: 'arn:aws:iam::1:role/R', TokenCode: '123456' },
    ]);
    const copy = proxy.requests()[0] ?? {};
    copy.Action = 'changed'; // a copy: the record cannot be edited from outside
    expect(proxy.requests()[0]?.Action).toBe('AssumeRole');
    proxy.clear();
    expect(proxy.requests()).toEqual([]);
  });

  it('answers 502 when the target is down, and still records the request', async () => {
    const dead = await startRecordingProxy('http://127.0.0.1:1');
    try {
      const res = await fetch(`${dead.endpoint}/`, {
        method: 'POST',
        headers: { 'content-type': FORM },
        body: 'Action=GetSessionToken&SerialNumber=arn',
      });
      expect(res.status).toBe(502);
      expect(dead.requests()).toEqual([{ Action: 'GetSessionToken', SerialNumber: 'arn' }]);
    } finally {
      await dead.stop();
    }
  });
});
