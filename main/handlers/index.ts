// The one handler table. Electron IPC, the web server and the CLI all call these functions.
import {
  SightlineError,
  channels,
  contract,
  parseInput,
  type Channel,
  type Handlers,
  type Result,
} from '../../preload/contract';
import { caseHandlers } from './case';
import { caseworkHandlers } from './casework';
import { collectHandlers } from './collect';
import type { HandlerContext } from './context';
import { entityHandlers } from './entities';
import { evidenceHandlers } from './evidence';
import { findingHandlers } from './findings';
import { geoHandlers } from './geo';
import { reportHandlers } from './report';
import { signInHandlers } from './signins';
import { timelineHandlers } from './timeline';

export type { HandlerContext } from './context';

/** Typed as Handlers: leaving a contract channel out of this table does not compile. */
export const handlers: Handlers<HandlerContext> = {
  ...caseHandlers,
  ...evidenceHandlers,
  ...signInHandlers,
  ...collectHandlers,
  ...geoHandlers,
  ...caseworkHandlers,
  ...entityHandlers,
  ...findingHandlers,
  ...timelineHandlers,
  ...reportHandlers,
};

/**
 * Validates a payload, runs the channel's handler and wraps the outcome in a Result. Shared by the
 * IPC registration and the web server so both answer every request the same way.
 */
export async function dispatch(channel: Channel, payload: unknown, ctx: HandlerContext): Promise<Result<unknown>> {
  const parsed = parseInput(channel, payload);
  if (!parsed.ok) return parsed;
  try {
    const value = await (handlers[channel] as (a: unknown, c: HandlerContext) => Promise<unknown>)(parsed.value, ctx);
    // Outputs are checked too: a handler bug must not leak a malformed value to the renderer.
    return { ok: true, value: contract[channel].output.parse(value) };
  } catch (err) {
    if (err instanceof SightlineError) return { ok: false, error: { code: err.code, message: err.message } };
    return { ok: false, error: { code: 'internal', message: `${channel} failed: ${(err as Error).message ?? String(err)}` } };
  }
}

export { channels };
