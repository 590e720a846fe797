// Travel beside the map: pick a user (typed, or from the top travellers ranked by their fastest
// leg), the switches for failures and non-interactive sign-ins (with the caveat), and the legs drawn,
// each with its distance, time gap and speed. A leg opens its two sign-ins. All log text is text.
import { useState } from 'react';
import type { Traveller, TravelLeg, TravelResult } from '../../../preload/contract';
import { countText } from '../../format';
import { formatTime, type TimeZoneMode } from '../../time';
import { SPEED_WORDS, drawnLegs, formatKm, legFigures, placeText } from './encoding';

/** The list shows this many legs; the map draws them all. */
const LIST_LIMIT = 500;

export type TravelSwitches = { includeFailures: boolean; includeNonInteractive: boolean };

type Props = {
  user: string | null;
  onUser(user: string | null): void;
  switches: TravelSwitches;
  onSwitches(next: TravelSwitches): void;
  travellers: Traveller[] | null;
  travellersError: string | null;
  result: TravelResult | null;
  loading: boolean;
  error: string | null;
  selectedLeg: number | null;
  onLeg(index: number): void;
  /** Longitudes of a leg as drawn on the map (for the list's data attributes). */
  drawnLons(index: number): number[] | null;
  onOpen(signInId: string): void;
  openId: string | null;
  timeZone: TimeZoneMode;
};

const NON_INTERACTIVE_CAVEAT = 'Non-interactive sign-ins can carry the IP where the token was first issued, not where the device was: a leg through one may not be travel.';

function lonAttrs(lons: number[] | null): Record<string, string> {
  if (!lons?.length) return {};
  const r = (n: number) => n.toFixed(3);
  return { 'data-lon-start': r(lons[0]!), 'data-lon-end': r(lons.at(-1)!), 'data-lon-min': r(Math.min(...lons)), 'data-lon-max': r(Math.max(...lons)) };
}

