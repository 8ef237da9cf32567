/**
 * Property-based fuzzing of every route: random path parameters, query
 * parameters, headers and JSON bodies must never get a 5xx, a dropped
 * connection or an error body other than the API's JSON problem. Runs are
 * bounded and seeded, so a failure replays with the seed that fast-check prints.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { makeClip, uploadForm } from '../support/fixtures.ts';
import { api, startServer, waitForUpload, type TestServer } from '../support/server.ts';
import { errorBodyProblem } from './support.ts';

const SEED = 20_240_611;
const RUNS_PER_ROUTE = 200;

interface Fixture {
  server: TestServer;
  uploadId: string;
  mediaToken: string;
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Sends a request as it is, with no URL normalization, and returns status, type and body. */
function send(server: TestServer, request: FuzzRequest) {
  const { port } = new URL(server.origin);
  return new Promise<{ status: number; type: string | undefined; body: string }>(
    (resolve, reject) => {
      const headers = { ...request.headers };
      if (request.body !== undefined)
        headers['content-length'] = String(Buffer.byteLength(request.body));
      const outgoing = httpRequest(
        { host: '127.0.0.1', port, method: request.method, path: request.path, headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              type: response.headers['content-type'],
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(request.body);
    },
  );
}

/** Returns what is wrong with the response to `request`, or undefined when it is sensible. */
async function responseProblem(server: TestServer, request: FuzzRequest) {
  let response;
  try {
    response = await send(server, request);
  } catch (error) {
    return `connection failed: ${(error as Error).message}`;
  }
  if (response.status >= 500) return `status ${response.status}: ${response.body.slice(0, 300)}`;
  if (response.status < 400 || request.method === 'HEAD') return undefined;
  const problem = errorBodyProblem(response.type, response.body);
  return problem && `status ${response.status}: ${problem}`;
}

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

/** Path segments: valid ids, near misses, traversal tokens and random text, percent-encoded or raw. */
function segment(valid: string[]) {
  const known = valid.length > 0 ? [fc.constantFrom(...valid)] : [];
  return fc.oneof(
    ...known,
    fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%252e%252e',
      '%2f',
      '..%2f..%2fetc',
      '%00',
      '%',
      '%zz',
      '%c0%ae',
      '%ff%fe',
    ),
    fc.constantFrom(
      'abcdef',
      'ABCDEF123456',
      '0'.repeat(32),
      '0'.repeat(33),
      'a'.repeat(199),
      'a'.repeat(250),
    ),
    fc.string({ maxLength: 40 }).map((text) => encodeURIComponent(text)),
    fc.stringMatching(/^[A-Za-z0-9_.~-]{0,40}$/),
  );
}

function query() {
  const name = fc.oneof(
    fc.constantFrom('limit', 'cursor', 'start', 'viewer', 'autoplay', '__proto__'),
    fc.stringMatching(/^[a-z]{1,8}$/),
  );
  const value = fc.oneof(
    fc.constantFrom('', '0', '-1', '1', '100', '101', '1e3', 'NaN', 'null', '[]', 'W1tdXQ', 'eyJ9'),
    fc.string({ maxLength: 40 }).map((text) => encodeURIComponent(text)),
  );
  return fc
    .array(fc.tuple(name, value), { maxLength: 4 })
    .map((pairs) => (pairs.length ? `?${pairs.map(([n, v]) => `${n}=${v}`).join('&')}` : ''));
}

function headers(fixture: Fixture) {
  const { secret, embed } = fixture.server.keys;
  // Most requests carry a valid key, a JSON type and few other headers, so that they get past
  // authentication and body parsing. The rest try the variants.
  const optional = (values: fc.Arbitrary<string>) =>
    fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: values, weight: 1 });
  const validKey = fc.constantFrom(`Bearer ${secret}`, `Bearer ${embed}`);
  return fc
    .record({
      authorization: fc.oneof(
        { arbitrary: validKey, weight: 6 },
        fc.constant(undefined),
        fc.oneof(
          fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz'),
          fc.constantFrom(
            `bearer   ${embed}`,
            `Bearer ${embed}x`,
            `Bearer ${secret} extra`,
            'Bearer cnx_live_0000',
          ),
          printable.map((text) => `Bearer ${text}`),
          printable,
        ),
      ),
      origin: optional(
        fc.oneof(fc.constantFrom('https://example.com', 'null', 'http://localhost:1'), printable),
      ),
      'if-none-match': optional(fc.oneof(fc.constantFrom('*', '"abc"', 'W/"x"', '""'), printable)),
      range: optional(
        fc.oneof(
          fc.constantFrom(
            'bytes=0-0',
            'bytes=-1',
            'bytes=5-1',
            'bytes=0-1,2-3',
            'bytes=99999999999-',
            'bytes=-0',
            'bytes=-',
            'items=0-1',
          ),
          printable,
        ),
      ),
      'content-type': fc.oneof(
        { arbitrary: fc.constant('application/json'), weight: 4 },
        fc.constant(undefined),
        fc.oneof(
          fc.constantFrom(
            'application/json',
            'application/json; charset=utf-16',
            'text/plain',
            'multipart/form-data',
            'multipart/form-data; boundary=x',
            'application/x-www-form-urlencoded',
          ),
          printable,
        ),
      ),
      'x-cnx-viewer-token': optional(fc.oneof(fc.constantFrom('v1.abc.def', 'a.b.c'), printable)),
      'x-cnx-device-id': optional(fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/), printable)),
      'idempotency-key': optional(fc.oneof(fc.uuid(), printable)),
    })
    .map((record) => {
      const present: Record<string, string> = {};
      for (const [name, value] of Object.entries(record))
        if (value !== undefined) present[name] = value;
      return present;
    });
}

