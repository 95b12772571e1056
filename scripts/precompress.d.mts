export function brotli(buf: Buffer): Buffer;
export function precompress(dir: string): { files: number; skipped: number; before: number; after: number };
export const COMPILE_HINT: string;
export function addCompileHints(dir: string): number;
