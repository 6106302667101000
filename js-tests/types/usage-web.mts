// Usage of the ES module package (target/pkg/web) as a TypeScript user would write it.
import init, { checkNik, checkNiks, checkMany, initSync, type IdCheck, type InitOutput } from '../../target/pkg/web/index.js';
import type { Equal, Expect } from './expect.js';

export async function main(bytes: BufferSource): Promise<boolean[]> {
  const out: InitOutput = await init({ module_or_path: bytes });
  void out;
  const r: IdCheck = checkNik('3517011708080001');
  const ok: boolean = r.valid;
  void ok;
  return checkNiks(['3517011708080001']).concat(checkMany('nik', []));
}

export function sync(module: WebAssembly.Module): void {
  initSync({ module });
}

export type W1 = Expect<Equal<ReturnType<typeof checkNik>, IdCheck>>;
