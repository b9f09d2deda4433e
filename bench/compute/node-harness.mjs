// V8 peer for bench/compute.
//
// Usage: node node-harness.mjs kernels.wasm NAME...
// Compiles and instantiates the module once (not timed), then for each NAME
// calls run_NAME once and times that first call with performance.now(), then
// calls it WARM_REPS more times and keeps the best.  Output, one line each:
//   NAME CHECKSUM FIRST_MS WARM_MS
// The first call is what the run script reports: V8 starts every function in
// its Liftoff baseline tier and tiers hot functions up to TurboFan in the
// background; a loop that is already running stays in Liftoff until its
// function is entered again (no on-stack replacement for wasm), so the
// warm figure is closer to V8's steady state.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [file, ...names] = process.argv.slice(2);
const WARM_REPS = Number(process.env.WARM_REPS ?? 3);
const module = new WebAssembly.Module(readFileSync(file));
if (WebAssembly.Module.imports(module).length !== 0) {
  console.error('kernels.wasm has imports; expected an import-free module');
  process.exit(2);
}
const { exports } = new WebAssembly.Instance(module, {});

for (const name of names) {
  const fn = exports[`run_${name}`];
  if (typeof fn !== 'function') {
    console.error(`missing export run_${name}`);
    process.exit(2);
  }
  let t0 = performance.now();
  const first = fn() >>> 0;
  const firstMs = performance.now() - t0;
  let warm = Infinity;
  for (let i = 0; i < WARM_REPS; i++) {
    t0 = performance.now();
    const c = fn() >>> 0;
    const t = performance.now() - t0;
    if (c !== first) {
      console.error(`${name}: not deterministic (${first} then ${c})`);
      process.exit(3);
    }
    warm = Math.min(warm, t);
  }
  console.log(`${name} ${first} ${firstMs.toFixed(3)} ${Number.isFinite(warm) ? warm.toFixed(3) : 'n/a'}`);
}