function jsonBody() {
  const field = fc.constantFrom(
    'position',
    'duration',
    'completed',
    'updated_at',
    'sent_at',
    'viewer',
    'ttl_seconds',
    'grace_seconds',
    'kind',
    'origins',
    'name',
    'title',
    'streamable',
    '__proto__',
    'constructor',
  );
  return fc.option(
    fc.oneof(
      fc
        .dictionary(field, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 })
        .map((value) => JSON.stringify(value)),
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
      fc.constantFrom(
        '{',
        '',
        'null',
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"x":1}}}',
        '[1,2',
      ),
      fc.string({ maxLength: 80 }),
    ),
    { nil: undefined },
  );
}

interface Route {
  name: string;
  methods: string[];
  path: (fixture: Fixture) => fc.Arbitrary<string>;
}

const ids = (fixture: Fixture) => segment([fixture.uploadId]);
const randomIds = () => segment(['key_abcdef123456']);

/** Every route of the server. Deleting and rotating get no real ids, so the fixture survives. */
const ROUTES: Route[] = [
  { name: 'embed', methods: ['GET', 'HEAD'], path: (f) => ids(f).map((id) => `/v2/embed/${id}`) },
  { name: 'title', methods: ['GET', 'HEAD'], path: (f) => ids(f).map((id) => `/v2/title/${id}`) },
  {
    name: 'title views',
    methods: ['POST'],
    path: (f) => ids(f).map((id) => `/v2/title/${id}/views`),
  },
  { name: 'resume', methods: ['GET', 'PUT'], path: (f) => ids(f).map((id) => `/v2/resume/${id}`) },
  { name: 'viewer tokens', methods: ['POST'], path: () => fc.constant('/v2/viewer-tokens') },
  { name: 'upload list', methods: ['GET', 'POST'], path: () => fc.constant('/v2/me/uploads') },
  { name: 'one upload', methods: ['GET'], path: (f) => ids(f).map((id) => `/v2/me/uploads/${id}`) },
  {
    name: 'upload delete',
    methods: ['DELETE'],
    path: () => randomIds().map((id) => `/v2/me/uploads/${id}`),
  },
  { name: 'keys', methods: ['GET', 'POST'], path: () => fc.constant('/v2/me/keys') },
  {
    name: 'key rotate',
    methods: ['POST'],
    path: () => randomIds().map((id) => `/v2/me/keys/${id}/rotate`),
  },
  {
    name: 'key delete',
    methods: ['DELETE'],
    path: () => randomIds().map((id) => `/v2/me/keys/${id}`),
  },
  {
    name: 'media',
    methods: ['GET', 'HEAD'],
    path: (f) =>
      fc
        .tuple(
          ids(f),
          segment([f.mediaToken]),
          fc.oneof(
            fc.constantFrom(
              'master.m3u8',
              'v0/index.m3u8',
              'poster.jpg',
              'storyboard.vtt',
              '../source',
              '..%2fsource',
            ),
            segment([]),
          ),
        )
        .map(([id, token, rest]) => `/v2/media/${id}/${token}/${rest}`),
  },
  {
    name: 'player files',
    methods: ['GET'],
    path: () => segment(['cnx-player.js']).map((file) => `/player/${file}`),
  },
  {
    name: 'docs',
    methods: ['GET'],
    path: () => fc.constantFrom('/v2/docs', '/v2/openapi.json', '/'),
  },
  {
    name: 'unknown routes',
    methods: ['GET', 'PATCH', 'OPTIONS'],
    path: () => segment([]).map((part) => `/v2/${part}`),
  },
];

let fixture: Fixture;

before(async () => {
  const server = await startServer({
    env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio', CNX_RATE_LIMIT_WINDOW_MS: '1000' },
  });
  const clip = await makeClip({ width: 320, height: 240, seconds: 1 });
  const response = await api(server, '/me/uploads', {
    method: 'POST',
    body: await uploadForm(clip, { streamable: 'true' }),
  });
  const uploadId = ((await response.json()) as { id: string }).id;
  await waitForUpload(server, uploadId, 120_000);
  const embed = (await (await api(server, `/embed/${uploadId}`)).json()) as { hls_url: string };
  const mediaToken = new URL(embed.hls_url).pathname.split('/')[4]!;
  fixture = { server, uploadId, mediaToken };
});
after(() => fixture?.server.stop());

describe('fuzzed requests', () => {
  for (const route of ROUTES) {
    test(`${route.name} survives fuzzed requests`, async () => {
      const arbitrary = fc.record({
        method: fc.constantFrom(...route.methods),
        path: fc.tuple(route.path(fixture), query()).map(([path, search]) => path + search),
        headers: headers(fixture),
        body: jsonBody(),
      });
      await fc.assert(
        fc.asyncProperty(arbitrary, async (request) => {
          const fuzzed: FuzzRequest = {
            ...request,
            body: ['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method)
              ? request.body
              : undefined,
          };
          const problem = await responseProblem(fixture.server, fuzzed);
          assert.equal(problem, undefined, `${fuzzed.method} ${fuzzed.path}`);
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    });
  }

  test('server still serves after fuzzing', async () => {
    const response = await api(fixture.server, `/embed/${fixture.uploadId}`);
    assert.equal(response.status, 200);
  });
});
