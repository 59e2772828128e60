export * from './seat-policy';
export * from './gender-adjacency';
export * from './sales-cutoff';
export * from './max-open-reservations';
export * from './seat-policies-from';