function LegSignIns({ leg, onOpen, openId, timeZone }: { leg: TravelLeg; onOpen(id: string): void; openId: string | null; timeZone: TimeZoneMode }) {
  return (
    <div className="leg-signins" data-testid="leg-signins">
      <div className="leg-reason">{leg.reason}</div>
      <ol>
        {[leg.from, leg.to].map((p, i) => (
          <li key={i} className={p.signInId === openId ? 'current' : undefined}>
            <button type="button" className="link" data-testid="leg-signin" onClick={() => onOpen(p.signInId)} title="Open this sign-in in the details pane">
              {formatTime(p.time, timeZone)}
            </button>{' '}
            <span>{placeText(p)}</span> <span className="mono">{p.ip ?? 'no IP'}</span>{' '}
            <span className={`status-${p.outcome}`}>{p.outcome}</span>
            <div className="muted-line">
              {[p.asn ? `AS${p.asn}${p.asOrg ? ` ${p.asOrg}` : ''}` : null, p.networkKind, p.trusted ? `trusted: ${p.trusted}` : null, `${p.source}, ±${Math.round(p.radiusKm)} km`].filter(Boolean).join(' · ')}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function TravelPanel(props: Props) {
  const { user, onUser, switches, onSwitches, travellers, result, selectedLeg, timeZone } = props;
  const [draft, setDraft] = useState(user ?? '');
  const [lastUser, setLastUser] = useState(user);
  // Follow a user chosen elsewhere (a popup, the top list) into the input.
  if (user !== lastUser) {
    setLastUser(user);
    setDraft(user ?? '');
  }

  const commit = (text: string) => {
    const v = text.trim().toLowerCase();
    onUser(v || null);
  };

  const legs = result?.legs ?? [];
  const drawn = drawnLegs(legs.map((leg, i) => ({ ...leg, i })));
  const hidden = legs.length - drawn.length;
  const counts = { impossible: 0, fast: 0, plausible: 0 };
  for (const l of drawn) if (l.speedClass !== 'not-travel') counts[l.speedClass]++;
  const selected = selectedLeg !== null ? legs[selectedLeg] : undefined;

  return (
    <aside className="travel-panel" aria-label="Travel">
      <h3>Travel</h3>
      <form
        className="travel-pick"
        onSubmit={(e) => {
          e.preventDefault();
          commit(draft);
        }}
      >
        <input
          data-testid="travel-user"
          list="travel-user-list"
          placeholder="User (UPN)"
          aria-label="User whose travel to draw"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => draft.trim().toLowerCase() !== (user ?? '') && commit(draft)}
        />
        <datalist id="travel-user-list">
          {(travellers ?? []).map((t) => (
            <option key={t.user} value={t.user} />
          ))}
        </datalist>
        <button type="submit">Show</button>
        {user && (
          <button type="button" className="ghost" onClick={() => onUser(null)} title="Clear the travel legs">
            Clear
          </button>
        )}
      </form>
      <fieldset className="travel-switches">
        <label className="check">
          <input type="checkbox" data-testid="travel-failures" checked={switches.includeFailures} onChange={(e) => onSwitches({ ...switches, includeFailures: e.target.checked })} />
          Include failed sign-ins
        </label>
        <label className="check">
          <input type="checkbox" data-testid="travel-noninteractive" checked={switches.includeNonInteractive} onChange={(e) => onSwitches({ ...switches, includeNonInteractive: e.target.checked })} />
          Include non-interactive sign-ins
        </label>
      </fieldset>
      {switches.includeNonInteractive && (
        <p className="caveat" data-testid="travel-caveat" role="note">
          {result?.caveat ?? NON_INTERACTIVE_CAVEAT}
        </p>
      )}

      {user ? (
        <section className="travel-legs" data-testid="travel-legs" aria-busy={props.loading}>
          <div className="travel-count">
            {props.error ? (
              <span className="error-text">{props.error}</span>
            ) : props.loading && !result ? (
              'Loading legs…'
            ) : (
              <>
                <strong>{countText(drawn.length, 'leg')} drawn</strong>
                {drawn.length > 0 && ` (${counts.impossible} impossible, ${counts.fast} fast, ${counts.plausible} plausible)`}
                {hidden > 0 && `; ${countText(hidden, 'hop')} within the locations' uncertainty not drawn`}
                {result && (
                  <div className="muted-line">
                    {countText(result.signIns, 'located sign-in')}
                    {result.notLocated > 0 ? `, ${result.notLocated.toLocaleString('en-US')} without a location` : ''}. Thresholds: fast ≥ {result.thresholds.fastKmh.toLocaleString('en-US')} km/h, impossible ≥{' '}
                    {result.thresholds.impossibleKmh.toLocaleString('en-US')} km/h over ≥ {result.thresholds.minKm.toLocaleString('en-US')} km.
                  </div>
                )}
              </>
            )}
          </div>
          {selected && <LegSignIns leg={selected} onOpen={props.onOpen} openId={props.openId} timeZone={timeZone} />}
          <ol className="leg-list">
            {drawn.slice(0, LIST_LIMIT).map((leg) => (
              <li key={leg.i}>
                <button
                  type="button"
                  className={`leg-item leg-${leg.speedClass}${leg.i === selectedLeg ? ' selected' : ''}`}
                  data-testid="leg-item"
                  data-leg-index={leg.i}
                  data-speed-class={leg.speedClass}
                  {...lonAttrs(props.drawnLons(leg.i))}
                  onClick={() => props.onLeg(leg.i)}
                  title={leg.reason}
                >
                  <span className="leg-class">{SPEED_WORDS[leg.speedClass]}</span>
                  <span className="leg-places">
                    {placeText(leg.from)} → {placeText(leg.to)}
                  </span>
                  <span className="leg-figures">{legFigures(leg)}</span>
                  <span className="leg-time muted-line">
                    {formatTime(leg.from.time, timeZone)} → {formatTime(leg.to.time, timeZone)}
                  </span>
                  {leg.annotations.length > 0 && <span className="leg-notes">{leg.annotations.join('; ')}</span>}
                </button>
              </li>
            ))}
          </ol>
          {drawn.length > LIST_LIMIT && <p className="muted-line">The list shows the first {LIST_LIMIT.toLocaleString('en-US')}; the map draws all {drawn.length.toLocaleString('en-US')}.</p>}
        </section>
      ) : (
        <p className="muted-line">Pick a user to draw their travel, or one of the top travellers.</p>
      )}

      <section className="travel-top" data-testid="travel-top">
        <h4>Top travellers (fastest leg)</h4>
        {props.travellersError ? (
          <p className="error-text">{props.travellersError}</p>
        ) : travellers === null ? (
          <p className="muted-line">Loading…</p>
        ) : travellers.length === 0 ? (
          <p className="muted-line">No travel in these sign-ins.</p>
        ) : (
          <ol>
            {travellers.slice(0, 15).map((t) => (
              <li key={t.user}>
                <button type="button" className={`traveller${t.user === user ? ' selected' : ''}`} data-testid="traveller" onClick={() => onUser(t.user)} title={t.fastest?.reason ?? t.user}>
                  <span className="traveller-user">{t.user}</span>
                  {t.fastest && (
                    <span className={`leg-class leg-${t.fastest.speedClass}`}>
                      {SPEED_WORDS[t.fastest.speedClass]} {Math.round(t.fastest.kmh).toLocaleString('en-US')} km/h
                    </span>
                  )}
                  <span className="muted-line">
                    {countText(t.legs, 'leg')}
                    {t.impossible ? `, ${t.impossible} impossible` : ''}
                    {t.fastest ? `; fastest ${formatKm(t.fastest.km)}` : ''}
                  </span>
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>
    </aside>
  );
}
