// Sign-in times of the CSV exports whose dates should be ISO or Log Analytics' en-US
// `M/D/YYYY, h:mm:ss AM/PM` (formats.md §2, §5), but which a spreadsheet may have saved again in its
// own locale: `28/04/2021 14:08:45`, `3/04/2021 2:08:45 PM`. The order of day and month is learned
// from the dates themselves while the rows stream by (no second pass over a large file):
//  - a date with a first number above 12 can only be day-first, one with a second above 12 only
//    month-first; two such dates that disagree refuse the file;
//  - an undecidable date in the export's own form (with AM/PM) is read month-first, as the export
//    writes it; if a day-first date turns up after such dates were read, the file is refused and the
//    analyst asked for `--date-order`, so no date is ever silently read the wrong way round;
//  - an undecidable date in another form, before any date has told the order, refuses the file
//    unless `--date-order` was given.
// The order found is written to `ctx.dateOrder`, which the import records with the evidence, so a
// record read again later is read the same way.
import { localeDateFields, parseLocaleDate, parseUtc } from './dates';
import { FileRejected, type DateOrder, type ReadContext } from './types';

const ISO_LIKE = /^\s*\d{4}-/;
const WITH_AM_PM = /[AaPp]\.?[Mm]\.?\s*$/;

const spell = (order: DateOrder) => (order === 'dmy' ? 'day-first (D/M/YYYY)' : 'month-first (M/D/YYYY)');

type Sighting = { text: string; line: number };

/** A parser of one file's sign-in times; `line` is the record's, for the messages. */
export function csvDateReader(ctx: ReadContext): (text: string, line: number) => number | null {
  const given = ctx.dateOrder;
  let found: (Sighting & { order: DateOrder }) | null = null;
  let assumed: Sighting | null = null;

  return (text, line) => {
    if (ISO_LIKE.test(text)) return parseUtc(text);
    const fields = localeDateFields(text);
    if (!fields) return null;
    const decisive: DateOrder | null = fields.first > 12 ? 'dmy' : fields.second > 12 ? 'mdy' : null;
    if (decisive) {
      if (given && given !== decisive) {
        throw new FileRejected(`${ctx.name}: "${text}" at line ${line} can only be ${spell(decisive)}, but --date-order ${given} was given; nothing was imported`);
      }
      if (found && found.order !== decisive) {
        throw new FileRejected(
          `${ctx.name}: the dates mix day-first and month-first order ("${found.text}" at line ${found.line} can only be ${spell(found.order)}, ` +
            `"${text}" at line ${line} only ${spell(decisive)}), so no date in it can be trusted; nothing was imported`,
        );
      }
      if (!given && decisive === 'dmy' && assumed) {
        throw new FileRejected(
          `${ctx.name}: its dates are day-first ("${text}" at line ${line}), but earlier ones such as "${assumed.text}" at line ${assumed.line} ` +
            `could be read either way and were taken as the export's month-first; nothing was imported. Import it again with --date-order dmy.`,
        );
      }
      if (!found) {
        found = { text, line, order: decisive };
        ctx.dateOrder = decisive;
        if (decisive === 'dmy') ctx.warnings.add('date-order', `dates read as ${spell('dmy')}: "${text}" at line ${line} can be read no other way`);
      }
      return parseLocaleDate(text, decisive);
    }
    const order = given ?? found?.order;
    if (order) return parseLocaleDate(text, order);
    if (!WITH_AM_PM.test(text)) {
      throw new FileRejected(
        `${ctx.name}: the dates (e.g. "${text}" at line ${line}) are not in the export's own form and could be day/month or month/day, ` +
          `and no date before it has a day above 12 to tell; nothing was imported. Import it again with --date-order dmy or --date-order mdy (the order of the computer that saved it).`,
      );
    }
    assumed ??= { text, line };
    ctx.dateOrder = 'mdy';
    return parseLocaleDate(text, 'mdy');
  };
}
