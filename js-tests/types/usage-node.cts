// Usage of the CommonJS package (target/pkg/nodejs) as a TypeScript user would write it.
import emis = require('../../target/pkg/nodejs');
import type { Equal, Expect } from './expect.js';

const r = emis.checkNik('3517011708080001', { today: new Date(), includeInput: false });
const r2 = emis.checkNik('3517011708080001', { today: '2026-11-30' });
const r3 = emis.check('nspp', '510035170001');
export type T1 = Expect<Equal<typeof r, emis.IdCheck>>;
export type T2 = Expect<Equal<emis.IdCheck['kind'], 'nik' | 'kk' | 'nisn' | 'nip' | 'nuptk' | 'nomor_statistik' | 'npsn' | 'nism'>>;
export type T3 = Expect<Equal<emis.IdCheck['severity'], 'ok' | 'warning' | 'invalid'>>;
export type T4 = Expect<Equal<emis.IdCheck['valueMasked'], string | null>>;
export type T5 = Expect<Equal<emis.IdCheck['parts'], Record<string, string>>>;
export type T6 = Expect<Equal<emis.Issue['severity'], 'warning' | 'invalid'>>;
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
const scope: 'identifier' | 'record' | 'roster' | 'server' | undefined = rule?.scope;

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
