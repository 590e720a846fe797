// Navigation, new-window and permission decisions, and that they are attached to every webContents.
import type { App, Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { denyPermissions, externalLinkTarget, guardWebContents, installGuards, isAllowedNavigation, isPermissionGranted } from '../../../main/app/guards';
import { FakeWebContents, app, fake, session } from '../fakes/electron';

beforeEach(() => fake.reset());

describe('isAllowedNavigation', () => {
  it.each(['app://sightline/index.html', 'app://sightline/', 'app://sightline/index.html#/signins?x=1'])('allows %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
  });
  it.each([
    'https://evil.example/',
    'http://127.0.0.1:8080/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://sightline.evil.example/',
    'app://sightline:444/',
    'app://user:pw@sightline/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
  ])('denies %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });
});

describe('externalLinkTarget', () => {
  it.each([
    ['https://learn.microsoft.com/en-us/entra/', 'https://learn.microsoft.com/en-us/entra/'],
    ['HTTPS://Example.COM', 'https://example.com/'],
    ['https://example.com/a b?q=<x>', 'https://example.com/a%20b?q=%3Cx%3E'],
    // What is opened is the parsed, normalised URL, i.e. exactly what was checked.
    ['https:example.com', 'https://example.com/'],
  ])('opens %s as %s', (url, href) => {
    expect(externalLinkTarget(url)).toBe(href);
  });
  it.each([
    'http://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'app://sightline/index.html',
    'smb://attacker/share',
    'ms-msdt:/id PCWDiagnostic',
    'vbscript:msgbox',
    'https://user:pass@example.com/',
    'https://',
    '//example.com/',
    'example.com',
    '',
  ])('never opens %s', (url) => {
    expect(externalLinkTarget(url)).toBeNull();
  });
});

describe('guardWebContents', () => {
  function guarded() {
    const contents = new FakeWebContents();
    const openExternal = vi.fn(async (_url: string) => undefined);
    guardWebContents(contents as unknown as WebContents, openExternal);
    return { contents, openExternal };
  }

  it('prevents navigation and redirects away from app://sightline, in any frame', () => {
    const { contents } = guarded();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(contents.tryEvent(event, 'https://evil.example/')).toBe(true);
      expect(contents.tryEvent(event, 'file:///etc/passwd')).toBe(true);
      expect(contents.tryEvent(event, 'app://sightline/index.html')).toBe(false);
    }
  });

  it('prevents attaching a <webview>', () => {
    const { contents } = guarded();
    expect(contents.tryEvent('will-attach-webview', 'https://evil.example/')).toBe(true);
  });

  it('denies every new window and opens only https links, externally', async () => {
    const { contents, openExternal } = guarded();
    const open = contents.windowOpenHandler!;
    expect(open({ url: 'https://learn.microsoft.com/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'app://sightline/index.html' })).toEqual({ action: 'deny' });
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://learn.microsoft.com/']]);
  });

  it('a failing openExternal does not throw out of the handler', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as unknown as WebContents, () => Promise.reject(new Error('no browser')));
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});

describe('permissions', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown'])('%s is not granted', (p) => {
    expect(isPermissionGranted(p)).toBe(false);
  });

  it('the session denies every request and check', () => {
    const s = session.defaultSession;
    denyPermissions(s as unknown as Session);
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid']) {
      s.permissionRequestHandler!({}, p, (granted) => answers.push(granted), {});
      answers.push(s.permissionCheckHandler!({}, p, 'app://sightline', {}));
    }
    expect(answers).toHaveLength(10);
    expect(answers.every((a) => a === false)).toBe(true);
    expect(s.devicePermissionHandler!({})).toBe(false);
  });
});

describe('installGuards', () => {
  it('guards every webContents created, and its session', () => {
    const openExternal = vi.fn(async (_url: string) => undefined);
    installGuards(app as unknown as App, openExternal);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.tryEvent('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://example.com/');
    expect(contents.session.permissionCheckHandler!({}, 'media', 'app://sightline', {})).toBe(false);
  });
});
