'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { emis, TODAY, KINDS } = require('./pkg.cjs');

const opts = { today: TODAY };
const isPlain = (x) => x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;

test('valid NIKs: parts, sex, masked value', () => {
  const male = emis.checkNik('3517011708080001', opts);
  assert.equal(male.valid, true);
  assert.equal(male.severity, 'ok');
  assert.equal(male.kind, 'nik');
  assert.deepEqual(male.codes, []);
  assert.deepEqual(male.issues, []);
  assert.equal(male.valueMasked, '3517**********01');
  assert.equal(male.parts.jenis_kelamin, 'L');
  assert.equal(male.parts.tanggal_lahir, '2008-08-17');
  assert.equal(male.parts.nomor_urut, '0001');
  assert.match(male.parts.kab_kota, /^35\.17 /);

  const female = emis.checkNik('3273014503100002', opts);
  assert.equal(female.valid, true);
  assert.equal(female.parts.jenis_kelamin, 'P');
  assert.equal(female.parts.tanggal_lahir, '2010-03-05');
});

test('invalid NIKs carry the expected code', () => {
  for (const [nik, code] of [
    ['3517013002080001', 'nik.tanggal_tidak_valid'],
    ['3517011708080000', 'nik.nomor_urut_nol'],
    ['351701170808001', 'nik.panjang_salah'],
    ['3570011708080001', 'nik.kabkota_tidak_valid'],
    ['3199011708080001', 'nik.wilayah_tidak_dikenal'],
  ]) {
    const r = emis.checkNik(nik, opts);
    assert.equal(r.valid, false, nik);
    assert.equal(r.severity, 'invalid', nik);
    assert.ok(r.codes.includes(code), `${nik}: ${r.codes}`);
    assert.deepEqual(r.codes, r.issues.map((i) => i.code));
    for (const i of r.issues) assert.equal(typeof i.rule, 'number');
  }
  assert.equal(emis.checkNik('351701170808001', opts).valueMasked, null, 'unreadable → null');
  assert.equal(emis.checkNik('3517013002080001', opts).valueMasked, '3517**********01', 'readable but invalid');
});

test('a retired region code is valid with a warning', () => {
  const r = emis.checkNik('9101011708080001', opts);
  assert.equal(r.valid, true);
  assert.equal(r.severity, 'warning');
  assert.deepEqual(r.codes, ['nik.wilayah_lama']);
  assert.equal(r.issues[0].severity, 'warning');
});

test('non-ASCII digits and letters are invalid, never converted', () => {
  for (const nik of [
    '351701170808000\u0661', // Arabic-Indic one
    '\u0663\u0665\u0661\u0667011708080001',
    '３５１７011708080001', // full-width
    '351701170808000²',
    '351701170808000l',
    '3517O11708080001',
  ]) {
    const r = emis.checkNik(nik, opts);
    assert.equal(r.valid, false, nik);
    assert.deepEqual(r.codes, ['nik.karakter_tidak_valid'], nik);
    assert.equal(r.valueMasked, null);
  }
  // Separators operators type are fine.
  assert.equal(emis.checkNik(' 3517 0117 0808 0001 ', opts).valid, true);
  assert.equal(emis.checkNik('3517-0117-0808-0001', opts).valid, true);
});

test('results are plain objects and arrays, never Map or class instances', () => {
  const r = emis.checkNik('3517013002080001', opts);
  assert.ok(isPlain(r));
  assert.ok(isPlain(r.parts));
  assert.ok(Array.isArray(r.issues) && Array.isArray(r.codes));
  for (const i of r.issues) {
    assert.ok(isPlain(i));
    assert.ok(isPlain(i.params));
    assert.ok(!(i.params instanceof Map));
    for (const key of ['code', 'severity', 'path', 'messageId', 'messageEn', 'hintId', 'hintEn']) {
      assert.equal(typeof i[key], 'string', key);
    }
    assert.equal('input' in i, false, 'no input unless includeInput');
  }
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r, 'survives a JSON round trip unchanged');
});

test('identifiers come back as strings, leading zeros kept', () => {
  assert.equal(emis.parseNisn('0081234567'), '0081234567');
  assert.equal(typeof emis.parseNik('3517011708080001'), 'string');
  assert.equal(emis.parseNspp('5100.32.73.0145'), '510032730145');
  assert.equal(emis.parse('nsm', '131235250041'), '131235250041');
  for (const v of Object.values(emis.checkNik('3517011708080001', opts).parts)) assert.equal(typeof v, 'string');
  const nspp = emis.checkNspp('510035170001', opts);
  assert.equal(nspp.valueMasked, '510035170001', 'institution numbers are public');
  assert.equal(nspp.kind, 'nomor_statistik');
});

