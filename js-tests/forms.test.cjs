'use strict';
// Forms as the operator types (issue 10): checkNikPrefix, validateField, relatedPaths, strict
// typing of record fields, the name rule agreeing with its hint. Synthetic data only.
const test = require('node:test');
const assert = require('node:assert/strict');
const { emis, TODAY } = require('./pkg.cjs');

const opts = { today: TODAY };

test('checkNikPrefix names the region at 2/4/6 digits, sex and birth date at 12', () => {
  const steps = ['3', '35', '3517', '351701', '35170157', '351701570808', '3517015708080001'];
  const seen = steps.map((v) => emis.checkNikPrefix(v, opts));
  assert.deepEqual(seen.map((r) => r.status), ['incomplete', 'incomplete', 'incomplete', 'incomplete', 'incomplete', 'incomplete', 'ok']);
  assert.deepEqual(seen.map((r) => r.digits), [1, 2, 4, 6, 8, 12, 16]);
  assert.equal(seen[0].parts.provinsi, undefined);
  assert.match(seen[1].parts.provinsi, /Jawa Timur/);
  assert.match(seen[2].parts.kab_kota, /^35\.17 /);
  assert.match(seen[3].parts.kecamatan, /^35\.17\.01 /);
  assert.equal(seen[4].parts.jenis_kelamin, undefined, 'sex is given with the birth date, at 12');
  assert.equal(seen[5].parts.jenis_kelamin, 'P');
  assert.equal(seen[5].parts.tanggal_lahir, '2008-08-17');
  // "incomplete", never "wrong length", while what is typed is right.
  for (const r of seen.slice(0, 6)) {
    assert.deepEqual(r.codes, ['nik.belum_lengkap']);
    assert.equal(r.complete, false);
    assert.match(r.issues[0].messageId, /belum lengkap/);
    assert.equal(r.issues[0].severity, 'warning');
  }
  assert.equal(seen[6].complete, true);
});

test('checkNikPrefix refuses a wrong beginning at once', () => {
  const codes = (v) => emis.checkNikPrefix(v, opts).codes;
  assert.deepEqual(codes('00'), ['nik.provinsi_tidak_valid']);
  assert.deepEqual(codes('99'), ['nik.wilayah_tidak_dikenal']);
  assert.deepEqual(codes('3517019'), ['nik.tanggal_tidak_valid']);
  assert.deepEqual(codes('35a'), ['nik.karakter_tidak_valid']);
  assert.deepEqual(codes('35170117080800011'), ['nik.panjang_salah']);
  assert.equal(emis.checkNikPrefix('00', opts).status, 'invalid');
  assert.throws(() => emis.checkNikPrefix(35), (e) => e.name === 'EmisInputError' && e.code === 'input.bukan_string');
});

test('validateField: the field\'s own issues and those relating it to another field, with relatedPaths', () => {
  const record = { full_name: 'Ahmad Fauzi', birth_date: '2008-08-18', m_gender: 'L' };
  const r = emis.validateField('nik', '3517015708080001', record, opts);
  assert.equal(r.field, 'nik');
  assert.deepEqual(r.codes.sort(), ['nik.jenis_kelamin_berbeda', 'nik.tanggal_lahir_berbeda']);
  const byCode = Object.fromEntries(r.issues.map((i) => [i.code, i]));
  assert.deepEqual(byCode['nik.tanggal_lahir_berbeda'].relatedPaths, ['birth_date']);
  assert.deepEqual(byCode['nik.jenis_kelamin_berbeda'].relatedPaths, ['m_gender']);
  // From the other side: the birth date field sees the same issue.
  const b = emis.validateField('birth_date', '2008-08-18', { ...record, nik: '3517015708080001' }, opts);
  assert.ok(b.codes.includes('nik.tanggal_lahir_berbeda'));
  // A badly typed other field does not stop the check of this one.
  assert.deepEqual(emis.validateField('full_name', 'Ahmad Fauzi', { nik: 3517011708080001, m_gender: {} }, opts).codes, []);
  // Issues of other fields are not this field's.
  assert.deepEqual(emis.validateField('full_name', 'Ahmad Fauzi', {}, opts).codes, []);
  // In a whole validation the related path carries the record index.
  const rep = emis.validateSantri([{ ...record, nik: '3517015708080001' }], opts);
  const rel = rep.issues.find((i) => i.code === 'nik.tanggal_lahir_berbeda');
  assert.equal(rel.path, '[0].nik');
  assert.deepEqual(rel.relatedPaths, ['[0].birth_date']);
  assert.ok(rep.issues.filter((i) => i.code === 'nik.kosong').every((i) => Array.isArray(i.relatedPaths)));
});

