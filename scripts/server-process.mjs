// How the compiled server runs everywhere (`npm start`, the tests' servers, the benchmarks). These
// settings only take effect when a process starts, so the server always runs in a process of its own.
import { serverBundle } from './paths.mjs';

/**
 * V8 lets its old generation grow to as much as four times what is live
 * before collecting it: with 10,000 charge points sending 1,000 messages/s
 * that was some 400 MiB of garbage. 1.5 times keeps the heap near its live
 * size, with no hard cap to run out of.
 */
export const SERVER_NODE_ARGS = ['--heap-growing-percent=50'];

/**
 * glibc raises its mmap threshold after a large block is freed and then keeps
 * freed memory in per-thread arenas (the database thread's start-up left
 * some 130 MiB there). A fixed threshold returns large blocks to the system.
 */
export const SERVER_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' };

/** Arguments for `spawn(process.execPath, …)`: `extraNodeArgs` (e.g. profiling) come first. */
export const serverArgs = (bundle = serverBundle, extraNodeArgs = []) => [...extraNodeArgs, ...SERVER_NODE_ARGS, bundle];
