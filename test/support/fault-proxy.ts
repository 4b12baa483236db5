/**
 * A fault-injecting HTTP proxy in front of the emulator, on loopback only. Each request
 * is recognised (service from the SigV4 scope, operation from the protocol) and, by a
 * seeded draw, forwarded or answered with a fault: throttling in the service's own wire
 * format, an HTML 502 page from a "gateway", a reset connection, or an answer cut off
 * mid-body; chosen operations are refused with the service's AccessDenied. Counts are
 * kept so tests can prove the faults happened. It stops by itself after a bounded
 * number of requests.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RequestInfo {
  service: string;
  operation: string;
}

export interface FaultPlan {
  seed: number;
  /** Probability per request of each fault; they are drawn in this order. */
  throttle?: number;
  serverError?: number;
  reset?: number;
  truncate?: number;
  /** Which requests may get a drawn fault (default: every one). */
  only?: (request: RequestInfo) => boolean;
  /** Operations refused with AccessDenied, as "service:Operation". */
  deny?: readonly string[];
  /** Every answer waits this long, to make a collection last (kill tests). */
  delayMs?: number;
  /** After this many requests the proxy refuses to serve (a bound, never reached by a sane test). */
  maxRequests?: number;
}

export interface FaultCounts {
  requests: number;
  throttled: number;
  serverErrors: number;
  resets: number;
  truncated: number;
  denied: number;
  byOperation: Map<string, number>;
}

export interface FaultProxy {
  url: string;
  counts: FaultCounts;
  stop(): Promise<void>;
}

