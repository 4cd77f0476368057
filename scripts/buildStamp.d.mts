export type BuildKind = 'server' | 'admin';
export declare const ROOT: string;
export declare const SERVER_DIST_DIR: string;
export declare const ADMIN_DIST_DIR: string;
export declare function hasSources(): boolean;
export declare function sourceHash(kind: BuildKind): string;
export declare function buildState(kind: BuildKind): { fresh: boolean; hash: string };
export declare function writeStamp(kind: BuildKind, hash: string): void;
export declare function withBuildLock<T>(name: string, work: () => Promise<T>): Promise<T>;
