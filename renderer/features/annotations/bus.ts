// Two small in-page signals between parts of the UI that do not own each other:
// - annotations changed (the grid refreshes its tag / note / bookmark columns, the details pane reloads);
// - the `t` and `n` keys ask whoever holds the selection to open the tag picker or the note editor.
export type AnnotationCommand = 'tag' | 'note';

const changed = new Set<() => void>();
const commands = new Set<(cmd: AnnotationCommand) => void>();

export function notifyAnnotationsChanged(): void {
  for (const cb of [...changed]) cb();
}

export function onAnnotationsChanged(cb: () => void): () => void {
  changed.add(cb);
  return () => changed.delete(cb);
}

/** Asks the view holding a selection to tag or note it. Returns whether anyone listened. */
export function requestAnnotationCommand(cmd: AnnotationCommand): boolean {
  for (const cb of [...commands]) cb(cmd);
  return commands.size > 0;
}

export function onAnnotationCommand(cb: (cmd: AnnotationCommand) => void): () => void {
  commands.add(cb);
  return () => commands.delete(cb);
}
