/** The embed host page, its script URLs and oEmbed, over HTTP against the real server. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoTitleId, startServer, type TestServer } from '../support/server.ts';
import { demoEmbedKey } from './helpers.ts';

let server: TestServer;
let mediaId: string;
let restrictedKey: string;

before(async () => {
  server = await startServer({ env: { CNX_DEMO_PLAN: 'studio' } });
  mediaId = await demoTitleId(server);
  restrictedKey = await demoEmbedKey(server, ['https://site.example', 'https://*.site.example']);
});

after(() => server?.stop());

function embedPage(query: string, id = mediaId): Promise<Response> {
  return fetch(`${server.origin}/embed/${id}?${query}`);
}

describe('embed page', () => {
  test('renders the player for the title', async () => {
    const html = await (await embedPage(`key=${server.keys.embed}`)).text();
    assert.match(html, new RegExp(`<cnx-player media-id="${mediaId}"`));
  });

  test('passes the key to the player', async () => {
    const html = await (await embedPage(`key=${server.keys.embed}`)).text();
    assert.ok(html.includes(`api-key="${server.keys.embed}"`));
  });

  test('maps query parameters to attributes', async () => {
    const query = `key=${server.keys.embed}&autoplay=muted&muted=1&loop=true&start=12.5&captions=es`;
    const html = await (await embedPage(query)).text();
    const element = /<cnx-player [^>]*>/.exec(html)![0];
    for (const attribute of [
      'autoplay="muted"',
      ' muted',
      ' loop',
      'start-time="12.5"',
      'captions="es"',
    ]) {
      assert.ok(element.includes(attribute), `${attribute} is missing from ${element}`);
    }
  });

  test('hides controls when controls is 0', async () => {
    const html = await (await embedPage(`key=${server.keys.embed}&controls=0`)).text();
    assert.match(html, /<cnx-player [^>]*class="no-controls"/);
  });

  test('allows every frame ancestor for open keys', async () => {
    const response = await embedPage(`key=${server.keys.embed}`);
    assert.equal(response.headers.get('content-security-policy'), 'frame-ancestors *');
  });

  test('limits frame ancestors to allowed origins', async () => {
    const response = await embedPage(`key=${restrictedKey}`);
    assert.equal(
      response.headers.get('content-security-policy'),
      'frame-ancestors https://site.example https://*.site.example',
    );
  });

  test('rejects a missing key with 401', async () => {
    const response = await embedPage('');
    assert.equal(response.status, 401);
  });

  test('explains a missing key on the page', async () => {
    const html = await (await embedPage('')).text();
    assert.match(html, /Missing &quot;key&quot;/);
  });

  test('rejects a secret key with 401', async () => {
    const response = await embedPage(`key=${server.keys.secret}`);
    assert.equal(response.status, 401);
  });

  test('rejects an unknown key with 401', async () => {
    const response = await embedPage('key=cnx_embed_000000000000000000000000');
    assert.equal(response.status, 401);
  });

  test('rejects an invalid start with 400', async () => {
    const response = await embedPage(`key=${server.keys.embed}&start=soon`);
    assert.equal(response.status, 400);
  });

  test('names the invalid parameter', async () => {
    const html = await (await embedPage(`key=${server.keys.embed}&loop=maybe`)).text();
    assert.match(html, /Invalid &quot;loop&quot; &quot;maybe&quot;: use 1, 0, true or false/);
  });

  test('ignores unknown parameters', async () => {
    const response = await embedPage(`key=${server.keys.embed}&utm_source=newsletter`);
    assert.equal(response.status, 200);
  });

  test('rejects an origin off the allowlist', async () => {
    const response = await embedPage(`key=${restrictedKey}&origin=https://other.example`);
    assert.equal(response.status, 403);
  });

  test('accepts an origin on the allowlist', async () => {
    const response = await embedPage(`key=${restrictedKey}&origin=https://www.site.example`);
    assert.equal(response.status, 200);
  });

  test('returns 404 for an unknown title', async () => {
    const response = await embedPage(`key=${server.keys.embed}`, 'unknown123');
    assert.equal(response.status, 404);
  });

  test('serves the error page as HTML', async () => {
    const response = await embedPage(`key=${server.keys.embed}`, 'unknown123');
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  });
});

describe('script URLs', () => {
  test('serves the versioned player bundle', async () => {
    const response = await fetch(`${server.origin}/player/v1/cnx-player.js`);
    assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
  });

  test('caches the versioned bundle briefly', async () => {
    const response = await fetch(`${server.origin}/player/v1/cnx-player.js`);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
  });

  test('serves hls.js beside the versioned bundle', async () => {
    const entry = await (await fetch(`${server.origin}/player/v1/cnx-player.js`)).text();
    const chunk = /import\(["'`]\.\/(hls-[\w-]+\.js)["'`]\)/.exec(entry)?.[1];
    assert.ok(chunk, 'the bundle has no relative dynamic import of the hls.js chunk');
    const response = await fetch(`${server.origin}/player/v1/${chunk}`);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  test('serves the embed page script', async () => {
    const response = await fetch(`${server.origin}/embed/assets/embed.js`);
    assert.equal(response.status, 200);
  });

  test('rejects paths outside the build', async () => {
    const response = await fetch(`${server.origin}/player/v1/..%2Fpackage.json`);
    assert.equal(response.status, 404);
  });
});

describe('oEmbed', () => {
  function oembed(params: Record<string, string>): Promise<Response> {
    return fetch(`${server.origin}/oembed?${new URLSearchParams(params)}`);
  }

  function embedUrl(query = `key=${server.keys.embed}`): string {
    return `${server.origin}/embed/${mediaId}?${query}`;
  }

  test('returns a video document', async () => {
    const body = await (await oembed({ url: embedUrl(), format: 'json' })).json();
    assert.equal(body.type, 'video');
  });

  test('returns version 1.0', async () => {
    const body = await (await oembed({ url: embedUrl() })).json();
    assert.equal(body.version, '1.0');
  });

  test('returns the title', async () => {
    const body = await (await oembed({ url: embedUrl() })).json();
    assert.equal(body.title, 'CloudNEXTRA demo');
  });

  test('frames the embed URL with its key', async () => {
    const body = await (await oembed({ url: embedUrl() })).json();
    const src = /<iframe src="([^"]+)"/.exec(body.html)?.[1]?.replaceAll('&amp;', '&');
    assert.equal(src, embedUrl());
  });

  test('takes the key as a parameter', async () => {
    const url = `${server.origin}/embed/${mediaId}`;
    const response = await oembed({ url, key: server.keys.embed });
    assert.equal(response.status, 200);
  });

  test('keeps player parameters of the URL', async () => {
    const url = embedUrl(`key=${server.keys.embed}&muted=1&start=3`);
    const body = await (await oembed({ url })).json();
    assert.match(body.html, /muted=1&amp;start=3/);
  });

  test('sizes the frame within maxwidth', async () => {
    const body = await (await oembed({ url: embedUrl(), maxwidth: '320' })).json();
    assert.deepEqual([body.width, body.height], [320, 180]);
  });

  test('sizes the frame within maxheight', async () => {
    const body = await (await oembed({ url: embedUrl(), maxheight: '90' })).json();
    assert.deepEqual([body.width, body.height], [160, 90]);
  });

  test('names the provider', async () => {
    const body = await (await oembed({ url: embedUrl() })).json();
    assert.equal(body.provider_name, 'CloudNEXTRA');
  });

  test('rejects the xml format', async () => {
    const body = await (await oembed({ url: embedUrl(), format: 'xml' })).json();
    assert.equal(body.field, 'format');
  });

  test('rejects a missing url with 400', async () => {
    const response = await oembed({});
    assert.equal(response.status, 400);
  });

  test('returns 404 for other hosts', async () => {
    const url = `https://videos.example/embed/${mediaId}?key=${server.keys.embed}`;
    const body = await (await oembed({ url })).json();
    assert.equal(body.code, 'not_found');
  });

  test('rejects a missing key with 401', async () => {
    const body = await (await oembed({ url: `${server.origin}/embed/${mediaId}` })).json();
    assert.equal(body.code, 'unauthorized');
  });

  test('accepts title API URLs', async () => {
    const url = `${server.origin}/v2/title/${mediaId}`;
    const response = await oembed({ url, key: server.keys.embed });
    assert.equal(response.status, 200);
  });
});
