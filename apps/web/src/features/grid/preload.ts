// The field pages' code, fetched together when the grid app opens so all of it is cached offline.
export const PRELOAD: (() => Promise<unknown>)[] = [
  () => import('./report-page.tsx'),
  () => import('./cases-page.tsx'),
  () => import('./patrol-page.tsx'),
  () => import('./visits-page.tsx'),
  () => import('./patrols-page.tsx'),
  () => import('../cases/case-page.tsx'),
  () => import('../cases/point-map.tsx'),
];
