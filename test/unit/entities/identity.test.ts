// Accounts: a UPN decides (users, and workload identities whose name the import writes as the UPN);
// older workload rows without one go by their application; the cheap key agrees with the account.
import { describe, expect, it } from 'vitest';
import { accountKey, accountOf, type AccountFields } from '../../../main/entities/identity';

const cases: [string, AccountFields, Partial<ReturnType<typeof accountOf>>][] = [
  ['a user', { type: 'interactiveUser', upn: 'ana@contoso.com', display: 'Ana', userId: 'u1', appId: 'a', appName: 'Teams' }, { kind: 'user', value: 'ana@contoso.com', entity: { kind: 'user', value: 'ana@contoso.com' }, filter: { user: 'ana@contoso.com' } }],
  ['a service principal named as the UPN', { type: 'servicePrincipal', upn: 'backup-connector', display: 'Backup-Connector', userId: 'sp1', appId: 'a1', appName: null }, { kind: 'servicePrincipal', value: 'backup-connector', label: 'Backup-Connector' }],
  ['an older workload row without a UPN', { type: 'managedIdentity', upn: null, display: null, userId: null, appId: 'a2', appName: 'Func' }, { kind: 'managedIdentity', value: 'a2', entity: { kind: 'app', value: 'a2' }, filter: { app: 'a2', type: ['managedIdentity'] } }],
  ['a failure for an unknown user id', { type: 'interactiveUser', upn: null, display: 'Bob', userId: 'u9', appId: null, appName: null }, { kind: 'user', value: 'u9', entity: null, filter: { userId: 'u9' } }],
  ['nothing but a display name', { type: 'unknown', upn: null, display: 'Carol', userId: null, appId: null, appName: null }, { kind: 'user', value: 'Carol', entity: null, filter: { user: 'Carol' } }],
];

describe('accountOf', () => {
  it.each(cases)('%s', (_name, fields, expected) => {
    const account = accountOf(fields);
    expect(account).toMatchObject(expected);
    expect(accountKey(fields.type, fields.upn, fields.display, fields.userId, fields.appId, fields.appName)).toBe(account.key);
  });
});
