export const DEFAULT_MAX_HEAP_MB: number;
export function cgroupMemoryLimit(read?: (path: string) => string): number | null;
export function serverHeapFlags(env?: Record<string, string | undefined>, limit?: number | null): string[];
