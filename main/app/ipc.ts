// IPC registration: one invoke handler per contract channel. Every call is checked before any
// handler runs (sender frame: our app:// origin, main frame only), then validated and dispatched by
// the shared `dispatch`, which answers with a Result. Nothing is ever thrown back across IPC.
//
// Registration goes through the IpcMainLike seam so tests drive it without Electron; Electron's
// ipcMain satisfies the interface structurally.
import { channels, type Channel, type Result } from '../../preload/contract';
import { dispatch, type HandlerContext } from '../handlers';
import { IPC_CHANNEL_PREFIX, isAppUrl } from './origin';

/** The part of a WebFrameMain the sender check reads. */
export type FrameLike = { readonly url: string; readonly parent: FrameLike | null };

/** The part of an IpcMainInvokeEvent the sender check reads. */
export type InvokeEventLike = { readonly senderFrame: FrameLike | null };

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

export function ipcChannelName(channel: Channel): string {
  return `${IPC_CHANNEL_PREFIX}${channel}`;
}

/**
 * Why a sender is refused, or null when it may call us. The frame must still exist (it is null
 * once it navigated away or was destroyed), be the top frame of its page (no iframes), and have
 * been loaded from app://sightline.
 */
export function senderRejection(event: InvokeEventLike): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return 'only the main frame may call Sightline';
  if (!isAppUrl(frame.url)) return 'the sender was not loaded from app://sightline';
  return null;
}

/** Handles one invoke: sender check, then the shared dispatch (payload parse + handler + output check). */
export async function handleInvoke(
  channel: Channel,
  event: InvokeEventLike,
  payload: unknown,
  ctx: HandlerContext,
): Promise<Result<unknown>> {
  const refused = senderRejection(event);
  if (refused) return { ok: false, error: { code: 'forbidden', message: `${channel}: ${refused}` } };
  try {
    return await dispatch(channel, payload, ctx);
  } catch (err) {
    // dispatch already turns handler failures into Results; this is the last line so IPC never throws.
    return { ok: false, error: { code: 'internal', message: `${channel} failed: ${(err as Error)?.message ?? String(err)}` } };
  }
}

/** Registers every channel of the contract. Returns the IPC names registered. */
export function registerIpc(ipc: IpcMainLike, ctx: HandlerContext): string[] {
  return channels.map((channel) => {
    const name = ipcChannelName(channel);
    ipc.handle(name, (event, payload) => handleInvoke(channel, event, payload, ctx));
    return name;
  });
}
