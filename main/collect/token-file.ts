// The "existing access token" option: a token given as text or as a file, such as the output of
// `az account get-access-token --resource-type ms-graph`. A token file holds either the raw token
// (optionally after "Bearer ") or JSON with `accessToken` or `access_token`. Messages never quote
// the file's content: it is a secret.
import fs from 'node:fs';

export class TokenFileError extends Error {}

const TOKEN_CHARS = /^[A-Za-z0-9\-_.~+/=]+$/;

/** The access token in a token file's text. */
export function parseTokenText(text: string, source = 'the token'): string {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed) throw new TokenFileError(`${source} is empty`);
  let token: unknown = trimmed;
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new TokenFileError(`${source} starts like JSON but is not valid JSON`);
    }
    const o = parsed as Record<string, unknown>;
    token = o['accessToken'] ?? o['access_token'];
    if (typeof token !== 'string' || !token.trim()) {
      throw new TokenFileError(`${source} is JSON without an "accessToken" or "access_token" string (as written by az account get-access-token --resource-type ms-graph)`);
    }
    token = token.trim();
  }
  const t = (token as string).replace(/^Bearer\s+/i, '');
  if (/\s/.test(t)) throw new TokenFileError(`${source} holds more than one word: it should be the access token alone, or JSON with accessToken`);
  if (!TOKEN_CHARS.test(t)) throw new TokenFileError(`${source} holds characters an access token does not have`);
  return t;
}

export function readTokenFile(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new TokenFileError(`cannot read the token file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseTokenText(text, `the token file ${file}`);
}

export type TokenClaims = { expiresAt: number | null; tenantId: string | null; audience: string | null; account: string | null; scopes: string[] | null };

/**
 * What a JWT access token says about itself, read without verifying it (Graph verifies): its expiry,
 * tenant, audience and delegated scopes. Only for messages and checkpoint keys; null for an opaque token.
 */
export function peekClaims(token: string): TokenClaims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const c = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
    const s = (k: string) => (typeof c[k] === 'string' ? (c[k] as string) : null);
    return {
      expiresAt: typeof c['exp'] === 'number' ? c['exp'] * 1000 : null,
      tenantId: s('tid'),
      audience: s('aud'),
      account: s('upn') ?? s('unique_name') ?? s('preferred_username'),
      scopes: typeof c['scp'] === 'string' ? (c['scp'] as string).split(' ').filter(Boolean) : null,
    };
  } catch {
    return null;
  }
}
