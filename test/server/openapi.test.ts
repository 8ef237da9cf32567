import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import {
  api,
  demoTitleId,
  startServer,
  waitForUpload,
  type TestServer,
} from '../support/server.ts';

interface OpenApi {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
  components: { schemas: Record<string, object> };
}

describe('OpenAPI document', () => {
  let server: TestServer;
  let doc: OpenApi;
  let demoId: string;
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });

  before(async () => {
    server = await startServer({ env: { CNX_DEMO_PLAN: 'studio' } });
    demoId = await demoTitleId(server);
    await waitForUpload(server, demoId);
    doc = (await (await fetch(`${server.apiBase}/openapi.json`)).json()) as OpenApi;
    // Refs in the document point into it; the whole document is registered under one id.
    ajv.addSchema(
      JSON.parse(JSON.stringify(doc).replaceAll('"#/components', '"openapi#/components')),
      'openapi',
    );
  });
  after(() => server?.stop());

  /** Finds the operation whose path template matches `path` and validates the body of `response`. */
  async function check(method: string, path: string, response: Response): Promise<void> {
    const template = Object.keys(doc.paths).find((candidate) =>
      new RegExp(`^${candidate.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
    );
    assert.ok(template, `no path in the document matches ${path}`);
    const operation = doc.paths[template!]![method.toLowerCase()];
    assert.ok(operation, `${method} ${template} is not in the document`);
    const documented = operation!.responses[String(response.status)];
    assert.ok(documented, `${method} ${template} does not document status ${response.status}`);
    const schema = documented!.content?.['application/json']?.schema;
    if (!schema) return;
    const ref = JSON.stringify(schema).replaceAll('"#/components', '"openapi#/components');
    const validate = ajv.compile(JSON.parse(ref));
    const body = await response.json();
    assert.ok(
      validate(body),
      `${method} ${path} ${response.status}: ${ajv.errorsText(validate.errors)}`,
    );
  }

  test('is OpenAPI 3.1', () => {
    assert.equal(doc.openapi, '3.1.0');
  });

  test('reference page renders every path', async () => {
    const response = await fetch(`${server.apiBase}/docs`);
    assert.equal(response.status, 200);
    const html = await response.text();
    for (const path of Object.keys(doc.paths)) assert.ok(html.includes(`/v2${path}`), path);
    assert.ok(html.includes('<code>kind</code>'), 'the key creation body is not rendered');
    assert.ok(!html.includes('`'), 'a backtick was rendered as it is');
  });

  const cases: [string, string, (id: string) => string, 'secret' | 'embed' | 'none'][] = [
    ['embed', 'GET', (id) => `/embed/${id}`, 'embed'],
    ['title', 'GET', (id) => `/title/${id}`, 'embed'],
    ['uploads list', 'GET', () => '/me/uploads?limit=1', 'secret'],
    ['one upload', 'GET', (id) => `/me/uploads/${id}`, 'secret'],
    ['keys list', 'GET', () => '/me/keys', 'secret'],
    ['missing key', 'GET', (id) => `/embed/${id}`, 'none'],
    ['unknown id', 'GET', () => '/title/zzzzzz9999', 'secret'],
    ['malformed id', 'GET', () => '/me/uploads/bad!id', 'secret'],
    ['embed key on uploads', 'GET', () => '/me/uploads', 'embed'],
  ];
  for (const [name, method, path, key] of cases) {
    test(`${name} matches the document`, async () => {
      const url = path(demoId);
      const keyValue = key === 'none' ? '' : server.keys[key];
      await check(method, url.split('?')[0]!, await api(server, url, { method, key: keyValue }));
    });
  }

  test('key creation matches the document', async () => {
    const response = await api(server, '/me/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'embed', origins: ['https://*.example.com'] }),
    });
    await check('POST', '/me/keys', response);
  });

  test('resume write and read match the document', async () => {
    const headers = {
      'content-type': 'application/json',
      'x-cnx-device-id': 'device-0123456789abcdef',
    };
    const now = Date.now();
    const written = await api(server, `/resume/${demoId}`, {
      method: 'PUT',
      key: server.keys.embed,
      headers,
      body: JSON.stringify({ position: 6, duration: 10, updated_at: now, sent_at: now }),
    });
    await check('PUT', `/resume/${demoId}`, written);
    const read = await api(server, `/resume/${demoId}`, { key: server.keys.embed, headers });
    await check('GET', `/resume/${demoId}`, read);
  });

  test('view report matches the document', async () => {
    const response = await api(server, `/title/${demoId}/views`, {
      method: 'POST',
      key: server.keys.embed,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ viewer: 'device-0123456789' }),
    });
    await check('POST', `/title/${demoId}/views`, response);
  });
});
