/**
 * Helpers of the fault tests: raw HTTP over a socket, for requests that
 * fetch refuses to send, and checks of the API's error bodies.
 */
import { connect } from 'node:net';
import { API_ERRORS } from '../../src/api/errors.ts';
import type { TestServer } from '../support/server.ts';

export interface RawHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `head` (and `body`) to a new connection and parses the first
 * response. Resolves with status 0 when the server closed the connection
 * without a response, and rejects after `timeoutMs`.
 */
export function rawRequest(
  server: TestServer,
  head: string,
  options: { body?: Buffer | string; timeoutMs?: number } = {},
): Promise<RawHttpResponse> {
  const port = Number(new URL(server.origin).port);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`no response within ${options.timeoutMs ?? 5000} ms to ${head.split('\r\n')[0]}`),
      );
    }, options.timeoutMs ?? 5000);
    const finish = () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks).toString('latin1')));
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const parsed = parseResponse(Buffer.concat(chunks).toString('latin1'));
      if (parsed.status > 0 && isComplete(parsed)) {
        socket.destroy();
        finish();
      }
    });
    socket.on('close', finish);
    // A server that rejects the request may reset the connection while the body is still sent.
    socket.on('error', () => {});
    socket.write(head);
    if (options.body !== undefined) socket.write(options.body);
  });
}

function parseResponse(text: string): RawHttpResponse {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: '' };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0);
  return { status, headers, body: text.slice(end + 4) };
}

function isComplete(response: RawHttpResponse): boolean {
  const length = Number(response.headers['content-length']);
  return Number.isFinite(length) && Buffer.byteLength(response.body, 'latin1') >= length;
}

/** Builds the head of a GET request for `path` with the given extra header lines. */
export function getHead(path: string, headers: Record<string, string> = {}): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.join('')}Connection: close\r\n\r\n`;
}

/**
 * Returns what is wrong with an error response, or undefined when it is a
 * JSON body with one of the API's codes and a string `message`, as every
 * API error must be.
 */
export function errorBodyProblem(contentType: string | null | undefined, body: string) {
  if (!contentType?.startsWith('application/json')) {
    return `Content-Type is ${contentType ?? 'missing'}, not application/json`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `body is not JSON: ${body.slice(0, 200)}`;
  }
  const fields = parsed as { code?: unknown; message?: unknown };
  if (typeof fields.code !== 'string' || !Object.hasOwn(API_ERRORS, fields.code)) {
    return `body has no "code" of the API: ${body.slice(0, 200)}`;
  }
  if (typeof fields.message !== 'string') {
    return `body has no string "message": ${body.slice(0, 200)}`;
  }
  return undefined;
}

/** Resolves once `GET /v2/openapi.json` returns 200, as proof that the server still serves. */
export async function stillServes(server: TestServer): Promise<boolean> {
  const response = await fetch(`${server.apiBase}/openapi.json`).catch(() => undefined);
  await response?.arrayBuffer();
  return response?.status === 200;
}
