// Filled in by the v2 work; re-exported from ../index.ts.
export {};
