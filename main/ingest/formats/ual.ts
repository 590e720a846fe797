// Placeholder while the ual reader is written.
import { FileRejected, type FormatReader, type ReadContext } from '../types';

export function readUal(ctx: ReadContext): FormatReader {
  throw new FileRejected(`${ctx.name}: ual is not supported yet`);
}
