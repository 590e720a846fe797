// The last step of every normalizer: Graph-named fields -> the canonical SignIn (formats.md §15).
import { outcomeOf, type SignIn, type SignInType, type SourceFormat } from '../../preload/contract';
import { parseUtc, toIso } from './dates';
import { enumFromDisplayText, geoOf, int, isRecord, str } from './fields';
import { RowError, type NormalizedRecord, type Warnings } from './types';

export type CanonicalInput = {
  /** Fields already under their Graph beta names (extra names ride along). */
  fields: Record<string, unknown>;
  id: string | null;
  createdText: string | null;
  type: SignInType;
  sourceFormat: SourceFormat;
  tenantId?: string | null;
  ingestedText?: string | null;
  raw: string;
  /** `raw` is a JSON array of CSV cells (named by ReadContext.columns). */
  rawCells?: boolean;
  line: number | null;
  warnings: Warnings;
  /** Parses the creation text when the source uses a locale form (PowerShell); default ISO / LA. */
  parseDate?: (text: string) => number | null;
};

/** Enum-valued fields that some sources fill with display text (formats.md §4: "Primary Refresh Token"). */
const ENUM_FIELDS = ['incomingTokenType', 'authenticationProtocol', 'originalTransferMethod', 'clientCredentialType', 'crossTenantAccessType', 'tokenIssuerType', 'conditionalAccessStatus', 'authenticationRequirement', 'riskLevelAggregated', 'riskLevelDuringSignIn', 'riskState', 'riskDetail', 'userType'];

export function toCanonical(input: CanonicalInput): NormalizedRecord {
  const f = input.fields;
  const id = input.id?.trim();
  if (!id) throw new RowError('no sign-in id (request ID)');
  if (!input.createdText) throw new RowError('no sign-in time');
  const createdMs = (input.parseDate ?? parseUtc)(input.createdText);
  if (createdMs === null) throw new RowError(`unparseable date "${input.createdText}"`);
  const ingestedMs = input.ingestedText ? parseUtc(input.ingestedText) : null;

  const statusIn = isRecord(f['status']) ? f['status'] : {};
  const errorCode = int(statusIn['errorCode']);
  const status = {
    ...statusIn,
    errorCode,
    failureReason: str(statusIn['failureReason']),
    additionalDetails: str(statusIn['additionalDetails']),
  };

  const locIn = isRecord(f['location']) ? f['location'] : null;
  const geo = geoOf(locIn?.['geoCoordinates']);
  const location = locIn
    ? { ...locIn, city: str(locIn['city']), state: str(locIn['state']), countryOrRegion: str(locIn['countryOrRegion']), geoCoordinates: isRecord(locIn['geoCoordinates']) ? locIn['geoCoordinates'] : null }
    : null;

  const normalized: Record<string, unknown> = {};
  for (const key of ENUM_FIELDS) {
    const v = f[key];
    if (typeof v === 'string' && /\s/.test(v.trim())) {
      normalized[key] = enumFromDisplayText(v);
      input.warnings.add(`display-text:${key}`, `${key} held display text ("${v}"), stored as "${normalized[key]}"; the original is kept in the raw record`, input.line);
    }
  }

  const signIn: SignIn = {
    ...f,
    ...normalized,
    id,
    createdDateTime: toIso(createdMs),
    type: input.type,
    outcome: outcomeOf(errorCode),
    status,
    location,
    geo,
    tenantId: input.tenantId ?? str(f['tenantId']) ?? str(f['homeTenantId']) ?? str(f['resourceTenantId']),
    sourceFormat: input.sourceFormat,
  };
  // The ingestion time stays out of the record (ingestedMs): it never makes two records differ.
  return { signIn, createdRaw: input.createdText, ingestedMs, raw: input.raw, rawCells: input.rawCells ?? false };
}
