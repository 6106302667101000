'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { emis, KINDS } = require('./pkg.cjs');

const tricky = [
  '3517011708080001',
  '3273014503100002',
  '3517013002080001',
  '3517011708080000',
  '351701170808001',
  '3570011708080001',
  '9101011708080001',
  '3199011708080001',
  '351701170808000\u0661',
  '３５１７011708080001',
  ' 3517 0117 0808 0001 ',
  '3517011708080001\n3517011708080001', // a separator inside one value must not split it
  '3517011708080001\n',
  '\n',
  '',
  '😀3517011708080001',
  '3517011708080001😀',
  '\uD8003517011708080001', // lone surrogate
  '3517011708080001\uDC00',
  'é'.repeat(16),
  ' '.repeat(300) + '3517011708080001',
];

test('checkNiks equals checkNik(v).valid, item by item', () => {
  const got = emis.checkNiks(tricky);
  assert.ok(Array.isArray(got));
  assert.equal(got.length, tricky.length);
  assert.deepEqual(
    got,
    tricky.map((v) => emis.checkNik(v).valid),
  );
  assert.deepEqual(got.slice(0, 8), [true, true, false, false, false, false, true, false]);
  for (const b of got) assert.equal(typeof b, 'boolean');
});

test('non-string items are false, never a throw', () => {
  const values = [3517011708080001, 3517011708080001n, null, undefined, {}, [], new String('3517011708080001'), true, '3517011708080001'];
  assert.deepEqual(emis.checkNiks(values), [false, false, false, false, false, false, false, false, true]);
  // Holes in sparse arrays too.
  const sparse = new Array(3);
  sparse[1] = '3517011708080001';
  assert.deepEqual(emis.checkNiks(sparse), [false, true, false]);
  assert.deepEqual(emis.checkNiks([]), []);
});

test('bad arguments throw EmisInputError', () => {
  for (const v of ['3517011708080001', null, undefined, 5, { length: 1, 0: '3517011708080001' }]) {
    assert.throws(() => emis.checkNiks(v), (e) => e instanceof Error && e.name === 'EmisInputError' && e.code === 'input.bukan_array');
  }
  assert.throws(() => emis.checkMany('paspor', ['1']), { name: 'EmisInputError', code: 'input.jenis_tidak_dikenal' });
});

test('checkMany agrees with check(kind, v) for every kind', () => {
  const values = [
    ...tricky,
    '3205011203240003',
    '0081234567',
    '008123456',
    '199001012020121001',
    '199001012020123001',
    '1234567890123456',
    '510035170001',
    '5100.32.73.0145',
    '20320271',
    '311232050001240007',
    42,
    null,
  ];
  for (const kind of [...KINDS, 'nspp', 'nsm']) {
    assert.deepEqual(
      emis.checkMany(kind, values),
      values.map((v) => typeof v === 'string' && emis.check(kind, v).valid),
      kind,
    );
  }
});

test('checkMany("nip") applies the date rules of check("nip") on the same day', () => {
  // Born 2090-01-01, appointed 2091: a birth date and a TMT year in the future. Only the date
  // rules reject it, which the batch skipped before (it used the core's undated is_valid).
  const future = '209001012091011001';
  assert.equal(emis.checkNip(future).valid, false);
  assert.deepEqual(emis.checkNip(future).codes, ['nip.tanggal_lahir_tidak_valid', 'nip.tmt_tidak_valid']);
  assert.deepEqual(emis.checkMany('nip', [future, '199001012020121001']), [false, true]);
});

test('large batches cross chunk boundaries correctly', () => {
  // 10,007 values (several 4096-value chunks), with non-strings and multi-byte values spread
  // around, plus one value longer than a chunk's character budget.
  const values = [];
  for (let i = 0; i < 10007; i++) {
    const t = tricky[i % tricky.length];
    values.push(i % 97 === 0 ? i : i % 13 === 0 ? '😀' + t : t);
  }
  values.splice(5000, 0, ' '.repeat(5_000_000) + '3517011708080001');
  const got = emis.checkNiks(values);
  assert.equal(got.length, values.length);
  const want = values.map((v) => typeof v === 'string' && emis.checkNik(v).valid);
  assert.deepEqual(got, want);
  assert.equal(got[5000], true);
});
