export declare function stalePackages(root: string): string[];
export declare function rebuildIfStale(): void;
