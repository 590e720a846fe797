// Tokens for a collection that runs on a worker thread (collect-worker.ts). The token source stays
// on the thread that signed in: MSAL's cache, its interactive and device-code flows and its silent
// refresh never move. The worker asks that thread for a token over the worker's own message port
// (two threads of one process; nothing on it reaches the renderer) and keeps the current one in
// memory only, to put in the Authorization header of its Graph requests. It asks again when it has
// none, when the one it has is about to expire, or when Graph refused it (a refresh). Nothing here
// writes a token anywhere else: not the case, not a log, not an error message.
import type { AuthInfo, AuthMethod, TokenSource } from './auth';
import type { Endpoints } from './clouds';
import { AuthFailed, CollectError, type CollectErrorKind } from './errors';

/** Worker -> token thread: a token, please (`refresh`: Graph refused the last one). */
export type TokenAsk = { type: 'token'; id: number; refresh: boolean };
/** Token thread -> worker: the answer to ask `id`. */
export type TokenReply =
  | { type: 'token'; id: number; ok: true; token: string; expiresAt: number | null }
  | { type: 'token'; id: number; ok: false; message: string; kind: CollectErrorKind };

/** What the worker may know about the sign-in without a token: what the collector asks of `info()`. */
export type AuthSnapshot = { method: AuthMethod; endpoints: Endpoints; info: AuthInfo };

export function authSnapshot(tokens: TokenSource): AuthSnapshot {
  return { method: tokens.method, endpoints: tokens.endpoints, info: tokens.info() };
}

/** A token this close to its expiry is not used for a new request: the token thread is asked for a fresh one. */
export const EXPIRY_MARGIN_MS = 5 * 60_000;

/** The token thread's side: answers one ask from the token source. */
export async function answerTokenAsk(tokens: TokenSource, ask: TokenAsk, reply: (r: TokenReply) => void): Promise<void> {
  try {
    const token = await tokens.getToken({ refresh: ask.refresh });
    reply({ type: 'token', id: ask.id, ok: true, token, expiresAt: tokens.info().expiresAt });
  } catch (err) {
    // The message says what to do (sign in again, a fresh token); it never holds a token.
    reply({ type: 'token', id: ask.id, ok: false, message: (err as Error).message ?? String(err), kind: err instanceof CollectError ? err.kind : 'auth' });
  }
}

/** The worker's side: a TokenSource that asks the token thread. */
export class RelayedTokenSource implements TokenSource {
  readonly method: AuthMethod;
  readonly endpoints: Endpoints;
  readonly #info: AuthInfo;
  readonly #send: (ask: TokenAsk) => void;
  readonly #now: () => number;
  #current: { token: string; expiresAt: number | null } | null = null;
  #inFlight: { refresh: boolean; promise: Promise<string> } | null = null;
  #pending = new Map<number, { resolve(r: TokenReply): void }>();
  #nextId = 1;

  constructor(snapshot: AuthSnapshot, send: (ask: TokenAsk) => void, now: () => number = Date.now) {
    this.method = snapshot.method;
    this.endpoints = snapshot.endpoints;
    this.#info = snapshot.info;
    this.#send = send;
    this.#now = now;
  }

  info(): AuthInfo {
    return { ...this.#info, expiresAt: this.#current?.expiresAt ?? this.#info.expiresAt };
  }

  getToken(opts: { refresh?: boolean } = {}): Promise<string> {
    const refresh = opts.refresh === true;
    // Parallel streams share one ask (a refresh also serves those that only wanted a token: the one held was refused).
    if (this.#inFlight && (this.#inFlight.refresh || !refresh)) return this.#inFlight.promise;
    const cur = this.#current;
    if (!refresh && cur && (cur.expiresAt === null || cur.expiresAt - this.#now() > EXPIRY_MARGIN_MS)) return Promise.resolve(cur.token);
    if (refresh) this.#current = null;
    const entry: { refresh: boolean; promise: Promise<string> } = { refresh, promise: this.#ask(refresh) };
    this.#inFlight = entry;
    entry.promise.then(
      () => this.#settled(entry),
      () => this.#settled(entry),
    );
    return entry.promise;
  }

  #settled(entry: { promise: Promise<string> }): void {
    if (this.#inFlight === entry) this.#inFlight = null;
  }

  async #ask(refresh: boolean): Promise<string> {
    const id = this.#nextId++;
    const reply = await new Promise<TokenReply>((resolve) => {
      this.#pending.set(id, { resolve });
      this.#send({ type: 'token', id, refresh });
    });
    if (!reply.ok) {
      this.#current = null;
      throw reply.kind === 'auth' || reply.kind === 'tenant' || reply.kind === 'permission' ? new AuthFailed(reply.message, reply.kind) : new CollectError(reply.message, reply.kind);
    }
    this.#current = { token: reply.token, expiresAt: reply.expiresAt };
    return reply.token;
  }

  /** Hands a reply from the token thread to the ask waiting for it. */
  receive(reply: TokenReply): void {
    const waiting = this.#pending.get(reply.id);
    this.#pending.delete(reply.id);
    waiting?.resolve(reply);
  }

  /** Forgets the token (the run is over). */
  forget(): void {
    this.#current = null;
  }
}