test('strict typing: a number, boolean, object or array where text belongs is an issue', () => {
  const rep = emis.validateSantri(
    [{ full_name: {}, nik: 3517011708080001, nisn: true, birth_place: ['Malang'], parents: { mother_full_name: 7 } }],
    opts,
  );
  const at = (path) => rep.issues.filter((i) => i.path === path).map((i) => [i.code, i.params.tipe]);
  assert.deepEqual(at('[0].full_name'), [['isian.bukan_teks', 'objek']]);
  assert.deepEqual(at('[0].nik'), [['isian.bukan_teks', 'angka']]);
  assert.deepEqual(at('[0].nisn'), [['isian.bukan_teks', 'boolean']]);
  assert.deepEqual(at('[0].birth_place'), [['isian.bukan_teks', 'array']]);
  assert.deepEqual(at('[0].parents.mother_full_name'), [['isian.bukan_teks', 'angka']]);
  assert.equal(rep.valid, false);
});

test('a NIK as a JS number above 2^53 is an explicit issue, never judged valid', () => {
  // 9517011708080003 is not a JS number: it becomes 9517011708080004.
  const rounded = 9517011708080003;
  const rep = emis.validateSantri([{ full_name: 'Ahmad', nik: rounded }], opts);
  const nik = rep.issues.filter((i) => i.path === '[0].nik');
  assert.deepEqual(nik.map((i) => i.code), ['isian.angka_dibulatkan']);
  assert.match(nik[0].messageId, /2\^53/);
  assert.equal(emis.validateField('nik', rounded).codes[0], 'isian.angka_dibulatkan');
});

test('the name rule agrees with its hint: emoji, markup, control characters and NUL are refused', () => {
  const bad = ['Siti 😀', '<script>alert("x")</script>', 'Ahmad\u0000', 'Ahmad\nFauzi', 'Bu\u200bdi'];
  for (const name of bad) {
    const r = emis.validateField('full_name', name, {}, opts);
    assert.deepEqual(r.codes, ['nama.karakter_tidak_valid'], JSON.stringify(name));
    assert.ok(!r.issues[0].messageId.includes(name), 'the name never appears in the message');
    assert.match(r.issues[0].hintId, /huruf, spasi, titik, koma, apostrof dan tanda hubung/);
  }
  for (const name of ["Siti Nur'aini", 'Muh. Rizky Al-Farisi', 'José']) {
    assert.deepEqual(emis.validateField('full_name', name, {}, opts).codes, [], name);
  }
  const m = emis.validateField('parents.mother_full_name', 'Siti <b>', {}, opts);
  assert.deepEqual(m.codes, ['nama_ibu.karakter_tidak_valid']);
});

test('session token: read and set only when the app opts in', () => {
  const closed = new emis.EmisClient({ baseUrl: 'http://127.0.0.1:9', token: 'tok-closed' });
  assert.throws(() => closed.sessionToken(), (e) => e.name === 'EmisInputError' && e.code === 'input.token_tertutup');
  assert.throws(() => closed.setSessionToken('x'), (e) => e.code === 'input.token_tertutup');
  closed.free();
  const open = new emis.EmisClient({ baseUrl: 'http://127.0.0.1:9', token: 'tok-open', exposeToken: true });
  open.setSessionToken('tok-kept-from-last-visit');
  assert.equal(open.sessionToken(), 'tok-kept-from-last-visit');
  assert.ok(!String(open).includes('tok-kept-from-last-visit'));
  open.free();
  assert.throws(() => new emis.EmisClient({ baseUrl: 'http://127.0.0.1:9', token: 't', exposeToken: 'yes' }), (e) => e.option === 'exposeToken');
});

test('validateFile reads CSV and XLSX with the core reader, with progress and cancellation', async () => {
  const fs = require('node:fs');
  const path = require('node:path');
  const csv = "Nama Lengkap;NIK;L/P;Tanggal Lahir\r\nAhmad Fauzi;'3517011708080001;L;2008-08-17\r\nSiti Aminah;3517015708080000;P;2008-08-17\r\n";
  const phases = [];
  const r = await emis.validateFile(new Blob([csv]), { ...opts, onProgress: (p) => phases.push(p.phase) });
  assert.equal(r.format, 'csv');
  assert.deepEqual(r.rowNumbers, [2, 3]);
  assert.deepEqual(phases, ['read', 'validate', 'done']);
  assert.ok(r.validation.issues.some((i) => i.path === '[1].nik' && i.code === 'nik.nomor_urut_nol'));
  const xlsx = fs.readFileSync(path.join(__dirname, '..', 'emis-core', 'src', 'sheet', 'testdata', 'emis_export.xlsx'));
  const x = await emis.validateFile(new Uint8Array(xlsx), opts);
  assert.equal(x.format, 'xlsx');
  assert.ok(x.rows > 0 && x.sheets.every((s) => typeof s === 'string'));
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(emis.validateFile(new Blob([csv]), { signal: ac.signal }), (e) => e.name === 'AbortError');
  await assert.rejects(emis.validateFile(''), (e) => e.name === 'EmisFileError' && e.code === 'berkas.kosong');
  await assert.rejects(emis.validateFile(42), (e) => e.name === 'EmisInputError');
});
