// Microsoft Graph beta response pages, one series of page files per sign-in type:
// `GraphSignIns_<type>_<from>_<to>_p0001.json`, each `{"@odata.context", "value":[...], "@odata.nextLink"?}`
// with at most PAGE_ROWS sign-ins. Every page but a type's last carries an `@odata.nextLink` (written after
// `value`, since a streamed page only learns at its end whether another follows).
import path from 'node:path';
import type { Rec, SignInType } from '../record';
import type { Tenant } from '../tenant';
import { FileSink, rangeStamp, type FileInfo, type SignInWriter } from './common';
import { graphSignIn } from './graph-object';

export const PAGE_ROWS = 10_000;
const CONTEXT = 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns';

export function graphJsonWriter(dir: string, tenant: Tenant, pageRows = PAGE_ROWS): SignInWriter {
  const stamp = rangeStamp(tenant);
  const open = new Map<SignInType, { sink: FileSink; page: number }>();
  const done: FileInfo[] = [];

  const finishPage = (type: SignInType, sink: FileSink, page: number, more: boolean) => {
    const next = more
      ? `,\n"@odata.nextLink":${JSON.stringify(`https://graph.microsoft.com/beta/auditLogs/signIns?$filter=signInEventTypes/any(t:t eq '${type}')&$skiptoken=${type}-${String(page + 1).padStart(4, '0')}`)}`
      : '';
    sink.write(`${sink.rows ? '\n' : ''}]${next}}\n`);
    sink.close();
    done.push({ path: sink.path, format: 'graph-json', rows: sink.rows, bytes: sink.bytes });
  };
  const start = (type: SignInType, page: number) => {
    const sink = new FileSink(path.join(dir, `GraphSignIns_${type}_${stamp}_p${String(page).padStart(4, '0')}.json`));
    sink.write(`{"@odata.context":"${CONTEXT}",\n"value":[`);
    const entry = { sink, page };
    open.set(type, entry);
    return entry;
  };

  return {
    write(rec: Rec) {
      let entry = open.get(rec.type) ?? start(rec.type, 1);
      if (entry.sink.rows >= pageRows) {
        finishPage(rec.type, entry.sink, entry.page, true);
        entry = start(rec.type, entry.page + 1);
      }
      entry.sink.write((entry.sink.rows ? ',\n' : '\n') + JSON.stringify(graphSignIn(rec, tenant)));
      entry.sink.rows++;
    },
    close() {
      for (const type of ['interactiveUser', 'nonInteractiveUser'] as const) if (!open.has(type)) start(type, 1);
      for (const type of ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal'] as const) {
        const entry = open.get(type);
        if (entry) finishPage(type, entry.sink, entry.page, false);
      }
      return done.sort((a, b) => (a.path < b.path ? -1 : 1));
    },
  };
}
