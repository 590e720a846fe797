// A SignInFilter compiled to one parameterised WHERE clause. Values are bound, never spliced.
import type { SignInFilter } from '../../preload/contract';

export type CompiledFilter = { where: string; params: Record<string, unknown> };

export function compileFilter(filter: SignInFilter): CompiledFilter {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  const list = (prefix: string, values: readonly string[]) =>
    values.map((v, i) => {
      params[`${prefix}${i}`] = v;
      return `@${prefix}${i}`;
    }).join(', ');

  if (filter.from) {
    clauses.push('created_ms >= @from');
    params['from'] = Date.parse(filter.from);
  }
  if (filter.to) {
    clauses.push('created_ms < @to');
    params['to'] = Date.parse(filter.to);
  }
  if (filter.user) {
    // Case-insensitive substring of the UPN or display name; instr avoids LIKE's wildcard characters.
    clauses.push('(instr(user_upn, @user) > 0 OR instr(lower(user_display), @user) > 0)');
    params['user'] = filter.user.toLowerCase();
  }
  if (filter.status) clauses.push(`outcome IN (${list('status', filter.status)})`);
  if (filter.type) clauses.push(`type IN (${list('type', filter.type)})`);
  if (filter.ip) {
    clauses.push('ip = @ip');
    params['ip'] = filter.ip;
  }
  if (filter.app) {
    clauses.push('(instr(lower(app_name), @app) > 0 OR app_id = @appExact)');
    params['app'] = filter.app.toLowerCase();
    params['appExact'] = filter.app;
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
