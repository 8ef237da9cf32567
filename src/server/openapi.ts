/**
 * The OpenAPI 3.1 description of the v2 API, served at `/v2/openapi.json`
 * and rendered at `/v2/docs`. Tests validate real responses against it.
 */
import { API_ERRORS } from '../api/errors.ts';

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra });

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'A catalog title id or an upload id of the account: 6 to 32 letters and digits.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9]{6,32}$' },
};
/** Headers that name the viewer of a resume request: a viewer token, or else a device id. */
const viewerParams = [
  {
    name: 'X-CNX-Viewer-Token',
    in: 'header',
    schema: { type: 'string' },
    description: 'From POST /viewer-tokens.',
  },
  {
    name: 'X-CNX-Device-Id',
    in: 'header',
    schema: { type: 'string' },
    description: 'Anonymous device id, when there is no token.',
  },
];
const keyIdParam = {
  name: 'keyId',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^key_[A-Za-z0-9]{12}$' },
};

/** Error responses by status, each with the problem body. */
function errors(...statuses: number[]) {
  const out: Record<string, object> = {};
  for (const status of statuses) {
    const codes = Object.entries(API_ERRORS)
      .filter(([, error]) => error.status === status)
      .map(([code]) => code);
    out[String(status)] = { description: codes.join(' or '), ...json(ref('Error')) };
  }
  return out;
}

const schemas = {
  Error: {
    type: 'object',
    description: 'An RFC 9457 problem document with a machine-readable code and a human message.',
    required: ['code', 'message', 'type', 'title', 'status', 'detail'],
    properties: {
      code: { type: 'string', enum: Object.keys(API_ERRORS) },
      message: { type: 'string' },
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      field: { type: 'string', description: 'The request field at fault, on 400.' },
      reason: {
        type: 'string',
        enum: ['unsupported_type', 'file_too_large', 'quota_exceeded', 'empty_file'],
        description: 'Why a 422 was returned.',
      },
    },
  },
  Embed: {
    type: 'object',
    required: ['id', 'embed_url', 'status', 'qualities', 'subtitles', 'resume', 'hls_url'],
    properties: {
      id: { type: 'string' },
      embed_url: { type: 'string', format: 'uri' },
      status: { type: 'string', enum: ['processing', 'ready', 'failed'] },
      qualities: { type: 'array', items: { type: 'integer' }, description: 'Rendition heights.' },
      subtitles: { type: 'array', items: { type: 'string' }, description: 'Language codes.' },
      resume: { type: 'boolean' },
      hls_url: nullable('string', { description: 'Signed, expiring master playlist URL.' }),
      expires_at: nullable('string', { format: 'date-time' }),
      poster: nullable('string'),
      thumbnails: nullable('string', { description: 'WebVTT storyboard index.' }),
      duration: { type: 'number' },
      resume_position: {
        type: 'number',
        description: 'The identified viewer’s position, s; 0 once completed.',
      },
      resume_updated_at: {
        type: 'integer',
        description: 'When that position was written, ms since the epoch.',
      },
      resume_completed: { type: 'boolean' },
    },
  },
  Title: {
    type: 'object',
    required: ['id', 'title', 'duration', 'poster', 'size_mb', 'views', 'streamable'],
    properties: {
      id: { type: 'string' },
      title: { type: 'string' },
      duration: { type: 'number' },
      poster: nullable('string'),
      size_mb: { type: 'number' },
      views: { type: 'integer' },
      streamable: { type: 'boolean' },
    },
  },
  Upload: {
    type: 'object',
    required: [
      'id',
      'title',
      'status',
      'progress',
      'streamable',
      'size_mb',
      'duration',
      'created_at',
      'views',
      'earnings',
    ],
    properties: {
      id: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'string', enum: ['processing', 'ready', 'failed'] },
      progress: { type: 'integer', minimum: 0, maximum: 100 },
      streamable: { type: 'boolean', description: 'Whether the upload is converted to HLS.' },
      size_mb: { type: 'number' },
      duration: { type: 'number' },
      created_at: { type: 'string', format: 'date-time' },
      views: { type: 'integer' },
      earnings: {
        type: 'object',
        description: 'Views times the account’s rate per thousand views.',
        required: ['amount', 'currency'],
        properties: { amount: { type: 'number' }, currency: { type: 'string' } },
      },
      error: { type: 'string' },
      hls_url: nullable('string'),
      poster: nullable('string'),
    },
  },
  UploadList: {
    type: 'object',
    required: ['data', 'next_cursor'],
    properties: { data: { type: 'array', items: ref('Upload') }, next_cursor: nullable('string') },
  },
  Key: {
    type: 'object',
    required: ['id', 'kind', 'hint', 'label', 'origins', 'created_at', 'expires_at', 'revoked_at'],
    properties: {
      id: { type: 'string' },
      kind: { type: 'string', enum: ['secret', 'embed'] },
      hint: { type: 'string', description: 'The last four characters of the key.' },
      label: { type: 'string' },
      origins: { type: 'array', items: { type: 'string' } },
      created_at: { type: 'string', format: 'date-time' },
      expires_at: nullable('string', { format: 'date-time' }),
      revoked_at: nullable('string', { format: 'date-time' }),
    },
  },
  CreatedKey: {
    allOf: [
      ref('Key'),
      {
        type: 'object',
        required: ['key'],
        properties: { key: { type: 'string', description: 'The full key, shown only here.' } },
      },
    ],
  },
  KeyList: {
    type: 'object',
    required: ['data'],
    properties: { data: { type: 'array', items: ref('Key') } },
  },
  ResumeRecord: {
    type: 'object',
    required: ['position', 'duration', 'completed', 'updated_at'],
    properties: {
      position: { type: 'number', minimum: 0 },
      duration: { type: 'number', minimum: 0 },
      completed: { type: 'boolean' },
      updated_at: { type: 'integer', description: 'Milliseconds since the epoch, server clock.' },
    },
  },
  ViewResult: {
    type: 'object',
    required: ['counted'],
    properties: { counted: { type: 'boolean' } },
  },
};

