// Filled in by the artifacts work; re-exported from ../index.ts.
export {};
