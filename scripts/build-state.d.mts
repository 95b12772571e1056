export function sourceHash(root?: string): string;
export function buildIsCurrent(root?: string): boolean;
export const STAMP: string;
export function buildPhase(text: string, phase: string): string;
