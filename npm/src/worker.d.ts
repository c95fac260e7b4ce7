// The worker module has no exports: it is started with `new Worker(url, { type: 'module' })`.
export {};
