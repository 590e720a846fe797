// The details pane for one sign-in, in the portal's tabs: Basic info, Location, Device,
// Authentication details, Conditional Access, Risk, then Sightline's Raw (the source record,
// verbatim), Provenance (where it came from) and Related (same correlation, same session, same user
// nearby). Every value is log text rendered as a React text node.
import { useEffect, useState, type ReactNode } from 'react';
import type { SignIn, SignInDetail, SignInFilter } from '../../../preload/contract';
import { api } from '../../api';
import { AnnotationsSection } from '../annotations/AnnotationsSection';
import { errorCodeMeaning, isInterruptCode } from '../../errorCodes';
import { CA_LABELS, OUTCOME_LABELS, TYPE_LABELS } from '../../filterModel';
import { locationText } from '../../format';
import { PivotButtons } from '../entities/PivotButtons';
import { pivotOf, type Pivot } from '../entities/pivot';
import { formatTime, type TimeZoneMode } from '../../time';

const TABS = [
  ['basic', 'Basic info'],
  ['location', 'Location'],
  ['device', 'Device'],
  ['auth', 'Authentication details'],
  ['ca', 'Conditional Access'],
  ['risk', 'Risk'],
  ['raw', 'Raw'],
  ['provenance', 'Provenance'],
  ['related', 'Related'],
] as const;
type Tab = (typeof TABS)[number][0];

type Rec = Record<string, unknown>;
const f = (s: SignIn, key: string): unknown => (s as Rec)[key];

function text(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ') : '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `pivot`: the entity the value stands for (Entities: open its profile, add it to the indicators). */
function Field({ label, value, mono, pivot }: { label: string; value: unknown; mono?: boolean; pivot?: Pivot | null }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>
        {text(value)}
        {pivot ? <PivotButtons pivot={pivot} /> : null}
      </dd>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <h4 className="details-section">{title}</h4>
      <dl className="fields">{children}</dl>
    </>
  );
}