/** mulberry32: small, seeded, good enough to draw faults reproducibly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Protocol = 'ec2' | 'query' | 'rest-xml' | 'json' | 'rest-json';

const PROTOCOLS: Record<string, Protocol> = {
  ec2: 'ec2',
  sts: 'query',
  rds: 'query',
  s3: 'rest-xml',
  route53resolver: 'json',
  // Route 53 is REST-XML, but writes its errors as the query protocol does (ErrorResponse).
  route53: 'query',
  datasync: 'json',
  config: 'json',
  sqs: 'json',
  organizations: 'json',
  securityhub: 'rest-json',
  drs: 'rest-json',
};

function identify(req: IncomingMessage, body: string): RequestInfo {
  const scope = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '');
  const service = scope?.[1] ?? 'unknown';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return { service, operation: target.split('.').pop() ?? target };
  const action = /(?:^|&)Action=([^&]+)/.exec(body);
  if (action?.[1]) return { service, operation: decodeURIComponent(action[1]) };
  const url = new URL(req.url ?? '/', 'http://proxy');
  if (service === 's3') {
    if (url.searchParams.has('policy')) return { service, operation: 'GetBucketPolicy' };
    if (url.searchParams.has('location')) return { service, operation: 'GetBucketLocation' };
    if (url.pathname === '/') return { service, operation: 'ListBuckets' };
    return { service, operation: `${req.method} ${url.pathname.split('/')[1] ?? ''}` };
  }
  if (service === 'securityhub') {
    if (url.pathname === '/findings/import') return { service, operation: 'BatchImportFindings' };
    if (url.pathname === '/findings') return { service, operation: 'GetFindings' };
  }
  return { service, operation: `${req.method} ${url.pathname}` };
}

/** An error answer exactly as the service's protocol writes it. */
function awsError(
  protocol: Protocol,
  kind: 'throttle' | 'deny',
): { status: number; headers: Record<string, string>; body: string } {
  const requestId = '00000000-0000-4000-8000-000000000000';
  switch (protocol) {
    case 'ec2': {
      const [code, status] =
        kind === 'throttle' ? ['RequestLimitExceeded', 503] : ['UnauthorizedOperation', 403];
      return {
        status,
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${kind === 'throttle' ? 'Request limit exceeded.' : 'You are not authorized to perform this operation.'}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    }
    case 'query': {
      const [code, status] = kind === 'throttle' ? ['Throttling', 400] : ['AccessDenied', 403];
      return {
        status,
        headers: { 'content-type': 'text/xml' },
        body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${kind === 'throttle' ? 'Rate exceeded' : 'User is not authorized'}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    }
    case 'rest-xml': {
      const [code, status] = kind === 'throttle' ? ['SlowDown', 503] : ['AccessDenied', 403];
      return {
        status,
        headers: { 'content-type': 'application/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${kind === 'throttle' ? 'Please reduce your request rate.' : 'Access Denied'}</Message><RequestId>${requestId}</RequestId></Error>`,
      };
    }
    case 'json': {
      const [code, status] =
        kind === 'throttle' ? ['ThrottlingException', 400] : ['AccessDeniedException', 400];
      return {
        status,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
        body: JSON.stringify({
          __type: code,
          message: kind === 'throttle' ? 'Rate exceeded' : 'Access denied',
        }),
      };
    }
    case 'rest-json': {
      const [code, status] =
        kind === 'throttle' ? ['TooManyRequestsException', 429] : ['AccessDeniedException', 403];
      return {
        status,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': code,
          'x-amzn-requestid': requestId,
        },
        body: JSON.stringify({ message: kind === 'throttle' ? 'Rate exceeded' : 'Access denied' }),
      };
    }
  }
}

const GATEWAY_PAGE =
  '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n';

export async function startFaultProxy(target: string, plan: FaultPlan): Promise<FaultProxy> {
  const upstream = new URL(target);
  if (upstream.hostname !== '127.0.0.1' && upstream.hostname !== 'localhost')
    throw new Error(`the fault proxy forwards to loopback only, not ${upstream.hostname}`);
  const draw = seeded(plan.seed);
  const counts: FaultCounts = {
    requests: 0,
    throttled: 0,
    serverErrors: 0,
    resets: 0,
    truncated: 0,
    denied: 0,
    byOperation: new Map(),
  };
  const denied = new Set(plan.deny ?? []);
  const maxRequests = plan.maxRequests ?? 20_000;

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse, truncate: boolean) => {
    const proxied = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: `${upstream.hostname}:${upstream.port}` },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const full = Buffer.concat(chunks);
          const headers = { ...answer.headers };
          if (truncate && full.length > 1) {
            headers['content-length'] = String(full.length);
            res.writeHead(answer.statusCode ?? 502, headers);
            res.write(full.subarray(0, Math.floor(full.length / 2)));
            res.socket?.destroy();
            return;
          }
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(full);
        });
      },
    );
    proxied.on('error', () => res.socket?.destroy());
    proxied.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => setTimeout(() => handle(req, res, Buffer.concat(chunks)), plan.delayMs ?? 0));
  });

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    counts.requests += 1;
    if (counts.requests > maxRequests) {
      res.writeHead(503).end('the fault proxy reached its request bound');
      return;
    }
    const info = identify(req, body.toString('utf8'));
    const key = `${info.service}:${info.operation}`;
    counts.byOperation.set(key, (counts.byOperation.get(key) ?? 0) + 1);
    const protocol = PROTOCOLS[info.service] ?? 'json';
    const send = (answer: { status: number; headers: Record<string, string>; body: string }) => {
      res.writeHead(answer.status, {
        ...answer.headers,
        'content-length': String(Buffer.byteLength(answer.body)),
      });
      res.end(answer.body);
    };
    if (denied.has(key)) {
      counts.denied += 1;
      send(awsError(protocol, 'deny'));
      return;
    }
    const eligible = plan.only?.(info) ?? true;
    const roll = draw();
    let edge = 0;
    const hit = (p: number | undefined) => {
      edge += p ?? 0;
      return eligible && roll < edge;
    };
    if (hit(plan.throttle)) {
      counts.throttled += 1;
      send(awsError(protocol, 'throttle'));
    } else if (hit(plan.serverError)) {
      counts.serverErrors += 1;
      send({ status: 502, headers: { 'content-type': 'text/html' }, body: GATEWAY_PAGE });
    } else if (hit(plan.reset)) {
      counts.resets += 1;
      req.socket.destroy();
    } else if (hit(plan.truncate)) {
      counts.truncated += 1;
      forward(req, body, res, true);
    } else {
      forward(req, body, res, false);
    }
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
