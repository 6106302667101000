// Usage of the single package (target/pkg/emis-wasm) as a TypeScript user would write it.
import init, {
  checkNikPrefix, validateField, validateFile, EmisClient, SyncEngine, EmisInitError, EmisFreedError,
  type NikPrefixCheck, type FieldCheck, type FileValidation, type SyncReport,
} from '../../target/pkg/emis-wasm/index.js';
import type { Equal, Expect } from './expect.js';

export async function form(file: Blob): Promise<FileValidation> {
  await init();
  const p: NikPrefixCheck = checkNikPrefix('3517');
  const f: FieldCheck = validateField('nik', '3517011708080001', { full_name: 'Ahmad' });
  void p.parts.provinsi;
  void f.issues.map((i) => i.relatedPaths);
  return validateFile(file, { onProgress: (x) => void x.loaded, signal: new AbortController().signal });
}

export async function sync(): Promise<SyncReport> {
  const c = new EmisClient({ baseUrl: 'http://127.0.0.1:8080', token: 't', exposeToken: true });
  const e = new SyncEngine(c, { santri: [] });
  e.onProgress((p) => void p.stage);
  return e.run({ statisticNum: '510035170001', dryRun: true });
}

export function errors(e: unknown): string {
  if (e instanceof EmisInitError) return e.code;
  if (e instanceof EmisFreedError) return e.code;
  return '';
}

export type P1 = Expect<Equal<ReturnType<typeof checkNikPrefix>, NikPrefixCheck>>;
// @ts-expect-error a number is not a NIK
checkNikPrefix(3517);
