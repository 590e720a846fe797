// app:// serves the built renderer and nothing else, always with the CSP.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, appResponse, registerAppProtocol } from '../../../main/app/protocol';
import { CONTENT_SECURITY_POLICY } from '../../../main/server/static';
import { tempDir } from '../helpers';

/** <tmp>/renderer with index.html and assets/app.js; <tmp>/secret.txt beside it; a symlink out. */
function rendererFixture() {
  const dir = tempDir();
  const root = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Sightline</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'TOP SECRET');
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  return { dir, root };
}

describe('appResponse', () => {
  it('serves index.html for / and /index.html, with type and CSP', () => {
    const { root } = rendererFixture();
    for (const url of ['app://sightline/', 'app://sightline/index.html', 'app://sightline/index.html?x=1#frag']) {
      const r = appResponse('GET', url, root);
      expect(r.status).toBe(200);
      expect(r.filePath).toBe(fs.realpathSync(path.join(root, 'index.html')));
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(appResponse('GET', 'app://sightline/assets/app.js', root).headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    'app://sightline/../../etc/passwd',
    'app://sightline/../secret.txt',
    'app://sightline/%2e%2e/secret.txt',
    'app://sightline/%2E%2E/%2E%2E/etc/passwd',
    'app://sightline/..%2fsecret.txt',
    'app://sightline/..%2Fsecret.txt',
    'app://sightline/assets/..%2f..%2fsecret.txt',
    'app://sightline/%2e%2e%2fsecret.txt',
    'app://sightline/..%5csecret.txt',
    'app://sightline//etc/passwd',
    'app://sightline/%2fetc%2fpasswd',
    'app://sightline/assets/link.txt',
    'app://sightline/index.html%00.js',
    'app://sightline/%E0%A4%A',
    'app://sightline/assets',
    'app://sightline/missing.js',
  ])('%s -> 404 with the CSP', (url) => {
    const { root } = rendererFixture();
    const r = appResponse('GET', url, root);
    expect(r.status).toBe(404);
    expect(r.filePath).toBeUndefined();
    expect(r.body).not.toContain('SECRET');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each(['app://evil/index.html', 'https://sightline/index.html', 'file:///etc/passwd', 'app://sightline:1/index.html', 'not a url'])(
    'a request for another origin (%s) is a 404',
    (url) => {
      const { root } = rendererFixture();
      expect(appResponse('GET', url, root)).toMatchObject({ status: 404, headers: { 'content-security-policy': CONTENT_SECURITY_POLICY } });
    },
  );

  it('only GET and HEAD', () => {
    const { root } = rendererFixture();
    expect(appResponse('POST', 'app://sightline/index.html', root).status).toBe(405);
    expect(appResponse('HEAD', 'app://sightline/index.html', root).status).toBe(200);
  });
});

describe('registerAppProtocol', () => {
  async function serve() {
    const { root } = rendererFixture();
    let handler: ((req: Request) => Promise<Response>) | undefined;
    const schemes: string[] = [];
    registerAppProtocol(
      {
        handle: (scheme, h) => {
          schemes.push(scheme);
          handler = h;
        },
      },
      root,
    );
    expect(schemes).toEqual(['app']);
    return (url: string, method = 'GET') => handler!(new Request(url, { method }));
  }

  it('answers with the file bytes, its type and the CSP', async () => {
    const fetchApp = await serve();
    const res = await fetchApp('app://sightline/index.html');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Sightline</title>');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('404s traversal with the CSP and without the file', async () => {
    const fetchApp = await serve();
    for (const url of ['app://sightline/..%2fsecret.txt', 'app://sightline/%2e%2e/secret.txt', 'app://sightline/assets/link.txt']) {
      const res = await fetchApp(url);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('SECRET');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('HEAD has headers and no body', async () => {
    const fetchApp = await serve();
    const res = await fetchApp('app://sightline/assets/app.js', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toBe('');
  });

  it('the scheme is registered standard + secure + fetch-capable', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });
});
