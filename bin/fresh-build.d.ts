export declare const BUILD_STAMP: string;
export declare function freshBuild(root: URL, distDir?: string): string | null;
