// Vite resolves style imports; the type checker only needs to know they exist.
declare module '*.css';

// The contracts' form validators compiled at build time (src/serve/form-validators.ts).
declare module 'virtual:form-validators' {
  const validators: { id: string; schema: Record<string, unknown>; fns: Record<string, unknown> }[];
  export default validators;
}
