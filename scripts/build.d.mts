/** Importing the build script bundles the command line to dist/hna.mjs (its top-level await). */
export declare const FUNCTION_BUILD: Record<string, unknown>;
export declare function buildFunctions(directory?: string, extra?: Record<string, unknown>): Promise<void>;
