// The left navigation: every view of the shell, in the order UI.md gives.
export type ViewId = 'signins' | 'map' | 'timeline' | 'findings' | 'entities' | 'evidence' | 'report' | 'collect';

export const views: { id: ViewId; label: string; key: string; ready: boolean }[] = [
  { id: 'signins', label: 'Sign-ins', key: 's', ready: true },
  { id: 'map', label: 'Map', key: 'm', ready: true },
  { id: 'timeline', label: 'Timeline', key: 't', ready: true },
  { id: 'findings', label: 'Findings', key: 'f', ready: true },
  { id: 'entities', label: 'Entities', key: 'n', ready: true },
  { id: 'evidence', label: 'Evidence', key: 'e', ready: true },
  { id: 'report', label: 'Report', key: 'r', ready: true },
  { id: 'collect', label: 'Collect', key: 'c', ready: true },
];
