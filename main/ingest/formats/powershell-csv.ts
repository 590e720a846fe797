// Placeholder while the powershell-csv reader is written.
import { FileRejected, type FormatReader, type ReadContext } from '../types';

export function readPowerShellCsv(ctx: ReadContext): FormatReader {
  throw new FileRejected(`${ctx.name}: powershell-csv is not supported yet`);
}
