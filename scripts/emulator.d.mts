export const MOTO_REQUIREMENT: string;
export const PYTHON_REQUIREMENTS: string[];
export const CFN_LINT: string;
export function installEmulator(): string;
export const CHECKOV_REQUIREMENT: string;
export const CHECKOV: string;
export function installCheckov(): string;
export function startEmulator(): Promise<{ url: string; stop: () => Promise<void> }>;
