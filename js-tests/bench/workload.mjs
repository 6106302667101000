// The browser-package benchmark workload, run unchanged in node and in Chromium by web.mjs.
// It imports nothing: the caller passes the initialised package (`emis`) and a clock.
// Synthetic NIKs only.

/** Deterministic synthetic NIKs: real, retired and unknown region prefixes, random dates (half
 *  women, +40) and serials; 3 % too short and 3 % with a letter. */
export function generate(n) {
  const prefixes = ['351701', '327301', '317101', '320501', '910101', '730101', '319901', '357001'];
  let x = 20261130;
  const rnd = (k) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 1;
    return x % k;
  };
  const two = (v) => (v < 10 ? '0' : '') + v;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    let s =
      prefixes[rnd(prefixes.length)] +
      two(1 + rnd(31) + (rnd(2) ? 40 : 0)) +
      two(1 + rnd(12)) +
      two(rnd(100)) +
      String(rnd(10000)).padStart(4, '0');
    const defect = rnd(100);
    if (defect < 3) s = s.slice(0, 15);
    else if (defect < 6) s = s.slice(0, 10) + 'O' + s.slice(11);
    out[i] = s;
  }
  return out;
}

/** The plain-JS check a page would write by hand: 16 digits, a calendar date (day − 40 for
 *  women), serial ≠ 0000. No region table, so it accepts unknown regions. */
export function plainJsValid(s) {
  if (!/^\d{16}$/.test(s)) return false;
  let d = +s.slice(6, 8);
  if (d > 40) d -= 40;
  const m = +s.slice(8, 10);
  const y = 2000 + +s.slice(10, 12);
  if (m < 1 || m > 12 || d < 1) return false;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= dim && s.slice(12) !== '0000';
}

function best(now, f, passes) {
  let min = Infinity;
  let result;
  for (let p = 0; p < passes; p++) {
    const t0 = now();
    result = f();
    min = Math.min(min, now() - t0);
  }
  return { ms: min, result };
}

function pct(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Runs every measurement; `now()` in milliseconds (performance.now). */
export function run(emis, now, n = 1_000_000) {
  const today = '2026-11-30';
  const niks = generate(n);
  emis.checkNiks(niks.slice(0, 10_000));
  const batch = best(now, () => emis.checkNiks(niks), 3);
  const plain = best(now, () => niks.map(plainJsValid), 3);
  const rows = niks.slice(0, 10_000).map((nik, i) => ({
    full_name: `Santri Sintetis ${i % 97 === 0 ? 'Ke' : 'Nomor'} Satu`,
    nik,
    birth_date: '2010-07-01',
    birth_place: 'Jombang',
    m_gender: i % 2 ? 'L' : 'P',
    status_mukim: 'mukim',
    mother_full_name: 'Siti Aminah',
  }));
  emis.validateSantri(rows.slice(0, 100), { today });
  const santri = best(now, () => emis.validateSantri(rows, { today }), 3);
  // Keystrokes: 500 NIKs typed digit by digit (8,000 keystrokes), each one checkNikPrefix of
  // the value so far, and at 16 digits validateField with the record; timed in groups of 10
  // keystrokes (a browser's clock is too coarse for one), reported per keystroke.
  const group = 10;
  const per = [];
  const record = { full_name: 'Santri Sintetis', birth_date: '2010-07-01', m_gender: 'P' };
  let pending = 0;
  let t0 = now();
  for (const nik of niks.slice(0, 500)) {
    for (let k = 1; k <= 16; k++) {
      const value = nik.slice(0, k);
      const p = emis.checkNikPrefix(value, { today });
      if (p.digits === 16) emis.validateField('nik', value, record, { today });
      if (++pending === group) {
        const t1 = now();
        per.push((t1 - t0) / group);
        pending = 0;
        t0 = now();
      }
    }
  }
  per.sort((a, b) => a - b);
  const agree = niks.slice(0, 20_000).every((v, i) => batch.result[i] === emis.checkNik(v, { today }).valid);
  return {
    n,
    checkNiksNsPerNik: (batch.ms * 1e6) / n,
    checkNiksValid: batch.result.filter(Boolean).length,
    plainJsNsPerNik: (plain.ms * 1e6) / n,
    plainJsValid: plain.result.filter(Boolean).length,
    validateSantri10kMs: santri.ms,
    keystrokeMedianUs: pct(per, 0.5) * 1000,
    keystrokeP99Us: pct(per, 0.99) * 1000,
    batchAgreesWithCheckNik: agree,
  };
}
