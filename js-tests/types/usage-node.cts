// Usage of the CommonJS package (target/pkg/nodejs) as a TypeScript user would write it.
import emis = require('../../target/pkg/nodejs');
import type { Equal, Expect } from './expect.js';

const r = emis.checkNik('3517011708080001', { today: new Date(), includeInput: false });
const r2 = emis.checkNik('3517011708080001', { today: '2026-11-30' });
const r3 = emis.check('nspp', '510035170001');
export type T1 = Expect<Equal<typeof r, emis.IdCheck>>;
// `IdKind` and `IdKindName` are generated from the core's kinds: canonical kinds vs the names
// accepted as arguments (short names, aliases).
export type T2 = Expect<Equal<emis.IdCheck['kind'], emis.IdKind>>;
export type T2a = Expect<Equal<Extract<emis.IdKind, 'nik' | 'nomor_statistik' | 'nspp' | 'ktp'>, 'nik' | 'nomor_statistik'>>;
export type T2b = Expect<Equal<Extract<emis.IdKindName, 'nik' | 'nspp' | 'no_kk' | 'local_nis' | 'ktp'>, 'nik' | 'nspp' | 'no_kk' | 'local_nis'>>;
export type T3 = Expect<Equal<emis.IdCheck['severity'], 'ok' | 'warning' | 'invalid'>>;
export type T4 = Expect<Equal<emis.IdCheck['valueMasked'], string | null>>;
export type T5 = Expect<Equal<emis.IdCheck['parts'], Record<string, string>>>;
export type T6 = Expect<Equal<emis.Issue['severity'], 'info' | 'warning' | 'invalid'>>;
export type T7 = Expect<Equal<emis.Issue['input'], string | undefined>>;
export type T8 = Expect<Equal<ReturnType<typeof emis.checkNiks>, boolean[]>>;
export type T9 = Expect<Equal<ReturnType<typeof emis.checkMany>, boolean[]>>;
export type T10 = Expect<Equal<ReturnType<typeof emis.parseNik>, string>>;
export type T11 = Expect<Equal<ReturnType<typeof emis.rules>, emis.RuleDef[]>>;
export type T12 = Expect<Equal<ReturnType<typeof emis.validateSantri>, emis.ValidationReport>>;
export type T13 = Expect<Equal<ReturnType<typeof emis.version>, string>>;
export type T14 = Expect<Equal<emis.EmisError['name'], 'EmisInputError' | 'EmisValidationError'>>;

const codes: string[] = r.codes;
const sev: 'ok' | 'warning' | 'invalid' = r2.severity;
const masked: string | null = r3.valueMasked;
const first: emis.Issue | undefined = r.issues[0];
const msg: string | undefined = first?.messageEn;
const sex: string | undefined = r.parts['jenis_kelamin'];

const report = emis.validateSantri([{ nik: '3517011708080001', full_name: 'Ahmad' }], {
  today: '2026-11-30',
  lembagaKind: 'pontren',
  statisticNum: '510035170001',
  includeInput: true,
});
const counts: number = report.invalidCount + report.warningCount;
interface MyRow {
  nik: string;
  full_name: string;
}
const rows: MyRow[] = [{ nik: '3517011708080001', full_name: 'Ahmad' }];
emis.validateSantri(rows); // interfaces are accepted, not only object literals
emis.validateGtk([{ nip: '199001012020121001' }], { lembagaKind: 1 });
const oks: boolean[] = emis.checkNiks(['3517011708080001', 42, null]);
const many: boolean[] = emis.checkMany('nisn', ['0081234567']);
const rule: emis.RuleDef | undefined = emis.rules()[0];
const scope: 'identifier' | 'record' | 'roster' | 'server' | 'sync' | 'client' | 'registration' | undefined = rule?.scope;

try {
  emis.parseNik('3517011708080000');
} catch (e) {
  const err = e as emis.EmisError;
  if (err.name === 'EmisValidationError') {
    const k: emis.IdKind = err.kind;
    const c: string[] = err.codes;
    void k, c;
  } else {
    const code: emis.InputErrorCode = err.code;
    void code;
  }
}

// Misuse the types must reject.
// @ts-expect-error identifiers are strings, not numbers
emis.checkNik(3517011708080001);
// @ts-expect-error unknown kind
emis.check('paspor', '1');
// @ts-expect-error unknown option type
emis.checkNik('1', { today: 20261130 });
// @ts-expect-error lembagaKind outside the known names and 1-7
emis.validateSantri([], { lembagaKind: 9 });
// @ts-expect-error records are objects
emis.validateSantri(['3517011708080001']);
// @ts-expect-error valid is a boolean
const notString: string = r.valid;

void codes, sev, masked, msg, sex, counts, oks, many, scope, notString;

// ---------------------------------------------------------------- EmisClient

const client = new emis.EmisClient({ baseUrl: 'http://127.0.0.1:8080', email: 'op@contoh.sch.id', password: 'rahasia' });
new emis.EmisClient({ baseUrl: 'https://api-emis.kemenag.go.id', publicKey: 'pk', privateKey: 'sk', timeoutMs: 5000 });
new emis.EmisClient({ baseUrl: 'http://127.0.0.1:8080', simpegBaseUrl: 'http://127.0.0.1:8081', prefix: '/v1', maxAttempts: 1, token: 't' });

