// Filled in by the crs work; re-exported from ../index.ts.
export {};
