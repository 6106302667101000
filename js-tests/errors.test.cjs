'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { emis, TODAY, KINDS } = require('./pkg.cjs');

/** Calls `f`, expects a throw, returns what was thrown. */
function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('expected a throw');
}

function assertEmisError(e, name, code) {
  assert.ok(e instanceof Error, `not an Error: ${typeof e} ${e}`);
  assert.equal(typeof e, 'object');
  assert.equal(e.name, name);
  assert.equal(e.code, code);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0);
  assert.equal(typeof e.stack, 'string');
}

test('a value that is not a string: TypeError named EmisInputError', () => {
  for (const v of [3517011708080001, 3517011708080001n, null, undefined, {}, ['3517011708080001'], true]) {
    const e = thrown(() => emis.checkNik(v));
    assertEmisError(e, 'EmisInputError', 'input.bukan_string');
    assert.ok(e instanceof TypeError);
    assertEmisError(thrown(() => emis.parseNik(v)), 'EmisInputError', 'input.bukan_string');
    assertEmisError(thrown(() => emis.check('nisn', v)), 'EmisInputError', 'input.bukan_string');
  }
  // A String object is not a primitive string either.
  assertEmisError(thrown(() => emis.checkNik(new String('3517011708080001'))), 'EmisInputError', 'input.bukan_string');
});

test('an unknown kind: RangeError named EmisInputError', () => {
  for (const k of ['paspor', '', 'nik ktp']) {
    const e = thrown(() => emis.check(k, '1'));
    assertEmisError(e, 'EmisInputError', 'input.jenis_tidak_dikenal');
    assert.ok(e instanceof RangeError);
    assertEmisError(thrown(() => emis.parse(k, '1')), 'EmisInputError', 'input.jenis_tidak_dikenal');
    assertEmisError(thrown(() => emis.checkMany(k, [])), 'EmisInputError', 'input.jenis_tidak_dikenal');
  }
  assertEmisError(thrown(() => emis.check(1, '1')), 'EmisInputError', 'input.bukan_string');
});

test('bad options', () => {
  const bad = [
    [{ today: 'kemarin' }, 'today'],
    [{ today: new Date('not a date') }, 'today'],
    [{ today: 20261130 }, 'today'],
    [{ includeInput: 'yes' }, 'includeInput'],
  ];
  for (const [o, option] of bad) {
    const e = thrown(() => emis.checkNik('3517011708080001', o));
    assertEmisError(e, 'EmisInputError', 'input.opsi_tidak_valid');
    assert.equal(e.option, option);
  }
  for (const o of [{ lembagaKind: 'sekolah' }, { lembagaKind: 9 }, { statisticNum: 510035170001 }]) {
    const e = thrown(() => emis.validateSantri([], o));
    assertEmisError(e, 'EmisInputError', 'input.opsi_tidak_valid');
  }
  assertEmisError(thrown(() => emis.checkNik('3517011708080001', 'today')), 'EmisInputError', 'input.bukan_objek');
  assertEmisError(thrown(() => emis.checkNik('3517011708080001', [])), 'EmisInputError', 'input.bukan_objek');
  // Options a getter cannot read are an input error too, not a crash.
  const trap = {
    get today() {
      throw new Error('boom');
    },
  };
  assertEmisError(thrown(() => emis.checkNik('3517011708080001', trap)), 'EmisInputError', 'input.opsi_tidak_valid');
});

test('records that are not objects: one error listing each, with [i] paths', () => {
  const e = thrown(() => emis.validateSantri([{}, '3517011708080001', null, [], new Map([['nik', '1']])]));
  assertEmisError(e, 'EmisInputError', 'input.bukan_objek');
  assert.ok(e instanceof TypeError);
  assert.equal(e.path, '[1]');
  assert.deepEqual(
    e.issues.map((i) => i.path),
    ['[1]', '[2]', '[3]', '[4]'],
  );
  for (const i of e.issues) {
    assert.equal(i.code, 'input.bukan_objek');
    assert.equal(i.severity, 'invalid');
  }
  assert.ok(!e.message.includes('3517011708080001'));
  assertEmisError(thrown(() => emis.validateSantri({ nik: '1' })), 'EmisInputError', 'input.bukan_array');
  assertEmisError(thrown(() => emis.validateGtk('rows')), 'EmisInputError', 'input.bukan_array');
});

test('records that cannot be read: input.tidak_terbaca, values redacted', () => {
  const e = thrown(() =>
    emis.validateSantri([{ full_name: 'Ahmad' }, { parents: 'Siti Aminah 3517011708080001' }], { today: TODAY }),
  );
  assertEmisError(e, 'EmisInputError', 'input.tidak_terbaca');
  assert.equal(e.path, '[1]');
  assert.ok(!e.message.includes('Siti'), e.message);
  assert.ok(!e.message.includes('3517011708080001'), e.message);
  const circular = { full_name: 'Ahmad' };
  circular.self = circular;
  assertEmisError(thrown(() => emis.validateSantri([circular])), 'EmisInputError', 'input.tidak_terbaca');
  // A BigInt where text belongs is a typed value like a number: an issue of the report.
  const big = emis.validateSantri([{ nik: 1n }], { today: TODAY });
  assert.ok(big.issues.some((i) => i.path === '[0].nik' && i.code === 'isian.bukan_teks' && i.params.tipe === 'BigInt'));
});

test('odd inputs never trap or throw anything but Emis errors', () => {
  const odd = [
    '',
    ' ',
    '\u0000',
    '\uD800',
    '\uDFFF\uD800',
    '😀'.repeat(20),
    '9'.repeat(100000),
    ' '.repeat(10000) + '3517011708080001',
    '3517011708080001\n',
    '35.17.01.17.08.08.00.01',
    '\uFEFF3517011708080001',
  ];
  for (const v of odd) {
    for (const kind of KINDS) {
      const r = emis.check(kind, v, { today: TODAY });
      assert.equal(typeof r.valid, 'boolean');
      try {
        assert.equal(typeof emis.parse(kind, v), 'string');
      } catch (e) {
        assert.equal(e.name, 'EmisValidationError');
      }
    }
  }
  assert.equal(emis.checkNik(' '.repeat(10000) + '3517011708080001').valid, true);
  // The module still works after all of that (no poisoned state).
  assert.equal(emis.checkNik('3517011708080001').valid, true);
});
