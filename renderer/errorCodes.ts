// What Entra sign-in error codes mean, as display help for the details pane and the summary: the
// table of formats.md §16, kept in this one module. Codes and texts change over time; the record's
// own code and failure reason are always shown as received, this text only explains them.
import { INTERRUPTED_ERROR_CODES } from '../preload/contract';

export const ERROR_CODE_MEANINGS: ReadonlyMap<number, string> = new Map([
  [0, 'Success'],
  [16000, 'InteractionRequired: account not in the tenant (external user). LA samples show "Other", which Sentinel\'s success-then-fail rule ignores'],
  [50034, 'UserAccountNotFound: account not in the directory (typo or wrong tenant)'],
  [50053, 'Account locked (too many wrong attempts) or blocked malicious IP (see the failure reason)'],
  [50055, 'Password expired'],
  [50056, 'Invalid or null password: no password stored for the user'],
  [50057, 'User account disabled'],
  [50058, 'Session information not sufficient for SSO (silent sign-in failed; expected)'],
  [50072, 'User must enrol for MFA (interrupt)'],
  [50074, 'Strong authentication required and the MFA challenge was not passed (interrupt)'],
  [50076, 'MFA required by policy or a location change; the user must use MFA'],
  [50079, 'User must register security info for MFA'],
  [50125, 'Interrupted by a password reset or registration entry'],
  [50126, 'Invalid user name or password'],
  [50140, '"Keep me signed in" interrupt (expected)'],
  [50158, 'External security challenge not satisfied'],
  [50199, 'CmsiInterrupt: user confirmation required (expected)'],
  [53000, 'Conditional Access requires a compliant device'],
  [53001, 'Conditional Access requires a domain-joined device'],
  [53003, 'Blocked by Conditional Access'],
  [500121, 'Authentication failed during strong authentication request (MFA denied, failed or not completed; the deny or fraud text is in the status)'],
  [70043, 'Refresh token expired or invalid by a Conditional Access sign-in-frequency check'],
  [70044, 'Session expired by sign-in frequency (uncertain; Sentinel treats it like 70043, as a non-failure)'],
  [81004, 'Seamless SSO / Kerberos: authentication attempt failed'],
  [81010, 'Seamless SSO / Kerberos: ticket invalid (expired or wrong)'],
  [81012, 'Seamless SSO / Kerberos: the signing-in user is not the device user'],
  [81016, 'Seamless SSO / Kerberos error'],
  [90095, 'Admin consent required (interrupt)'],
  [700016, 'Application not found in the directory; with ROPC, a spoofed client-ID oracle'],
]);

/** The meaning of a code, or null when the table has nothing to say about it. */
export function errorCodeMeaning(code: number | null | undefined): string | null {
  if (code === null || code === undefined) return null;
  const known = ERROR_CODE_MEANINGS.get(code);
  if (known) return known;
  if (code >= 81000 && code <= 81999) return 'Seamless SSO / Kerberos error';
  return null;
}

/** Whether the portal shows this code as Interrupted (the contract's list, the one place it lives). */
export function isInterruptCode(code: number | null | undefined): boolean {
  return code !== null && code !== undefined && INTERRUPTED_ERROR_CODES.includes(code);
}
