// THE contract: runtime-neutral (zod only). Main implements `Handlers`, the renderer calls `Api`,
// and the IPC layer, the web server and the CLI all validate against the same schemas.
import type { z } from 'zod';
import { contract, type Channel, type Contract } from './channels';
import type { EventName, EventPayload } from './events';

export * from './domain';
export * from './filters';
export * from './channels';
export * from './events';
export * from './collect';
export * from './casework';
export * from './geo';
export * from './entities';
export * from './findings';
export * from './groups';
export * from './timeline';
export * from './report';

export type Input<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = z.output<Contract[C]['output']>;

export const errorCodes = ['bad-request', 'forbidden', 'not-found', 'no-case', 'unsupported', 'rejected', 'internal'] as const;
export type ErrorCode = (typeof errorCodes)[number];
export type ApiError = { code: ErrorCode; message: string };
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What the renderer sees: one async function per channel. */
export type Api = { [C in Channel]: (arg: Input<C>) => Promise<Output<C>> };

/** Something that can deliver push events to whoever is listening. */
export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** The subscription half of the bridge: the callback never sees an Electron event object. */
export type Subscribe = <E extends EventName>(name: E, cb: (payload: EventPayload<E>) => void) => () => void;

/**
 * window.sightline as the preload exposes it. Calls resolve with the Result itself, never reject
 * with it: Electron's contextBridge copies only an Error's message into the page, so an error code
 * must cross as data. renderer/api.ts unwraps it (unwrapResult) into the Api shape.
 */
export type ResultApi = { [C in Channel]: (arg: Input<C>) => Promise<Result<Output<C>>> };
export type Bridge = ResultApi & {
  on: Subscribe;
  /** Absolute path of a dropped File (Electron's webUtils); null where the host has no paths. */
  pathForFile: (file: File) => string | null;
};

/** An error a handler throws on purpose; its code reaches the caller unchanged. */
export class SightlineError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = 'SightlineError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Any reply (well-formed or not) as a Result: a malformed one becomes an `internal` error. */
export function asResult<T>(channel: Channel, reply: unknown): Result<T> {
  if (isRecord(reply) && reply['ok'] === true && 'value' in reply) return reply as Result<T>;
  if (isRecord(reply) && reply['ok'] === false && isRecord(reply['error'])) {
    const { code, message } = reply['error'];
    return {
      ok: false,
      error: {
        code: typeof code === 'string' && (errorCodes as readonly string[]).includes(code) ? (code as ErrorCode) : 'internal',
        message: typeof message === 'string' ? message : `${channel} failed`,
      },
    };
  }
  return { ok: false, error: { code: 'internal', message: `${channel}: malformed reply` } };
}

/** A Result's value, or a SightlineError carrying its code. */
export function unwrapResult<T>(channel: Channel, reply: unknown): T {
  const result = asResult<T>(channel, reply);
  if (result.ok) return result.value;
  throw new SightlineError(result.error.code, result.error.message);
}

/** Validates a channel payload. Returns the parsed value or a bad-request error naming the fields. */
export function parseInput<C extends Channel>(channel: C, payload: unknown): Result<ParsedInput<C>> {
  const parsed = contract[channel].input.safeParse(payload ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as ParsedInput<C> };
  const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
  return { ok: false, error: { code: 'bad-request', message: `${channel}: ${detail}` } };
}

/** What main implements: one handler per channel. A missing channel is a compile error. */
export type Handlers<Ctx> = { [C in Channel]: (arg: ParsedInput<C>, ctx: Ctx) => Promise<Output<C>> };
