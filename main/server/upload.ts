// Receiving an uploaded evidence file in web mode. The copy is kept in a folder beside the case
// (`<case>.uploads/<time>-<random>/<original name>`), never overwritten, so the evidence stays
// available for re-hashing and keeps its name (a portal file's name says its sign-in type).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type http from 'node:http';
import { DateOrder, SourceFormat, type ImportOptions } from '../../preload/contract';

const MAX_UPLOAD = 4 * 1024 * 1024 * 1024;

type BadRequest = { ok: false; error: { code: 'bad-request'; message: string } };

/**
 * The import options of an upload, from its query (`format`, `dateOrder`), checked against the
 * contract's values before any byte is stored: a typo must not import the file the default way.
 */
export function uploadOptions(params: URLSearchParams): { ok: true; options: ImportOptions } | BadRequest {
  const options: ImportOptions = {};
  const fields = [
    ['format', SourceFormat],
    ['dateOrder', DateOrder],
  ] as const;
  for (const [key, schema] of fields) {
    const given = params.getAll(key);
    if (given.length === 0) continue;
    const allowed = schema.options.join(', ');
    if (given.length > 1) return { ok: false, error: { code: 'bad-request', message: `upload: ${key} is given ${given.length} times; give it once (one of ${allowed})` } };
    const parsed = schema.safeParse(given[0]);
    if (!parsed.success) return { ok: false, error: { code: 'bad-request', message: `upload: ${key} must be one of ${allowed}, not ${JSON.stringify(given[0]!.slice(0, 40))}` } };
    Object.assign(options, { [key]: parsed.data });
  }
  return { ok: true, options };
}

export function safeUploadName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[^\w.\- ()]/g, '_').slice(0, 200);
  return base && base !== '.' && base !== '..' ? base : 'upload';
}

export async function receiveUpload(
  req: http.IncomingMessage,
  casePath: string,
  name: string,
): Promise<{ ok: true; path: string } | BadRequest> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_UPLOAD) return { ok: false, error: { code: 'bad-request', message: 'upload too large' } };
  const dir = path.join(`${casePath}.uploads`, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, safeUploadName(name));
  await pipeline(req, fs.createWriteStream(target, { flags: 'wx', mode: 0o444 }));
  return { ok: true, path: target };
}
