/** Types of scripts/build-state.js (plain Node, used before anything is compiled). */
export declare const ROOT: string;
export declare const DIST: string;
export declare const MANIFEST: string;
/** Why dist/ must be rebuilt (one line), or undefined when it is up to date. */
export declare function staleReason(): string | undefined;
