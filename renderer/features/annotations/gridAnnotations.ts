// The analyst's annotations ride on the grid's row objects under one key the contract never uses
// (`$annotations`), fetched page by page beside the rows; the tag / note / bookmark columns and copy
// read them like any other field.
import type { AnnotationSummary, SignIn } from '../../../preload/contract';
import { api } from '../../api';

export const ANNOTATIONS_KEY = '$annotations';

export type RowAnnotations = Pick<AnnotationSummary, 'tags' | 'notes' | 'bookmarked'>;

export function annotationsOf(s: SignIn): RowAnnotations | undefined {
  return (s as Record<string, unknown>)[ANNOTATIONS_KEY] as RowAnnotations | undefined;
}

/** Fetches the annotations of a page of rows and puts them on the rows; rows stay usable if it fails. */
export async function withAnnotations(rows: SignIn[]): Promise<SignIn[]> {
  if (!rows.length) return rows;
  try {
    const summaries = await api['annotations.summaries']({ targetKind: 'signin', targets: rows.map((r) => r.id) });
    const byId = new Map(summaries.map((s) => [s.target, s]));
    return rows.map((r) => {
      const s = byId.get(r.id);
      return s ? { ...r, [ANNOTATIONS_KEY]: { tags: s.tags, notes: s.notes, bookmarked: s.bookmarked } } : r;
    });
  } catch {
    return rows;
  }
}
