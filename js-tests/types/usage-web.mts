// Usage of the ES module package (target/pkg/web) as a TypeScript user would write it.
import init, { checkNik, checkNiks, checkMany, initSync, EmisClient, type IdCheck, type InitOutput, type Lembaga } from '../../target/pkg/web/index.js';
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

export async function lembaga(bytes: BufferSource): Promise<Lembaga> {
  await init({ module_or_path: bytes });
  using client = new EmisClient({ baseUrl: 'https://api-emis.kemenag.go.id', token: 't' });
  return client.lembagaInfo('510035170001');
}
