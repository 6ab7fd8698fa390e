// Vite/Vitest `?raw` imports (used by the docs-consistency tests).
declare module '*.md?raw' {
  const content: string;
  export default content;
}