test('every kind has check* and parse*, and check(kind) agrees', () => {
  const examples = [
    ['nik', 'checkNik', 'parseNik', '3517011708080001', '351701170808001'],
    ['kk', 'checkKk', 'parseKk', '3205011203240003', '320501120324000'],
    ['nisn', 'checkNisn', 'parseNisn', '0081234567', '008123456'],
    ['nip', 'checkNip', 'parseNip', '199001012020121001', '199001012020123001'],
    ['nuptk', 'checkNuptk', 'parseNuptk', '1234567890123456', '123456789012345'],
    ['nspp', 'checkNspp', 'parseNspp', '510035170001', '51003273014'],
    ['npsn', 'checkNpsn', 'parseNpsn', '20320271', '2032027'],
    ['nism', 'checkNism', 'parseNism', '311232050001240007', '31123205000124000'],
  ];
  for (const [kind, checkFn, parseFn, good, bad] of examples) {
    const g = emis[checkFn](good, opts);
    assert.equal(g.valid, true, `${kind} ${good}: ${g.codes}`);
    assert.deepEqual(emis.check(kind, good, opts), g);
    assert.equal(emis[parseFn](good), good);
    assert.equal(emis.parse(kind, good), good);
    const b = emis[checkFn](bad, opts);
    assert.equal(b.valid, false, `${kind} ${bad}`);
    assert.throws(() => emis[parseFn](bad), { name: 'EmisValidationError' });
  }
  assert.equal(emis.check('NIK', '3517011708080001', opts).valid, true, 'kind names are case-insensitive');
});

test('the kinds of the rule catalogue are the kinds the package checks', () => {
  const kinds = KINDS;
  assert.ok(kinds.length >= 8);
  for (const kind of kinds) {
    const r = emis.check(kind, '', opts);
    assert.equal(r.kind, kind);
    assert.deepEqual(r.codes, [`${kind}.kosong`]);
  }
  const single = (prefix) =>
    Object.keys(emis).filter((k) => k.startsWith(prefix) && /^[A-Z]/.test(k.slice(prefix.length)) && !['checkNiks', 'checkMany', 'checkNikPrefix'].includes(k));
  assert.equal(single('check').length, kinds.length, single('check').join());
  assert.equal(single('parse').length, kinds.length, single('parse').join());
});

test('parse throws EmisValidationError with codes and issues, never the input', () => {
  let caught;
  try {
    emis.parseNik('3517013002080001');
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, 'EmisValidationError');
  assert.equal(caught.code, 'nik.tanggal_tidak_valid');
  assert.equal(caught.kind, 'nik');
  assert.deepEqual(caught.codes, ['nik.tanggal_tidak_valid']);
  assert.equal(caught.issues[0].code, 'nik.tanggal_tidak_valid');
  assert.ok(!caught.message.includes('3517013002080001'));
  assert.ok(!JSON.stringify(caught.issues).includes('3517013002080001'));
  assert.ok(typeof caught.stack === 'string');
  // Warnings alone do not make parse fail.
  assert.equal(emis.parseNik('9101011708080001'), '9101011708080001');
});

test('messages never contain the input; includeInput puts it in issue.input only', () => {
  const nik = '3517013002080000';
  const r = emis.checkNik(nik, opts);
  assert.ok(r.issues.length >= 2);
  assert.ok(!JSON.stringify(r).includes(nik));
  const withInput = emis.checkNik(nik, { ...opts, includeInput: true });
  for (const i of withInput.issues) {
    assert.equal(i.input, nik);
    for (const key of ['messageId', 'messageEn', 'hintId', 'hintEn']) assert.ok(!i[key].includes(nik));
  }
});

test('today: Date, string or default', () => {
  // yy = 26, 17 Dec: 2026-12-17 is after "today" 2026-11-30, so the century is 19.
  const nik = '3517011712260001';
  assert.equal(emis.checkNik(nik, { today: '2026-11-30' }).parts.tanggal_lahir, '1926-12-17');
  assert.equal(emis.checkNik(nik, { today: '2027-01-01' }).parts.tanggal_lahir, '2026-12-17');
  assert.equal(emis.checkNik(nik, { today: new Date(2027, 0, 1) }).parts.tanggal_lahir, '2026-12-17');
  assert.equal(emis.checkNik('3517011708080001').valid, true, 'default today');
  assert.equal(emis.checkNik('3517011708080001', {}).valid, true);
  assert.equal(emis.checkNik('3517011708080001', null).valid, true);
});

test('rules() and version()', () => {
  const rules = emis.rules();
  assert.ok(Array.isArray(rules) && rules.length > 50);
  const codes = new Set(rules.map((r) => r.code));
  assert.equal(codes.size, rules.length, 'codes are unique');
  for (const c of ['nik.tanggal_tidak_valid', 'nik.wilayah_lama', 'nama_ibu.placeholder']) assert.ok(codes.has(c), c);
  for (const r of rules) {
    assert.ok(isPlain(r));
    assert.ok(['info', 'warning', 'invalid'].includes(r.severity));
    assert.ok(['identifier', 'record', 'roster', 'server', 'sync', 'client', 'registration'].includes(r.scope));
    assert.equal(typeof r.messageEn, 'string');
  }
  const pkg = require('../target/pkg/nodejs/package.json');
  assert.equal(emis.version(), pkg.version);
});
