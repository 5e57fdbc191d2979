/**
 * A loopback HTTP proxy in front of moto that can answer chosen Secrets Manager calls itself: with the
 * error responses AWS sends for faults moto cannot produce (access denied, throttling), with no answer
 * at all (a hung endpoint), with canned pages, or misbehaving as a broken network or proxy can (a reset
 * connection, an answer sent one byte at a time, an HTML error page). Everything it does not intercept goes to moto.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { isolateAwsEnv, IsolatedAwsEnv } from './awsEnv';
import { Moto, motoEnv, startMoto } from './moto';

/**
 * An answer in the awsJson1_1 protocol; any other answer (`text` with its content type); `hang` to never
 * answer; `reset` to reset the connection; `trickle` to send a long answer one byte at a time.
 */
export type Reply =
  | { status: number; body: unknown; errorType?: string }
  | { status: number; contentType: string; text: string }
  | 'hang'
  | 'reset'
  | 'trickle';

/** Decides per call: `operation` is the X-Amz-Target action (e.g. `ListSecrets`), `input` the parsed JSON body. */
export type Interceptor = (operation: string, input: Record<string, unknown>) => Reply | undefined;

export interface FaultProxy {
  endpoint: string;
  /** The operations seen, in order, intercepted or not. */
  operations: string[];
  intercept(interceptor: Interceptor | undefined): void;
  stop(): Promise<void>;
}

/** The error response AWS sends for awsJson1_1 services: status 400, the type in a header and in `__type`. */
export function awsError(errorType: string, message: string, status = 400): Reply {
  return { status, errorType, body: { __type: errorType, message } };
}

export const accessDenied = (operation: string): Reply =>
  awsError(
    'AccessDeniedException',
    `User: arn:aws:iam::123456789012:user/dev is not authorized to perform: secretsmanager:${operation} ` +
      `because no identity-based policy allows the secretsmanager:${operation} action`,
  );

export const throttling = (): Reply => awsError('ThrottlingException', 'Rate exceeded');

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  let interceptor: Interceptor | undefined;
  const operations: string[] = [];
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const operation =
      String(request.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    operations.push(operation);
    const reply = interceptor?.(operation, body.length ? JSON.parse(body.toString('utf8')) : {});
    if (reply === 'hang') return;
    if (reply === 'reset') return request.socket.resetAndDestroy();
    if (reply === 'trickle') return trickle(response);
    if (reply && 'text' in reply) {
      response.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': Buffer.byteLength(reply.text) });
      response.end(reply.text);
      return;
    }
    if (reply) {
      const text = JSON.stringify(reply.body);
      response.writeHead(reply.status, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': 'fault-proxy',
        ...(reply.errorType && { 'x-amzn-errortype': `${reply.errorType}:http://internal.amazon.com/coral/com.amazonaws.secretsmanager/` }),
      });
      response.end(text);
      return;
    }
    const forwarded = http.request(`${upstream}${request.url}`, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forwarded.on('error', () => response.destroy());
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations,
    intercept(next) {
      interceptor = next;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A page of secrets, one byte every 100 ms: each byte comes well within any first-byte time limit. */
function trickle(response: http.ServerResponse): void {
  const text = JSON.stringify({
    SecretList: Array.from({ length: 100 }, (_, i) => ({
      Name: `slow-${i}`,
      ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:slow-${i}-AbCdEf`,
    })),
  });
  response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text) });
  let sent = 0;
  const timer = setInterval(() => {
    if (response.destroyed || sent === text.length) return clearInterval(timer);
    response.write(text[sent++]);
  }, 100);
  response.on('close', () => clearInterval(timer));
}

/**
 * For one test file: moto with the fault proxy in front, in an AWS environment of its own; `ready`
 * receives both once they run (seed moto there), and everything stops after the file's tests.
 */
export function useMotoBehindProxy(ready: (moto: Moto, proxy: FaultProxy) => Promise<void>): void {
  let moto: Moto | undefined;
  let proxy: FaultProxy | undefined;
  let environment: IsolatedAwsEnv | undefined;
  before(async () => {
    environment = isolateAwsEnv(motoEnv);
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
    await ready(moto, proxy);
  });
  after(async () => {
    await proxy?.stop();
    await moto?.stop();
    environment?.restore();
  });
}