function pretty(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

function Basic({ s, timeZone }: { s: SignIn; timeZone: TimeZoneMode }) {
  const code = s.status?.errorCode;
  const meaning = errorCodeMeaning(code);
  return (
    <div data-testid="details-basic">
      <Section title="When and what">
        <Field label="Date" value={formatTime(s.createdDateTime, timeZone)} mono />
        <Field label="Sign-in type" value={TYPE_LABELS[s.type] ?? s.type} />
        <Field label="Status" value={OUTCOME_LABELS[s.outcome] ?? s.outcome} />
        <Field label="Sign-in error code" value={code} mono />
        <Field label="Meaning" value={meaning ?? (code === null || code === undefined ? null : 'not in Sightline’s table of codes')} />
        {isInterruptCode(code) ? <Field label="Note" value="The portal shows this code as Interrupted, not Failure." /> : null}
        <Field label="Failure reason" value={s.status?.failureReason} />
        <Field label="Additional details" value={s.status?.additionalDetails} />
      </Section>
      <Section title="Who">
        <Field label="User" value={s.userDisplayName} />
        <Field label="Username" value={s.userPrincipalName} pivot={s.userPrincipalName ? pivotOf('userPrincipalName', s) : null} />
        <Field label="User ID" value={s.userId} mono />
        <Field label="User type" value={f(s, 'userType')} />
        <Field label="Sign-in identifier" value={f(s, 'signInIdentifier')} />
        <Field label="Identifier type" value={f(s, 'signInIdentifierType')} />
        <Field label="Home tenant" value={[f(s, 'homeTenantName'), f(s, 'homeTenantId')].filter(Boolean).join(' · ')} />
        <Field label="Cross tenant access" value={f(s, 'crossTenantAccessType')} />
        <Field label="Service principal" value={[f(s, 'servicePrincipalName'), f(s, 'servicePrincipalId')].filter(Boolean).join(' · ')} pivot={s.type === 'servicePrincipal' || s.type === 'managedIdentity' ? pivotOf('userPrincipalName', s) : null} />
        <Field label="Managed identity" value={(f(s, 'managedServiceIdentity') as Rec | undefined)?.['msiType']} />
      </Section>
      <Section title="How">
        <Field label="Application" value={s.appDisplayName} pivot={pivotOf('appDisplayName', s)} />
        <Field label="Application ID" value={s.appId} mono />
        <Field label="Resource" value={s.resourceDisplayName} />
        <Field label="Resource ID" value={s.resourceId} mono />
        <Field label="Client app" value={s.clientAppUsed} />
        <Field label="User agent" value={s.userAgent} pivot={pivotOf('userAgent', s)} />
        <Field label="Authentication requirement" value={s.authenticationRequirement} />
        <Field label="Authentication protocol" value={f(s, 'authenticationProtocol')} />
        <Field label="Incoming token type" value={f(s, 'incomingTokenType')} />
        <Field label="Original transfer method" value={f(s, 'originalTransferMethod')} />
        <Field label="Client credential type" value={f(s, 'clientCredentialType')} />
        <Field label="Token issuer" value={[f(s, 'tokenIssuerType'), f(s, 'tokenIssuerName')].filter(Boolean).join(' · ')} />
        <Field label="Latency (ms)" value={f(s, 'processingTimeInMilliseconds')} mono />
        <Field label="IP address" value={s.ipAddress} mono pivot={pivotOf('ipAddress', s)} />
        <Field label="Location" value={locationText(s)} />
      </Section>
      <Section title="Identifiers">
        <Field label="Request ID" value={s.id} mono />
        <Field label="Correlation ID" value={s.correlationId} mono />
        <Field label="Session ID" value={f(s, 'sessionId')} mono pivot={pivotOf('sessionId', s)} />
        <Field label="Unique token identifier" value={f(s, 'uniqueTokenIdentifier')} mono />
        <Field label="Original request ID" value={f(s, 'originalRequestId') === s.id ? 'same as the request ID' : f(s, 'originalRequestId')} mono />
        <Field label="Tenant ID" value={s.tenantId} mono />
        <Field label="Resource tenant ID" value={f(s, 'resourceTenantId')} mono />
        <Field label="Source format" value={f(s, 'sourceFormat')} />
        <Field label="Ingested" value={formatTime(f(s, 'ingestedDateTime') as string | undefined, timeZone)} mono />
      </Section>
    </div>
  );
}

function Location({ s }: { s: SignIn }) {
  const coords = s.location?.geoCoordinates;
  const geo = f(s, 'geo') as Rec | undefined;
  const source = typeof geo?.['source'] === 'string' ? String(geo['source']) : coords && typeof coords.latitude === 'number' ? `the sign-in record's geoCoordinates (${text(f(s, 'sourceFormat'))})` : null;
  return (
    <div data-testid="details-location">
      <Section title="Place">
        <Field label="City" value={s.location?.city} />
        <Field label="State" value={s.location?.state} />
        <Field label="Country or region" value={s.location?.countryOrRegion} />
      </Section>
      <Section title="Coordinates">
        <Field label="Latitude" value={coords?.latitude} mono />
        <Field label="Longitude" value={coords?.longitude} mono />
        <Field label="Source" value={source ?? 'none: the record carries no coordinates'} />
        <Field label="On the map" value={geo ? (geo['plottable'] ? `yes (${text(geo['latitude'])}, ${text(geo['longitude'])})` : `no: ${text(geo['reason'])}`) : null} />
      </Section>
      <Section title="Network">
        <Field label="IP address" value={s.ipAddress} mono pivot={pivotOf('ipAddress', s)} />
        <Field label="IP seen by resource" value={f(s, 'ipAddressFromResourceProvider')} mono />
        <Field label="ASN" value={f(s, 'autonomousSystemNumber')} mono pivot={pivotOf('autonomousSystemNumber', s)} />
        <Field label="Global Secure Access" value={f(s, 'isThroughGlobalSecureAccess')} />
        <Field label="GSA IP address" value={f(s, 'globalSecureAccessIpAddress')} mono />
        <Field label="Network locations" value={f(s, 'networkLocationDetails')} />
      </Section>
    </div>
  );
}

function Device({ s }: { s: SignIn }) {
  const d = s.deviceDetail;
  return (
    <div data-testid="details-device">
      <Section title="Device">
        <Field label="Device ID" value={d?.deviceId} mono pivot={pivotOf('deviceDetail.deviceId', s)} />
        <Field label="Name" value={d?.displayName} />
        <Field label="Operating system" value={d?.operatingSystem} />
        <Field label="Browser" value={d?.browser} />
        <Field label="Compliant" value={d?.isCompliant} />
        <Field label="Managed" value={d?.isManaged} />
        <Field label="Join type" value={d?.trustType} />
        <Field label="User agent" value={s.userAgent} />
        <Field label="Client app" value={s.clientAppUsed} />
        <Field label="Token protection" value={(f(s, 'tokenProtectionStatusDetails') as Rec | undefined)?.['signInSessionStatus']} />
      </Section>
    </div>
  );
}

function Auth({ s, timeZone }: { s: SignIn; timeZone: TimeZoneMode }) {
  const steps = (f(s, 'authenticationDetails') as Rec[] | undefined) ?? [];
  const processing = (f(s, 'authenticationProcessingDetails') as Rec[] | undefined) ?? [];
  const mfa = f(s, 'mfaDetail') as Rec | undefined;
  return (
    <div data-testid="details-auth">
      <Section title="Requirement">
        <Field label="Authentication requirement" value={s.authenticationRequirement} />
        <Field label="MFA result" value={s.status?.additionalDetails} />
        <Field label="MFA method" value={mfa?.['authMethod']} />
        <Field label="MFA detail" value={mfa?.['authDetail']} />
        <Field label="Methods used" value={f(s, 'authenticationMethodsUsed')} />
        <Field label="Requirement policies" value={((f(s, 'authenticationRequirementPolicies') as Rec[] | undefined) ?? []).map((p) => `${text(p['requirementProvider'])}: ${text(p['detail'])}`)} />
      </Section>
      <h4 className="details-section">Authentication steps</h4>
      {steps.length === 0 ? (
        <p className="muted">The record has no authentication steps (portal CSVs and many 50053/50126 failures carry none).</p>
      ) : (
        <table className="table steps" data-testid="auth-steps">
          <thead>
            <tr>
              <th>Time</th>
              <th>Requirement</th>
              <th>Method</th>
              <th>Succeeded</th>
              <th>Result detail</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((st, i) => (
              <tr key={i}>
                <td className="mono">{formatTime(st['authenticationStepDateTime'] as string | undefined, timeZone)}</td>
                <td>{text(st['authenticationStepRequirement'])}</td>
                <td>
                  {text(st['authenticationMethod'])}
                  {st['authenticationMethodDetail'] ? <div className="muted small">{text(st['authenticationMethodDetail'])}</div> : null}
                </td>
                <td className={st['succeeded'] === true ? 'status-success' : st['succeeded'] === false ? 'status-failure' : undefined}>{text(st['succeeded'])}</td>
                <td>{text(st['authenticationStepResultDetail'])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {processing.length > 0 && (
        <Section title="Processing details">
          {processing.map((p, i) => (
            <Field key={i} label={text(p['key'])} value={p['value']} />
          ))}
        </Section>
      )}
    </div>
  );
}

const POLICY_CLASS: Record<string, string> = { success: 'status-success', failure: 'status-failure', reportOnlyFailure: 'status-interrupted', reportOnlyInterrupted: 'status-interrupted' };

function ConditionalAccess({ s }: { s: SignIn }) {
  const policies = (f(s, 'appliedConditionalAccessPolicies') as Rec[] | undefined) ?? [];
  const status = s.conditionalAccessStatus;
  return (
    <div data-testid="details-ca">
      <dl className="fields">
        <Field label="Conditional Access" value={status ? (CA_LABELS[status] ?? status) : null} />
        <Field label="Tenant restricted" value={f(s, 'isTenantRestricted')} />
        <Field label="Session lifetime" value={((f(s, 'sessionLifetimePolicies') as Rec[] | undefined) ?? []).map((p) => `${text(p['expirationRequirement'])}: ${text(p['detail'])}`)} />
      </dl>
      <h4 className="details-section">Policies ({policies.length})</h4>
      {policies.length === 0 ? (
        <p className="muted">No policies in the record (none applied, or the export lacked Conditional Access read rights, or a portal CSV).</p>
      ) : (
        <table className="table" data-testid="ca-policies">
          <thead>
            <tr>
              <th>Policy</th>
              <th>Result</th>
              <th>Grant controls</th>
              <th>Session controls</th>
            </tr>
          </thead>
          <tbody>
            {policies.map((p, i) => (
              <tr key={i}>
                <td title={text(p['id'])}>{text(p['displayName'])}</td>
                <td className={POLICY_CLASS[String(p['result'])] ?? ''}>{text(p['result'])}</td>
                <td>{text(p['enforcedGrantControls'])}</td>
                <td>{text(p['enforcedSessionControls'])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Risk({ s }: { s: SignIn }) {
  return (
    <div data-testid="details-risk">
      <dl className="fields">
        <Field label="Risk during sign-in" value={s.riskLevelDuringSignIn} />
        <Field label="Aggregated risk" value={s.riskLevelAggregated} />
        <Field label="Risk state" value={s.riskState} />
        <Field label="Risk detail" value={f(s, 'riskDetail')} />
        <Field label="Risk event types" value={f(s, 'riskEventTypes_v2') ?? f(s, 'riskEventTypes')} />
        <Field label="Flagged for review" value={f(s, 'flaggedForReview')} />
      </dl>
      {s.riskLevelDuringSignIn === 'hidden' || s.riskLevelAggregated === 'hidden' ? <p className="muted">“hidden”: the tenant lacks Entra ID P2, so Microsoft withholds the risk level.</p> : null}
    </div>
  );
}

function Provenance({ detail, timeZone }: { detail: SignInDetail; timeZone: TimeZoneMode }) {
  return (
    <div data-testid="details-provenance">
      {detail.provenance.map((p, i) => (
        <dl key={i} className="fields provenance-block">
          <Field label="Evidence" value={`${p.evidenceName} (${p.format})${p.current ? '' : ' — superseded version'}`} />
          <Field label="Line" value={p.line} mono />
          <Field label="Record #" value={p.recordIndex === null ? null : p.recordIndex + 1} mono />
          <Field label="SHA-256" value={p.sha256} mono />
        </dl>
      ))}
      {detail.versions.length > 0 && (
        <>
          <h4 className="details-section">Superseded versions ({detail.versions.length})</h4>
          {detail.versions.map((v, i) => (
            <details key={i}>
              <summary>replaced {formatTime(v.supersededAt, timeZone)}</summary>
              <pre className="raw mono">{pretty(v.raw)}</pre>
            </details>
          ))}
        </>
      )}
    </div>
  );
}

type RelatedSet = { title: string; filter: SignInFilter; total: number; rows: SignIn[] } | { title: string; none: string };

function Related({ s, timeZone, onOpen, onShow }: { s: SignIn; timeZone: TimeZoneMode; onOpen(id: string): void; onShow(filter: SignInFilter): void }) {
  const [sets, setSets] = useState<RelatedSet[] | null>(null);
  useEffect(() => {
    let live = true;
    const t = Date.parse(s.createdDateTime);
    const sessionId = typeof f(s, 'sessionId') === 'string' && f(s, 'sessionId') ? String(f(s, 'sessionId')) : null;
    const near = { from: new Date(t - 600_000).toISOString(), to: new Date(t + 600_001).toISOString() };
    const user: SignInFilter | null = s.userId ? { userId: s.userId, ...near } : s.userPrincipalName ? { user: s.userPrincipalName, ...near } : null;
    const wanted: [string, SignInFilter | null, string][] = [
      ['Same correlation ID', s.correlationId ? { correlationId: s.correlationId } : null, 'The record has no correlation ID.'],
      ['Same session ID', sessionId ? { sessionId } : null, 'The record has no session ID.'],
      ['Same user within ±10 minutes', user, 'The record names no user.'],
    ];
    Promise.all(
      wanted.map(async ([title, filter, none]): Promise<RelatedSet> => {
        if (!filter) return { title, none };
        const page = await api['signins.query']({ filter, sort: { field: 'createdDateTime', dir: 'asc' }, offset: 0, limit: 50 });
        return { title, filter, total: page.total, rows: page.rows };
      }),
    ).then(
      (r) => live && setSets(r),
      (e: Error) => live && setSets([{ title: 'Related sign-ins', none: `Failed: ${e.message}` }]),
    );
    return () => {
      live = false;
    };
  }, [s]);

  if (!sets) return <p className="muted">Looking for related sign-ins…</p>;
  return (
    <div data-testid="details-related">
      {sets.map((set) => (
        <section key={set.title} className="related">
          <h4 className="details-section">
            {set.title}
            {'total' in set ? ` (${set.total.toLocaleString('en-US')})` : ''}
            {'total' in set && set.total > 0 ? (
              <button type="button" className="ghost small" onClick={() => onShow(set.filter)}>
                Show in grid
              </button>
            ) : null}
          </h4>
          {'none' in set ? (
            <p className="muted">{set.none}</p>
          ) : (
            <table className="table related-table">
              <tbody>
                {set.rows.map((r) => (
                  <tr key={r.id} className={r.id === s.id ? 'current' : undefined}>
                    <td className="mono">{formatTime(r.createdDateTime, timeZone)}</td>
                    <td className={`status-${r.outcome}`}>{OUTCOME_LABELS[r.outcome]}</td>
                    <td>
                      <button type="button" className="link" onClick={() => onOpen(r.id)} title="Open this sign-in" disabled={r.id === s.id}>
                        {r.appDisplayName ?? r.id}
                      </button>
                      {r.id === s.id ? <span className="muted small"> (this one)</span> : null}
                    </td>
                    <td className="mono">{r.ipAddress ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {'total' in set && set.total > set.rows.length ? <p className="muted small">First {set.rows.length} shown.</p> : null}
        </section>
      ))}
    </div>
  );
}

type Props = {
  id: string;
  timeZone: TimeZoneMode;
  onClose(): void;
  /** Opens another sign-in (from the Related tab). */
  onOpen(id: string): void;
  /** Replaces the shared filter (Related: "Show in grid"). */
  onShow(filter: SignInFilter): void;
};

export function DetailsPane({ id, timeZone, onClose, onOpen, onShow }: Props) {
  const [detail, setDetail] = useState<SignInDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('basic');

  useEffect(() => {
    let live = true;
    setDetail(null);
    setError(null);
    api['signins.get']({ id }).then(
      (d) => live && setDetail(d),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [id]);

  const s = detail?.signIn;
  return (
    <aside className="details" data-testid="details" aria-label="Sign-in details">
      <header className="details-head">
        <strong>Sign-in details</strong>
        {s ? (
          <span className={`status status-${s.outcome}`}>
            <span className="status-dot" aria-hidden="true" />
            {OUTCOME_LABELS[s.outcome]}
          </span>
        ) : null}
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close details" title="Close (Esc)">
          ×
        </button>
      </header>
      {s && <AnnotationsSection signInId={s.id} user={s.userPrincipalName ?? null} ip={s.ipAddress ?? null} timeZone={timeZone} />}
      <nav className="tabs wrap" role="tablist">
        {TABS.map(([t, label]) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'tab active' : 'tab'} onClick={() => setTab(t)}>
            {label}
          </button>
        ))}
      </nav>
      {error && <p className="error">{error}</p>}
      {!s && !error && <p className="muted">Loading…</p>}
      {s && tab === 'basic' && <Basic s={s} timeZone={timeZone} />}
      {s && tab === 'location' && <Location s={s} />}
      {s && tab === 'device' && <Device s={s} />}
      {s && tab === 'auth' && <Auth s={s} timeZone={timeZone} />}
      {s && tab === 'ca' && <ConditionalAccess s={s} />}
      {s && tab === 'risk' && <Risk s={s} />}
      {detail && tab === 'raw' && (
        <pre className="raw mono" data-testid="details-raw">
          {pretty(detail.raw)}
        </pre>
      )}
      {detail && tab === 'provenance' && <Provenance detail={detail} timeZone={timeZone} />}
      {s && tab === 'related' && <Related s={s} timeZone={timeZone} onOpen={onOpen} onShow={onShow} />}
    </aside>
  );
}
