/**
 * Responses to requests that fail before any route runs: errors of Node's
 * HTTP parser, URLs that the router cannot decode, and connections that
 * stall. They get the same JSON problem body as every other API error.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorCode } from '../api/errors.ts';
import { problem } from './errors.ts';

/**
 * Handles Node's `clientError`: a request that the HTTP parser rejected
 * (headers over 16 KiB, a malformed request line) or that timed out before
 * its headers ended. Writes a JSON problem when nothing was sent yet, then
 * closes the connection, as Node does by default.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: NodeJS.ErrnoException,
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message] = parserError(error);
  this.log.info({ err: error }, 'request rejected by the HTTP parser');
  if (socket.writable && socket.bytesWritten === 0) socket.write(rawResponse(code, message));
  socket.destroy();
}

function parserError(error: NodeJS.ErrnoException): [ApiErrorCode, string] {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return [
      'headers_too_large',
      'Request headers too large: the request line and headers must fit in 16 KiB. Send shorter headers or URL.',
    ];
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [
      'request_timeout',
      'Request timed out: its headers did not arrive in time. Send the request again.',
    ];
  }
  return [
    'bad_request',
    `Malformed HTTP request (${error.code ?? 'parse error'}): send a valid HTTP/1.1 request.`,
  ];
}

/** Builds a whole HTTP/1.1 response with a problem body, for a socket that has no response object. */
function rawResponse(code: ApiErrorCode, message: string): string {
  const error = problem(code, message);
  const body = JSON.stringify(error);
  return (
    `HTTP/1.1 ${error.status} ${error.title}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Access-Control-Allow-Origin: *\r\n' +
    'Connection: close\r\n\r\n' +
    body
  );
}

/**
 * Handles the router's own errors (Fastify's `frameworkErrors`): a URL with a
 * malformed percent-encoding, or a path parameter over `maxParamLength`.
 */
export function frameworkErrorHandler(headers: Record<string, string>) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const path = request.raw.url?.split('?')[0] ?? '';
    const shortPath = path.length > 80 ? `${path.slice(0, 80)}…` : path;
    reply.headers(headers);
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      const message = `URL too long: a path segment of ${shortPath} is over the limit. Ids and media tokens are far shorter; check the URL.`;
      reply.code(414).send(problem('uri_too_long', message, {}, shortPath));
      return;
    }
    if (error.code === 'FST_ERR_BAD_URL') {
      const message = `Invalid URL ${shortPath}: it has a malformed percent-encoding. Encode the path as UTF-8.`;
      reply.code(400).send(problem('bad_request', message, { field: 'path' }, shortPath));
      return;
    }
    request.log.error({ err: error }, 'request failed in the router');
    reply
      .code(500)
      .send(problem('internal', 'Internal error: try again; if it persists, report it.'));
  };
}

/**
 * Closes connections that send or read nothing for the socket timeout set
 * with Fastify's `connectionTimeout`. It is an idle timeout, not a total one,
 * so a multi-gigabyte upload on a slow link runs as long as bytes keep
 * coming. A request whose body stalled gets a 408 first. A request that
 * has arrived whole is left alone while its route is still working on it.
 */
export function closeIdleConnections(server: FastifyInstance): void {
  const active = new WeakMap<Socket, { request: IncomingMessage; response: ServerResponse }>();
  server.addHook('onRequest', async (request, reply) => {
    active.set(request.raw.socket, { request: request.raw, response: reply.raw });
  });
  server.addHook('onResponse', async (request) => {
    active.delete(request.raw.socket);
  });
  // With a listener here, Node no longer destroys timed-out sockets itself.
  server.server.on('timeout', (socket: Socket) => {
    const exchange = active.get(socket);
    if (exchange && exchange.request.complete && !exchange.response.headersSent) return;
    if (exchange && !exchange.response.headersSent && socket.writable) {
      server.log.info(
        { url: exchange.request.url },
        'request body stalled; closing the connection',
      );
      socket.write(
        rawResponse(
          'request_timeout',
          'Request timed out: no part of the body arrived for too long. Send the request again.',
        ),
      );
    }
    socket.destroy();
  });
}
