import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

// Forward req (its body already read) to upstream as it came, piping the answer back; onError runs when upstream fails.
export function forwardRequest(
  upstream: URL,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer | string,
  onError: () => void,
): void {
  const out = httpRequest(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  out.on('error', onError);
  out.end(body);
}
