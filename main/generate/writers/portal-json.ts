// Entra admin center JSON download. Microsoft documents that it exists but not its shape (formats.md §3);
// following the inference there, each file is a JSON array of Graph-style sign-in objects, one file per
// sign-in type with the portal's file names (`InteractiveSignIns_<from>_<to>.json`), one object per line.
import type { Tenant } from '../tenant';
import { PORTAL_PREFIX, rangeStamp, TypedFiles, type SignInWriter } from './common';
import { graphSignIn } from './graph-object';

export function portalJsonWriter(dir: string, tenant: Tenant): SignInWriter {
  const stamp = rangeStamp(tenant);
  const files = new TypedFiles(
    dir,
    'portal-json',
    (type) => `${PORTAL_PREFIX[type]}_${stamp}.json`,
    (_type, sink) => sink.write('['),
    (_type, sink) => sink.write(sink.rows ? '\n]\n' : ']\n'),
  );
  return {
    write(rec) {
      const sink = files.get(rec.type);
      sink.write((sink.rows ? ',\n' : '\n') + JSON.stringify(graphSignIn(rec, tenant)));
      sink.rows++;
    },
    close: () => files.close(),
  };
}
