export const MOTO_REQUIREMENT: string;
export function installEmulator(): string;
export function startEmulator(): Promise<{ url: string; stop: () => Promise<void> }>;
