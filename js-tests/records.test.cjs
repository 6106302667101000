'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { emis, TODAY } = require('./pkg.cjs');

const isPlain = (x) => x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;

const goodFlat = {
  full_name: 'Ahmad Fauzi',
  nik: '3517011708080001',
  kk_num: '3517011203240003',
  nisn: '0081234567',
  birth_place: 'JOMBANG',
  birth_date: '2008-08-17',
  m_gender: 'L',
  status_mukim: 'mukim',
  mother_full_name: 'Siti Aminah',
  father_nik: '3517010101750003',
  study_group: 'Kelas 10 - A',
  m_level_id: 'Ulya',
  admission_date: '2024-07-15',
};

const goodNested = {
  full_name: 'Siti Rahma',
  nik: '3273014503100002',
  nisn: '0101234567',
  birth_place: 'BANDUNG',
  birth_date: '2010-03-05',
  m_gender: { id: 2, name: 'Perempuan' },
  status_mukim: 'non-mukim',
  parents: { mother_full_name: 'Nur Aini', father_nik: '3273010101800001' },
  learning_activity: { study_group: 'Kelas 8 - B', m_level_id: 'Wustha', admission_date: '2022-07-11' },
};

const opts = { today: TODAY, lembagaKind: 'pontren' };

function at(report, path, code) {
  return report.issues.some((i) => i.path === path && i.code === code);
}

test('clean flat and nested records: valid report, plain objects', () => {
  const r = emis.validateSantri([goodFlat, goodNested], opts);
  assert.ok(isPlain(r));
  assert.deepEqual(
    r.issues.filter((i) => i.severity === 'invalid'),
    [],
  );
  assert.equal(r.valid, true);
  assert.equal(r.invalidCount, 0);
  assert.equal(typeof r.warningCount, 'number');
  assert.deepEqual(r.codes, [...new Set(r.issues.map((i) => i.code))]);
});

test('flat row with problems: codes at [i].field paths', () => {
  const bad = {
    full_name: 'Budi 2',
    nik: '3517013002080000',
    birth_date: '2030-01-01',
    m_gender: 'X',
    mother_full_name: 'Bunda',
    birth_place: 'Kab.semarang',
  };
  const r = emis.validateSantri([goodFlat, bad], opts);
  assert.equal(r.valid, false);
  assert.equal(r.severity, 'invalid');
  for (const [path, code] of [
    ['[1].full_name', 'nama.mengandung_angka'],
    ['[1].nik', 'nik.tanggal_tidak_valid'],
    ['[1].nik', 'nik.nomor_urut_nol'],
    ['[1].birth_date', 'tanggal_lahir.masa_depan'],
    ['[1].m_gender', 'jenis_kelamin.tidak_valid'],
    ['[1].parents.mother_full_name', 'nama_ibu.placeholder'],
    ['[1].status_mukim', 'status_mukim.wajib'],
  ]) {
    assert.ok(at(r, path, code), `missing ${path} ${code}: ${JSON.stringify(r.issues.map((i) => [i.path, i.code]))}`);
  }
  assert.ok(!r.issues.some((i) => i.path.startsWith('[0]')), 'the good record has no issue');
  assert.equal(r.invalidCount, r.issues.filter((i) => i.severity === 'invalid').length);
  assert.ok(!JSON.stringify(r).includes('3517013002080000'), 'no NIK in the report');
});

test('nested EMIS JSON: nested paths', () => {
  const bad = {
    ...goodNested,
    parents: { mother_full_name: 'IBU', mother_nik: '3273014503100002' },
    learning_activity: { study_group: 'Kelas 8 - B', admission_date: '2022-07-11', exit_date: '2021-01-01' },
  };
  const r = emis.validateSantri([bad], opts);
  assert.ok(at(r, '[0].parents.mother_full_name', 'nama_ibu.placeholder'), JSON.stringify(r.codes));
  assert.ok(r.codes.includes('nik.sama_dengan_orang_tua'), JSON.stringify(r.codes));
  assert.ok(r.issues.every((i) => i.path.startsWith('[0]')));
});

test('roster rules: duplicate NIK among records', () => {
  const r = emis.validateSantri([goodFlat, { ...goodFlat, full_name: 'Ahmad Fauzan' }], opts);
  assert.ok(at(r, '[0].nik', 'nik.ganda'));
  assert.ok(at(r, '[1].nik', 'nik.ganda'));
});

test('identifiers given as numbers are an issue of their own, not silently converted', () => {
  const r = emis.validateSantri([{ ...goodFlat, nisn: 81234567 }], opts);
  assert.ok(at(r, '[0].nisn', 'isian.bukan_teks'), 'a number where text belongs');
  assert.ok(!at(r, '[0].nisn', 'nisn.panjang_salah'), 'no second issue about digits the caller never meant');
});

test('includeInput adds issue.input; without it, no value appears anywhere', () => {
  const rec = { ...goodFlat, nik: '3517013002080001', mother_full_name: 'Bunda' };
  const plain = emis.validateSantri([rec], opts);
  const text = JSON.stringify(plain);
  assert.ok(!text.includes('3517013002080001'));
  assert.ok(!plain.issues.some((i) => 'input' in i));
  const withInput = emis.validateSantri([rec], { ...opts, includeInput: true });
  const nikIssue = withInput.issues.find((i) => i.code === 'nik.tanggal_tidak_valid');
  assert.equal(nikIssue.input, '3517013002080001');
  assert.ok(!nikIssue.messageId.includes('3517013002080001'));
  assert.ok(!nikIssue.messageEn.includes('3517013002080001'));
});

test('lembagaKind changes the rules (status_mukim only for pontren)', () => {
  const rec = { ...goodFlat };
  delete rec.status_mukim;
  assert.ok(emis.validateSantri([rec], { today: TODAY, lembagaKind: 'pontren' }).codes.includes('status_mukim.wajib'));
  assert.ok(emis.validateSantri([rec], { today: TODAY, lembagaKind: 1 }).codes.includes('status_mukim.wajib'));
  assert.ok(!emis.validateSantri([rec], { today: TODAY, lembagaKind: 'mdt' }).codes.includes('status_mukim.wajib'));
});

test('validateGtk: flat rows', () => {
  const gtk = {
    full_name: 'Hasan Basri',
    nik: '3517011708800001',
    nip: '198008172005011001',
    birth_date: '1980-08-17',
    birth_place: 'JOMBANG',
    m_gender: 'L',
    mother_name: 'Aminah',
    status_kepegawaian: 'PNS',
  };
  const ok = emis.validateGtk([gtk], { today: TODAY });
  assert.ok(isPlain(ok));
  assert.equal(ok.invalidCount, 0, JSON.stringify(ok.codes));
  const r = emis.validateGtk([gtk, { ...gtk, nik: '3517011708800000', nip: undefined }], { today: TODAY });
  assert.ok(at(r, '[1].nik', 'nik.nomor_urut_nol'), JSON.stringify(r.issues.map((i) => [i.path, i.code])));
  assert.ok(r.codes.includes('gtk.nip_wajib'), JSON.stringify(r.codes));
  assert.equal(emis.validateGtk([], { today: TODAY }).valid, true);
});
