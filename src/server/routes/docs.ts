/** The API description: `/v2/openapi.json` and its rendered reference page at `/v2/docs`. */
import type { FastifyInstance } from 'fastify';
import { API_ERRORS } from '../../api/errors.ts';
import { openApiDocument } from '../openapi.ts';

interface Operation {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string }>;
}

interface Schema {
  description?: string;
  required?: string[];
  properties?: Record<string, { type?: string | string[]; description?: string; enum?: string[] }>;
  patternProperties?: Record<string, { type?: string; description?: string }>;
}

export function registerDocRoutes(server: FastifyInstance): void {
  const page = renderReference();
  server.get('/v2/openapi.json', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(openApiDocument),
  );
  server.get('/v2/docs', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(page),
  );
}

/** Escapes `text` for HTML and renders its `backticked` spans as code. */
function escape(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** Lists the fields of a schema, each with its type, whether it is required, and its description. */
function fieldList(schema: Schema): string {
  const fields = Object.entries(schema.properties ?? {}).map(([field, property]) => {
    const type = [property.type ?? 'object'].flat().join(' or ');
    const values = property.enum
      ? `: one of ${property.enum.map((v) => `<code>${v}</code>`).join(', ')}`
      : '';
    const required = schema.required?.includes(field) ? ', required' : '';
    const description = property.description ? `. ${escape(property.description)}` : '';
    return `<li><code>${field}</code> (${type}${required})${values}${description}</li>`;
  });
  for (const property of Object.values(schema.patternProperties ?? {})) {
    fields.push(`<li>${escape(property.description ?? '')}</li>`);
  }
  return fields.join('');
}

/** Renders every operation and schema of the document as one HTML page. */
function renderReference(): string {
  const sections: string[] = [];
  for (const [path, methods] of Object.entries(openApiDocument.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const operation = raw as Operation;
      const params = (operation.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${escape(p.name)}</code> (${p.in}${p.required ? ', required' : ''})${p.description ? `: ${escape(p.description)}` : ''}</li>`,
        )
        .join('');
      const responses = Object.entries(operation.responses)
        .map(
          ([status, response]) => `<li><code>${status}</code> ${escape(response.description)}</li>`,
        )
        .join('');
      const body = Object.entries(operation.requestBody?.content ?? {})
        .map(([type, { schema }]) => `<p><code>${type}</code></p><ul>${fieldList(schema)}</ul>`)
        .join('');
      sections.push(
        `<section><h3><span class="method">${method.toUpperCase()}</span> <code>/v2${escape(path)}</code></h3>` +
          `<p>${escape(operation.summary ?? '')}${operation.description ? `. ${escape(operation.description)}` : ''}</p>` +
          (params ? `<h4>Parameters</h4><ul>${params}</ul>` : '') +
          (body ? `<h4>Request body</h4>${body}` : '') +
          `<h4>Responses</h4><ul>${responses}</ul></section>`,
      );
    }
  }
  const schemas = Object.entries(openApiDocument.components.schemas).map(([name, raw]) => {
    const schema = raw as Schema;
    const fields = fieldList(schema);
    return `<section><h3 id="${name}">${name}</h3>${schema.description ? `<p>${escape(schema.description)}</p>` : ''}<ul>${fields}</ul></section>`;
  });
  const errorRows = Object.entries(API_ERRORS)
    .map(
      ([code, error]) =>
        `<tr id="error-${code}"><td>${error.status}</td><td><code>${code}</code></td><td>${escape(error.meaning)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${openApiDocument.info.title} v2 reference</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f}
code{font:14px ui-monospace,monospace;background:#f2f2f5;padding:0 .25rem;border-radius:3px}
section{border-top:1px solid #ddd;padding:.5rem 0}.method{color:#fff;background:#3b4cca;padding:0 .4rem;border-radius:3px;font-size:.8em}
td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eee;vertical-align:top}\nh4{margin:.5rem 0 0;font-size:.9rem;text-transform:uppercase;color:#555}
</style></head><body>
<h1>${openApiDocument.info.title} v2</h1>
<p>${escape(openApiDocument.info.description)}</p>
<p>Machine-readable: <a href="/v2/openapi.json">/v2/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Endpoints</h2>${sections.join('\n')}
<h2 id="errors">Errors</h2>
<p>Every error body has <code>code</code> and <code>message</code> plus the RFC 9457 members <code>type</code>, <code>title</code>, <code>status</code> and <code>detail</code>.</p>
<table><tr><th>Status</th><th>Code</th><th>Meaning</th></tr>${errorRows}</table>
<h2>Schemas</h2>${schemas.join('\n')}
</body></html>`;
}
