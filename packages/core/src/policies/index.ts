export * from './seat-policy';
export * from './gender-adjacency';
export * from './sales-cutoff';
export * from './held-seats-limit';
export * from './seat-policies-from';
