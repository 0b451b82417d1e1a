// Dates as partners' exports write them: a layout of day, month and year tokens (`DD/MM/YYYY`, `D M YY`,
// `MM/YYYY`, `YYYY`), in one column or split over several, padded or not, with two-digit years read through a
// pivot. Pure functions; the result is an ISO date at the precision the file gives (YYYY-MM-DD, YYYY-MM or YYYY).

/** One part of a date layout. */
type Token = 'D' | 'M' | 'Y2' | 'Y4';

/** A checked date layout: its tokens in order, and the two-digit year pivot. */
export interface DateLayout {
  tokens: readonly Token[];
  /** A two-digit year at or below this is 20yy, above it 19yy. */
  pivot: number;
}

const TOKEN = /YYYY|YY|MM|DD|M|D/g;

/** The default pivot: two-digit years up to this year's are this century (no date of birth is in the future). */
export function defaultPivot(today: string): number {
  return Number(today.slice(2, 4));
}

/** Reads a layout such as `DD/MM/YYYY`, `YYYYMMDD`, `D M YY` or `MM/YYYY`; throws a message naming what is wrong. */
export function parseDateLayout(format: string, pivot: number): DateLayout {
  const tokens: Token[] = [];
  const rest = format.replace(TOKEN, (t) => {
    tokens.push(t.startsWith('Y') ? (t.length === 4 ? 'Y4' : 'Y2') : (t[0] as 'D' | 'M'));
    return '';
  });
  if (/[A-Za-z0-9]/.test(rest)) throw new Error(`format "${format}" holds letters other than D, M and Y (use DD or D, MM or M, YYYY or YY)`);
  const count = (pred: (t: Token) => boolean): number => tokens.filter(pred).length;
  if (count((t) => t === 'Y2' || t === 'Y4') !== 1) throw new Error(`format "${format}" must hold the year once (YYYY or YY)`);
  if (count((t) => t === 'M') > 1 || count((t) => t === 'D') > 1) throw new Error(`format "${format}" holds the day or the month twice`);
  if (tokens.includes('D') && !tokens.includes('M')) throw new Error(`format "${format}" has a day but no month`);
  if (!Number.isInteger(pivot) || pivot < 0 || pivot > 99) throw new Error('pivot must be a whole number from 0 to 99');
  return { tokens, pivot };
}

const WIDTH: Readonly<Record<Token, number>> = { D: 2, M: 2, Y2: 2, Y4: 4 };

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A date in the layout as ISO at the precision given: `YYYY-MM-DD`, `YYYY-MM` (no day) or `YYYY` (year only).
 * `parts` is either one value (split on anything that is not a digit, or cut by the layout's widths when it is all
 * digits) or one value per token (split columns; an empty day or month leaves the date at the coarser precision).
 * Returns null when the value does not fit the layout; the day is not checked against the calendar here.
 */
export function readDate(parts: readonly string[], layout: DateLayout): string | null {
  let values: string[];
  if (parts.length === layout.tokens.length && parts.length > 1) values = parts.map((p) => p.trim());
  else {
    const value = parts.join(' ').trim();
    if (value.length === 0) return null;
    const pieces = value.split(/[^0-9]+/).filter((p) => p.length > 0);
    if (pieces.length === layout.tokens.length) values = pieces;
    else if (pieces.length === 1 && pieces[0]!.length === layout.tokens.reduce((n, t) => n + WIDTH[t], 0)) {
      let at = 0;
      values = layout.tokens.map((t) => {
        const piece = pieces[0]!.slice(at, at + WIDTH[t]);
        at += WIDTH[t];
        return piece;
      });
    } else return null;
  }
  let year: number | null = null;
  let month: number | null = null;
  let day: number | null = null;
  for (let i = 0; i < layout.tokens.length; i++) {
    const v = values[i]!;
    const t = layout.tokens[i]!;
    if (v.length === 0) {
      if (t === 'Y2' || t === 'Y4') return null;
      continue; // a split day or month left empty
    }
    if (!/^\d+$/.test(v)) return null;
    const n = Number(v);
    if (t === 'Y4' || t === 'Y2') {
      if (v.length === 4) year = n;
      else if (v.length === 2) year = n <= layout.pivot ? 2000 + n : 1900 + n;
      else return null;
    } else if (v.length > 2) return null;
    else if (t === 'M') month = n;
    else day = n;
  }
  if (year === null) return null;
  if (month === null) return day === null ? String(year) : null;
  if (month < 1 || month > 12) return null;
  if (day === null) return `${year}-${pad(month)}`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The precision of a date of birth as the hub holds it: a full date, a month (YYYY-MM) or a year (YYYY); null for anything else. */
export function datePrecision(iso: string): 'DAY' | 'MONTH' | 'YEAR' | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return 'DAY';
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(iso)) return 'MONTH';
  if (/^\d{4}$/.test(iso)) return 'YEAR';
  return null;
}
