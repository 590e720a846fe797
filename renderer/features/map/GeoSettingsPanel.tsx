// The analyst's geo settings for this case: trusted ranges (office egress, VPN concentrators) and
// trusted places, the hosting / VPN / anonymiser ASN list (curated, with public sources, plus the
// analyst's changes), the travel thresholds, and their own MaxMind .mmdb instead of the bundled
// DB-IP database. Every change goes through the contract, which validates it and audits it.
import { useEffect, useState } from 'react';
import type { AsnEntry, GeoStatus, TravelThresholds } from '../../../preload/contract';
import { api } from '../../api';
import { parsePlaces, parseRanges } from './trustedText';

type Props = {
  status: GeoStatus | null;
  onClose(): void;
  /** Something the map and travel depend on changed. */
  onChanged(): void;
  onEnrich(full: boolean): void;
  onMessage(kind: 'info' | 'error', text: string): void;
};

const KINDS = ['hosting', 'vpn', 'anonymizer', 'none'] as const;
type Kind = (typeof KINDS)[number];

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function GeoSettingsPanel({ status, onClose, onChanged, onEnrich, onMessage }: Props) {
  const [ranges, setRanges] = useState('');
  const [places, setPlaces] = useState('');
  const [thresholds, setThresholds] = useState<TravelThresholds | null>(null);
  const [mmdb, setMmdb] = useState('');
  const [asns, setAsns] = useState<AsnEntry[] | null>(null);
  const [asnFilter, setAsnFilter] = useState('');
  const [newAsn, setNewAsn] = useState({ asn: '', kind: 'hosting' as Kind, label: '' });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api['geo.trusted.get']({}).then(
      (t) => {
        setRanges(t.ranges.map((r) => `${r.cidr} ${r.label}`.trim()).join('\n'));
        setPlaces(t.places.map((p) => `${p.lat}, ${p.lon}, ${p.radiusKm}, ${p.label}`).join('\n'));
      },
      (e) => setError(message(e)),
    );
    api['geo.settings.get']({}).then(
      (s) => {
        setThresholds(s.thresholds);
        setMmdb(s.mmdb ?? '');
      },
      (e) => setError(message(e)),
    );
    api['geo.asns.get']({}).then(
      (a) => setAsns(a.entries),
      (e) => setError(message(e)),
    );
  }, []);

  const saveTrusted = () => {
    const parsed = parsePlaces(places);
    if (parsed.error) return setError(parsed.error);
    setError(null);
    api['geo.trusted.set']({ ranges: parseRanges(ranges), places: parsed.places }).then(
      (t) => {
        onMessage('info', `Saved ${t.ranges.length} trusted range(s) and ${t.places.length} trusted place(s).`);
        onChanged();
      },
      (e) => setError(message(e)),
    );
  };

  const saveThresholds = () => {
    if (!thresholds) return;
    setError(null);
    api['geo.settings.set']({ thresholds }).then(
      (s) => {
        setThresholds(s.thresholds);
        onMessage('info', 'Saved the travel thresholds.');
        onChanged();
      },
      (e) => setError(message(e)),
    );
  };

  const saveMmdb = (value: string | null) => {
    setError(null);
    api['geo.settings.set']({ mmdb: value }).then(
      (s) => {
        setMmdb(s.mmdb ?? '');
        onMessage('info', s.mmdb ? `Using ${s.mmdb}: place the sign-ins again to use it for the whole case.` : 'Using the bundled DB-IP Lite database.');
        onChanged();
      },
      (e) => setError(message(e)),
    );
  };

  const changeAsn = (asn: number, kind: Kind | null, label?: string) => {
    setError(null);
    api['geo.asns.set']({ changes: [{ asn, kind, ...(label !== undefined ? { label } : {}) }] }).then(
      (a) => {
        setAsns(a.entries);
        onChanged();
      },
      (e) => setError(message(e)),
    );
  };

  const shown = (asns ?? []).filter((a) => {
    const q = asnFilter.trim().toLowerCase();
    return !q || String(a.asn).includes(q) || a.name.toLowerCase().includes(q) || a.kind.includes(q);
  });

  return (
    <div className="geo-settings" data-testid="geo-settings" role="dialog" aria-label="Trusted networks and ASNs">
      <div className="geo-settings-head">
        <h3>Trusted networks, ASNs and travel thresholds</h3>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}

      <section>
        <h4>Trusted ranges</h4>
        <p className="muted-line">One per line: an address or CIDR block, then a label (office egress, VPN concentrator). Legs through them are annotated and down-ranked.</p>
        <textarea data-testid="trusted-ranges" rows={4} value={ranges} onChange={(e) => setRanges(e.target.value)} placeholder={'203.0.113.0/24 HQ egress\n2001:db8::/32 VPN'} />
        <h4>Trusted places</h4>
        <p className="muted-line">One per line: latitude, longitude, radius in km, label.</p>
        <textarea data-testid="trusted-places" rows={3} value={places} onChange={(e) => setPlaces(e.target.value)} placeholder="47.61, -122.33, 60, Seattle office" />
        <div className="row-end">
          <button type="button" data-testid="trusted-save" onClick={saveTrusted}>
            Save trusted networks
          </button>
        </div>
      </section>

      <section>
        <h4>Travel thresholds</h4>
        {thresholds ? (
          <div className="threshold-row">
            <label>
              Fast from (km/h){' '}
              <input type="number" min={1} value={thresholds.fastKmh} onChange={(e) => setThresholds({ ...thresholds, fastKmh: Number(e.target.value) })} />
            </label>
            <label>
              Impossible from (km/h){' '}
              <input type="number" min={1} value={thresholds.impossibleKmh} onChange={(e) => setThresholds({ ...thresholds, impossibleKmh: Number(e.target.value) })} />
            </label>
            <label>
              Over at least (km) <input type="number" min={1} value={thresholds.minKm} onChange={(e) => setThresholds({ ...thresholds, minKm: Number(e.target.value) })} />
            </label>
            <button type="button" onClick={saveThresholds}>
              Save
            </button>
          </div>
        ) : (
          <p className="muted-line">Loading…</p>
        )}
      </section>

      <section>
        <h4>IP database</h4>
        <p className="muted-line">
          In use: {status ? `${status.database.kind === 'bundled' ? 'bundled' : 'your file'} ${status.database.id}` : '…'}
          {status?.databaseError ? ` (cannot open the file set: ${status.databaseError})` : ''}
        </p>
        <div className="threshold-row">
          <input type="text" aria-label="Path of a MaxMind GeoIP2 / GeoLite2 City .mmdb" placeholder="/path/to/GeoLite2-City.mmdb" value={mmdb} onChange={(e) => setMmdb(e.target.value)} />
          <button type="button" disabled={!mmdb.trim()} onClick={() => saveMmdb(mmdb.trim())}>
            Use this file
          </button>
          <button type="button" className="ghost" onClick={() => saveMmdb(null)}>
            Use the bundled database
          </button>
          <button type="button" className="ghost" onClick={() => onEnrich(true)} title="Look every address up again in the database in use">
            Place every sign-in again
          </button>
        </div>
      </section>

      <section>
        <h4>Hosting, VPN and anonymiser networks</h4>
        <p className="muted-line">A curated list with each entry's public source; your changes apply to this case only.</p>
        <div className="threshold-row">
          <input type="text" placeholder="Find an ASN or name" aria-label="Find an ASN" value={asnFilter} onChange={(e) => setAsnFilter(e.target.value)} />
          <input type="number" placeholder="ASN" aria-label="ASN to add" value={newAsn.asn} onChange={(e) => setNewAsn({ ...newAsn, asn: e.target.value })} />
          <select aria-label="Kind of the ASN to add" value={newAsn.kind} onChange={(e) => setNewAsn({ ...newAsn, kind: e.target.value as Kind })}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <input type="text" placeholder="Name" aria-label="Name of the ASN to add" value={newAsn.label} onChange={(e) => setNewAsn({ ...newAsn, label: e.target.value })} />
          <button
            type="button"
            disabled={!/^\d+$/.test(newAsn.asn) || Number(newAsn.asn) < 1}
            onClick={() => {
              changeAsn(Number(newAsn.asn), newAsn.kind, newAsn.label);
              setNewAsn({ asn: '', kind: 'hosting', label: '' });
            }}
          >
            Add
          </button>
        </div>
        <div className="asn-table-wrap">
          <table className="table asn-table" data-testid="asn-table">
            <thead>
              <tr>
                <th className="num">ASN</th>
                <th>Name</th>
                <th>Kind</th>
                <th>Source</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {shown.map((a) => (
                <tr key={a.asn}>
                  <td className="num mono">{a.asn}</td>
                  <td title={a.role}>{a.name}</td>
                  <td>
                    <select aria-label={`Kind of AS${a.asn}`} value={a.kind} onChange={(e) => changeAsn(a.asn, e.target.value as Kind)}>
                      {KINDS.map((k) => (
                        <option key={k} value={k}>
                          {k}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="asn-source">{a.source ?? 'analyst'}</td>
                  <td>
                    {a.origin !== 'curated' && (
                      <button type="button" className="link" onClick={() => changeAsn(a.asn, null)} title="Drop your change">
                        {a.origin === 'analyst' ? 'Remove' : 'Reset'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