export type C1 = Expect<Equal<ReturnType<typeof client.login>, Promise<void>>>;
export type C2 = Expect<Equal<ReturnType<typeof client.lembagaInfo>, Promise<emis.Lembaga>>>;
export type C3 = Expect<Equal<ReturnType<typeof client.periods>, Promise<emis.Periode[]>>>;
export type C4 = Expect<Equal<ReturnType<typeof client.santriPage>, Promise<emis.SantriPage>>>;
export type C5 = Expect<Equal<ReturnType<typeof client.santriAll>, Promise<emis.Santri[]>>>;
export type C6 = Expect<Equal<ReturnType<typeof client.santriDetail>, Promise<emis.Santri>>>;
export type C7 = Expect<Equal<ReturnType<typeof client.gtkAll>, Promise<emis.Gtk[]>>>;
export type C8 = Expect<Equal<ReturnType<typeof client.simpegLookup>, Promise<emis.SimpegLookup>>>;
export type C9 = Expect<Equal<ReturnType<typeof client.submitSantriBatch>, Promise<emis.ItemResult[]>>>;
export type C10 = Expect<Equal<ReturnType<typeof client.traffic>, emis.Traffic>>;
export type C11 = Expect<Equal<Parameters<typeof client.santriPage>, [page: number, perPage: number]>>;
export type C12 = Expect<Equal<Parameters<typeof client.santriAll>, [perPage?: number | undefined]>>;
export type C13 = Expect<Equal<Parameters<typeof client.gtkAll>, [statisticNum: string, perPage?: number | undefined]>>;
export type C14 = Expect<Equal<emis.SimpegLookup, { found: false } | { found: true; snapshot: emis.SimpegSnapshot }>>;
export type C15 = Expect<Equal<emis.EmisApiError['code'], emis.ApiErrorCode>>;
export type C16 = Expect<Equal<emis.EmisClientError['name'], 'EmisApiError' | 'EmisInputError' | 'EmisValidationError'>>;
export type C17 = Expect<Equal<emis.PageMeta['totalPages'], number | null>>;
export type C18 = Expect<Equal<emis.ItemResult['status'], 'applied' | 'rejected'>>;
export type C19 = Expect<Equal<emis.Santri['nik'], string | undefined>>;
export type C20 = Expect<Equal<emis.Periode['open_date'], string | null>>;

export async function useClient(): Promise<number> {
  await client.login();
  const l = await client.lembagaInfo('510035170001');
  const name: string = l.name;
  const kind: 1 | 2 | 3 | 4 | 5 | 6 | 7 | undefined = l.institution_group_id;
  const page = await client.santriPage(1, 50);
  const total: number | null = page.meta.total;
  const all = await client.santriAll();
  const first: emis.Santri | undefined = all[0];
  const motherNik: string | undefined = first?.parents.mother_nik;
  const gtk = await client.gtkAll('510035170001', 20);
  const lookup = await client.simpegLookup('199001012020121001');
  if (lookup.found) {
    const nip: string | null = lookup.snapshot.nip_baru;
    void nip;
  } else {
    // @ts-expect-error no snapshot when not found
    void lookup.snapshot;
  }
  const results = await client.submitSantriBatch(
    [
      { op: 'create', key: { nik: '3517011708080001' }, fields: { full_name: 'Ahmad' } },
      { op: 'update', id: 's-000001', fields: { birth_place: 'Malang' } },
      { op: 'deactivate', id: 's-000002', reason: 'lulus' },
      { op: 'mutasi_keluar', id: 's-000003', mutasi: { arah: 'keluar', tanggal: '2026-11-30', ke_statistic_num: '510035170002' } },
    ],
    'sync-2026-11-30-1',
  );
  const rejectedCodes: (string | null)[] = results.filter((r) => r.status === 'rejected').map((r) => r.code);
  const t: emis.Traffic = client.traffic();
  try {
    await client.periods();
  } catch (e) {
    const err = e as emis.EmisClientError;
    if (err.name === 'EmisApiError') {
      const code: emis.ApiErrorCode = err.code;
      const status: number | undefined = err.status;
      void code, status;
    }
  }
  client.free();
  void name, kind, total, motherNik, gtk, rejectedCodes;
  return t.requests + t.bytesIn + t.bytesOut;
}

// @ts-expect-error credentials are required
new emis.EmisClient({ baseUrl: 'http://127.0.0.1:8080' });
// @ts-expect-error exactly one kind of credentials
new emis.EmisClient({ baseUrl: 'http://127.0.0.1:8080', token: 't', email: 'a@b.c', password: 'p' });
// @ts-expect-error a password needs its email
new emis.EmisClient({ baseUrl: 'http://127.0.0.1:8080', password: 'p' });
// @ts-expect-error baseUrl is required
new emis.EmisClient({ token: 't' });
// @ts-expect-error timeoutMs is a number
new emis.EmisClient({ baseUrl: 'http://127.0.0.1:8080', token: 't', timeoutMs: '5000' });
// @ts-expect-error page numbers are numbers
void client.santriPage('1', 50);
// @ts-expect-error statistic numbers are strings
void client.lembagaInfo(510035170001);
// @ts-expect-error unknown change op
void client.submitSantriBatch([{ op: 'delete', id: 's-1' }], 'k');
// @ts-expect-error the idempotency key is required
void client.submitSantriBatch([]);
// @ts-expect-error traffic() is synchronous
void client.traffic().then;
