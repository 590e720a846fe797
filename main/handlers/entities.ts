// Entity profiles and the scope of a compromise (preload/contract/entities.ts).
import fs from 'node:fs';
import { SightlineError, type Handlers } from '../../preload/contract';
import { addScopeToReport, auditedScope, exportScope, indicatorsFromTags, tagScope } from '../entities/actions';
import { caseGuidLookup, parseIndicatorText } from '../entities/indicators';
import { entityProfile } from '../entities/profile';
import { requireCase, type HandlerContext } from './context';

type EntityHandlers = Pick<
  Handlers<HandlerContext>,
  'entities.profile' | 'scope.parse' | 'scope.fromTags' | 'scope.run' | 'scope.tag' | 'scope.addToReport' | 'scope.export' | 'scope.exportDialog'
>;

export const entityHandlers: EntityHandlers = {
  'entities.profile': async ({ kind, value }, ctx) => entityProfile(requireCase(ctx).db, kind, value),
  'scope.parse': async ({ text }, ctx) => parseIndicatorText(text, caseGuidLookup(requireCase(ctx).db)),
  'scope.fromTags': async (_arg, ctx) => {
    const found = indicatorsFromTags(requireCase(ctx).db);
    return { indicators: found ?? [], available: found !== null };
  },
  'scope.run': async ({ indicators }, ctx) => auditedScope(requireCase(ctx).db, indicators, ctx.mode),
  'scope.tag': async ({ indicators, tag }, ctx) => tagScope(requireCase(ctx).db, indicators, tag),
  'scope.addToReport': async ({ indicators }, ctx) => addScopeToReport(requireCase(ctx).db, indicators),
  'scope.export': async ({ indicators, format }, ctx) => {
    const { name, mime, content, accounts } = await exportScope(requireCase(ctx).db, indicators, format);
    return { name, mime, content, accounts };
  },
  'scope.exportDialog': async ({ indicators, format }, ctx) => {
    if (!ctx.dialogs) throw new SightlineError('unsupported', 'file dialogs are only available in the desktop app');
    const file = await ctx.dialogs.pickSavePath(`scope.${format}`, format);
    if (!file) return null;
    const out = await exportScope(requireCase(ctx).db, indicators, format, file);
    fs.writeFileSync(file, out.content);
    return { path: file, accounts: out.accounts };
  },
};
