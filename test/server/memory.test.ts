import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { generatedPart, multipartLength, rawUpload } from '../support/http.ts';
import { startServer, type TestServer } from '../support/server.ts';

const UPLOAD_BYTES = 400 * 1024 * 1024;

/** Reads a field of /proc/<pid>/status in bytes, such as VmRSS or VmHWM (peak RSS). */
async function memoryField(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]!;
  return Number(kib) * 1024;
}

describe('memory during a large upload', () => {
  let server: TestServer;

  before(async () => {
    server = await startServer({ env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' } });
  });
  after(() => server?.stop());

  test('peak RSS stays under half the upload', async (t) => {
    const pid = server.process.pid!;
    const before = await memoryField(pid, 'VmRSS');
    const part = generatedPart('file', 'noise.mp4', UPLOAD_BYTES);
    const response = await rawUpload(server, [part], {
      contentLength: multipartLength([{ part, size: UPLOAD_BYTES }]),
    });
    const peak = await memoryField(pid, 'VmHWM');
    const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
    t.diagnostic(`RSS before ${mib(before)}, peak ${mib(peak)}, upload ${mib(UPLOAD_BYTES)}`);

    // Random bytes are received in full, then rejected by probing.
    assert.equal(response.status, 422);
    assert.equal(response.body.reason, 'unsupported_type');
    assert.ok(peak < UPLOAD_BYTES / 2, `peak RSS ${mib(peak)} for a ${mib(UPLOAD_BYTES)} upload`);
    assert.ok(peak - before < UPLOAD_BYTES / 4, `RSS grew by ${mib(peak - before)}`);
  });
});