/** Headers of responses counted against a rate limit. */
const rateLimited = {
  description: 'Rate limited',
  headers: { 'Retry-After': { schema: { type: 'integer' } } },
  ...json(ref('Error')),
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'CloudNEXTRA API',
    version: '2.0.0',
    description:
      'Embed titles, fetch metadata, upload and stream your own videos, and sync resume positions. ' +
      'Every request carries `Authorization: Bearer <key>`: secret `cnx_live_` keys on servers, ' +
      'public `cnx_embed_` keys in browsers.',
  },
  servers: [{ url: '/v2' }],
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas,
  },
  paths: {
    '/embed/{id}': {
      get: {
        summary: 'Embed a title',
        description:
          'Returns what a player needs to start: signed media URLs, qualities, subtitles. Secret or embed key.',
        parameters: [idParam],
        responses: {
          '200': {
            description: 'The embed',
            headers: { ETag: { schema: { type: 'string' } } },
            ...json(ref('Embed')),
          },
          '304': { description: 'Not modified since the ETag sent in If-None-Match' },
          ...errors(400, 401, 403, 404),
          '429': rateLimited,
          ...errors(503),
        },
      },
    },
    '/title/{id}': {
      get: {
        summary: 'Get metadata',
        parameters: [idParam],
        responses: {
          '200': { description: 'The title', ...json(ref('Title')) },
          '304': { description: 'Not modified' },
          ...errors(400, 401, 403, 404),
          '429': rateLimited,
        },
      },
    },
    '/title/{id}/views': {
      post: {
        summary: 'Report a view',
        description: 'Counts once per viewer and title per hour. Secret or embed key.',
        parameters: [idParam],
        requestBody: {
          required: false,
          ...json({
            type: 'object',
            properties: { viewer: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,200}$' } },
          }),
        },
        responses: {
          '202': { description: 'Recorded', ...json(ref('ViewResult')) },
          ...errors(400, 401, 403, 404),
          '429': rateLimited,
        },
      },
    },
    '/me/uploads': {
      get: {
        summary: 'List your uploads',
        description: 'Newest first, paged with a cursor. Secret key only.',
        parameters: [
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
          { name: 'cursor', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          '200': { description: 'A page of uploads', ...json(ref('UploadList')) },
          ...errors(400, 401, 403),
          '429': rateLimited,
        },
      },
      post: {
        summary: 'Upload a video',
        description:
          'Multipart with `file` (at most 10 GB), `title`, `streamable`, and optional caption files ' +
          'as `captions[<language>]` (WebVTT or SRT). The type is decided by probing the content. ' +
          'An `Idempotency-Key` header makes a retry return the first result.',
        parameters: [
          { name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 255 } },
        ],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: {
                  file: {
                    type: 'string',
                    contentMediaType: 'application/octet-stream',
                    description: 'The video or audio file, at most 10 GB; its type is probed.',
                  },
                  title: {
                    type: 'string',
                    description: 'Display title, 1 to 200 characters; defaults to the file name.',
                  },
                  streamable: {
                    type: 'boolean',
                    default: true,
                    description:
                      'Convert to adaptive HLS for playback; false stores the file only.',
                  },
                },
                patternProperties: {
                  '^captions\\[[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\\]$': {
                    type: 'string',
                    contentMediaType: 'text/vtt',
                    description:
                      'A caption file (WebVTT or SRT) for the language in brackets, e.g. captions[en].',
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Created; conversion runs in the background',
            ...json(ref('Upload')),
          },
          ...errors(400, 401, 403, 409, 415, 422),
          '429': rateLimited,
        },
      },
    },
    '/me/uploads/{id}': {
      get: {
        summary: 'Get one upload',
        parameters: [idParam],
        responses: {
          '200': { description: 'The upload', ...json(ref('Upload')) },
          ...errors(400, 401, 403, 404),
          '429': rateLimited,
        },
      },
      delete: {
        summary: 'Delete an upload and its files',
        parameters: [idParam],
        responses: {
          '204': { description: 'Deleted' },
          ...errors(400, 401, 403, 404),
          '429': rateLimited,
        },
      },
    },
    '/me/keys': {
      get: {
        summary: 'List your API keys',
        responses: {
          '200': { description: 'Keys, without their secrets', ...json(ref('KeyList')) },
          ...errors(401, 403),
          '429': rateLimited,
        },
      },
      post: {
        summary: 'Create an API key',
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['kind'],
            properties: {
              kind: { type: 'string', enum: ['secret', 'embed'] },
              label: { type: 'string', maxLength: 100 },
              origins: {
                type: 'array',
                items: { type: 'string' },
                description:
                  'Allowed origins of an embed key: exact origins or https://*.example.com.',
              },
            },
          }),
        },
        responses: {
          '201': { description: 'Created', ...json(ref('CreatedKey')) },
          ...errors(400, 401, 403),
          '429': rateLimited,
        },
      },
    },
    '/me/keys/{keyId}': {
      delete: {
        summary: 'Revoke a key',
        parameters: [keyIdParam],
        responses: {
          '204': { description: 'Revoked' },
          ...errors(400, 401, 403, 404),
          '429': rateLimited,
        },
      },
    },
    '/me/keys/{keyId}/rotate': {
      post: {
        summary: 'Rotate a key',
        description:
          'Creates a replacement; the old key keeps working for `grace_seconds` (default one day).',
        parameters: [keyIdParam],
        requestBody: {
          required: false,
          ...json({
            type: 'object',
            properties: { grace_seconds: { type: 'integer', minimum: 0, maximum: 2592000 } },
          }),
        },
        responses: {
          '201': { description: 'The replacement key', ...json(ref('CreatedKey')) },
          ...errors(400, 401, 403, 404),
          '429': rateLimited,
        },
      },
    },
    '/viewer-tokens': {
      post: {
        summary: 'Mint a viewer token',
        description:
          'For a site backend with its secret key: names one of its users so that resume positions ' +
          'follow them across devices. The player sends it in X-CNX-Viewer-Token.',
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['viewer'],
            properties: {
              viewer: { type: 'string', pattern: '^[A-Za-z0-9_.:@-]{1,128}$' },
              ttl_seconds: { type: 'integer', minimum: 60, maximum: 31536000, default: 2592000 },
            },
          }),
        },
        responses: {
          '201': {
            description: 'The token',
            ...json({
              type: 'object',
              required: ['token', 'viewer', 'expires_at'],
              properties: {
                token: { type: 'string' },
                viewer: { type: 'string' },
                expires_at: { type: 'string', format: 'date-time' },
              },
            }),
          },
          ...errors(400, 401, 403),
          '429': rateLimited,
        },
      },
    },
    '/resume/{id}': {
      get: {
        summary: 'Read the viewer’s position',
        parameters: [idParam, ...viewerParams],
        responses: {
          '200': {
            description: 'The stored record, or null',
            ...json({
              type: 'object',
              required: ['record'],
              properties: { record: { oneOf: [ref('ResumeRecord'), { type: 'null' }] } },
            }),
          },
          ...errors(400, 401, 403, 404),
          '429': rateLimited,
        },
      },
      put: {
        summary: 'Write the viewer’s position',
        description:
          'The newest write wins. updated_at is in the client’s clock; sent_at lets the server correct ' +
          'a client clock that is off.',
        parameters: [idParam, ...viewerParams],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['position', 'duration', 'updated_at'],
            properties: {
              position: { type: 'number', minimum: 0 },
              duration: { type: 'number', minimum: 0 },
              completed: { type: 'boolean' },
              updated_at: { type: 'integer' },
              sent_at: { type: 'integer' },
            },
          }),
        },
        responses: {
          '200': {
            description: 'The record stored afterwards, and whether it is the one written',
            ...json({
              type: 'object',
              required: ['record', 'applied'],
              properties: { record: ref('ResumeRecord'), applied: { type: 'boolean' } },
            }),
          },
          ...errors(400, 401, 403, 404),
          '429': rateLimited,
        },
      },
    },
    '/media/{id}/{token}/{path}': {
      get: {
        summary: 'Signed media',
        description:
          'Playlists, segments, captions, poster and storyboard under a signed, expiring path. ' +
          'No key: the token is the credential. Supports Range and HEAD.',
        security: [],
        parameters: [
          idParam,
          { name: 'token', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'path', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: {
          '200': { description: 'The file' },
          '206': { description: 'The requested byte range' },
          ...errors(400, 403, 404, 416),
        },
      },
    },
  },
};
