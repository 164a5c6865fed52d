// Geography shared by every module: point -> grid lookup, datum conversion and metric measures.
export { GridIndex, DEFAULT_H3_RESOLUTION, type GridShape, type GridGeometry } from './grid-index.ts';
export { GridIndexCache, gridIndexCache } from './grid-index-cache.ts';
export * from './coords.ts';
