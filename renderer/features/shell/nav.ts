// The left navigation: every view of the shell, in the order UI.md gives.
export type ViewId = 'signins' | 'map' | 'timeline' | 'findings' | 'evidence' | 'report' | 'collect';

export const views: { id: ViewId; label: string; key: string; ready: boolean }[] = [
  { id: 'signins', label: 'Sign-ins', key: 's', ready: true },
  { id: 'map', label: 'Map', key: 'm', ready: false },
  { id: 'timeline', label: 'Timeline', key: 't', ready: false },
  { id: 'findings', label: 'Findings', key: 'f', ready: false },
  { id: 'evidence', label: 'Evidence', key: 'e', ready: true },
  { id: 'report', label: 'Report', key: 'r', ready: false },
  { id: 'collect', label: 'Collect', key: 'c', ready: true },
];
