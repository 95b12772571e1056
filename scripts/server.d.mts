import type { IncomingMessage, Server, ServerResponse } from "node:http";

export const IMMUTABLE: string;
export const BROTLI_TYPES: Record<string, string>;
export function walkFiles(dir: string): string[];
export function acceptsBrotli(acceptEncoding: string | undefined): boolean;
export interface HeaderRule {
  source?: string;
  regex: string;
  headers: { key: string; value: string }[];
  has?: unknown[];
  missing?: unknown[];
}
export function brotliStatic(options: { staticDir: string; basePath?: string; headerRules?: HeaderRule[] }): ((req: IncomingMessage, res: ServerResponse) => boolean) & { size: number };
export function startServer(options: { dir: string; port: number; hostname?: string; keepAliveTimeout?: number; standalone?: boolean }): Promise<{ server: Server; app: { close(): Promise<void> }; brotliFiles: number }>;
