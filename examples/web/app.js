// The demo page: a santri form checked as the operator types, a spreadsheet checked in the
// page, and a sync against EMIS (or the simulator) with a plan, progress and a receipt.
// Plain ES modules; every rule is the package's (emis-core in wasm), none is written here.
import init, { checkNikPrefix, validateField, validateFileInWorker, EmisClient, SyncEngine, openSyncStateStore } from 'emis-wasm';

const $ = (id) => document.getElementById(id);
const FIELDS = ['full_name', 'nik', 'birth_date', 'm_gender', 'birth_place', 'status_mukim', 'mother_full_name'];
const local = [];

function record() {
  const r = {};
  for (const f of FIELDS) {
    const v = $(`f-${f}`).value.trim();
    if (v !== '') r[f] = v;
  }
  return r;
}

/** Shows the issues of one field under it, and marks the other fields an issue relates to. */
function show(field, check) {
  const box = $(`msg-${field}`);
  box.replaceChildren(
    ...check.issues.map((i) => {
      const p = document.createElement('div');
      p.className = i.severity;
      p.dataset.code = i.code;
      p.textContent = `${i.messageId} ${i.hintId}`;
      return p;
    }),
  );
  const input = $(`f-${field}`);
  input.classList.toggle('invalid', check.severity === 'invalid');
  input.classList.toggle('warning', check.severity === 'warning');
  for (const f of FIELDS) if (f !== field) $(`f-${f}`).classList.remove('related');
  for (const i of check.issues) for (const p of i.relatedPaths) $(`f-${p}`)?.classList.add('related');
}

function onNikInput() {
  const p = checkNikPrefix($('f-nik').value);
  const parts = Object.entries(p.parts).map(([k, v]) => `${k.replace('_', ' ')}: ${v}`);
  const state = { incomplete: 'belum lengkap', invalid: 'tidak valid', warning: 'valid (ada peringatan)', ok: 'valid' }[p.status];
  $('nik-info').textContent = `${p.digits}/16 digit, ${state}${parts.length ? ' — ' + parts.join('; ') : ''}`;
  $('nik-info').dataset.status = p.status;
  show('nik', p.complete ? validateField('nik', $('f-nik').value, record()) : p);
}

function onFieldInput(field) {
  show(field, validateField(field, $(`f-${field}`).value, record()));
}

function addToList(ev) {
  ev.preventDefault();
  const rec = record();
  const problems = FIELDS.map((f) => validateField(f, rec[f] ?? '', rec)).filter((c) => !c.valid);
  FIELDS.forEach((f) => show(f, validateField(f, rec[f] ?? '', rec)));
  if (problems.length) {
    $('status').textContent = `Perbaiki ${problems.length} isian sebelum ditambahkan.`;
    return;
  }
  local.push(rec);
  const tr = document.createElement('tr');
  for (const v of [rec.full_name, checkNikPrefix(rec.nik).parts.kecamatan ?? '', 'siap dikirim']) {
    const td = document.createElement('td');
    td.textContent = v;
    tr.append(td);
  }
  $('local-list').tBodies[0].append(tr);
  $('santri-form').reset();
  $('nik-info').textContent = '';
  $('status').textContent = `${local.length} santri di daftar.`;
}

async function checkFile(file) {
  $('file-progress').value = 0;
  $('file-issues').replaceChildren();
  $('file-summary').textContent = 'Membaca berkas…';
  try {
    // In a Worker: a large workbook never blocks the form.
    const r = await validateFileInWorker(file, {
      onProgress: (p) => ($('file-progress').value = p.total ? p.loaded / p.total : 1),
    });
    const issues = [...r.readIssues.map((i) => [i.path, i]), ...r.validation.issues.map((i) => {
      const n = Number(/^\[(\d+)\]/.exec(i.path)?.[1]);
      return [`baris ${r.rowNumbers[n]}${r.sheets[n] ? ` (${r.sheets[n]})` : ''}, ${i.path.replace(/^\[\d+\]\.?/, '')}`, i];
    })];
    $('file-summary').textContent =
      `${r.rows} baris dibaca (${r.format.toUpperCase()}), ${r.validation.invalidCount} tidak valid, ${r.validation.warningCount} peringatan.`;
    $('file-issues').replaceChildren(
      ...issues.map(([where, i]) => {
        const li = document.createElement('li');
        li.dataset.code = i.code;
        li.textContent = `${where}: ${i.messageId}`;
        return li;
      }),
    );
  } catch (e) {
    $('file-summary').textContent = `${e.message} (${e.code ?? e.name})`;
  }
}

let engine;
let client;
function syncButtons(running) {
  $('plan').disabled = running;
  $('push').disabled = running || !engine;
  $('cancel').disabled = !running;
}

// The outbox, checkpoints and journal survive a reload (IndexedDB): nothing is sent twice.
const stateStore = openSyncStateStore();

async function newEngine() {
  client?.free();
  client = new EmisClient({ baseUrl: $('s-url').value.trim(), email: $('s-email').value.trim(), password: $('s-password').value });
  engine = new SyncEngine(client, { santri: local, state: await stateStore.load($('s-sn').value.trim()) });
  engine.onProgress((p) => {
    $('sync-progress').value = p.total ? p.done / p.total : 0;
    $('sync-status').textContent = `Tahap ${p.stage}: ${p.done}${p.total != null ? '/' + p.total : ''}`;
  });
}

async function run(dryRun) {
  syncButtons(true);
  $('sync-status').textContent = dryRun ? 'Menyusun rencana…' : 'Mengirim…';
  try {
    if (dryRun) await newEngine();
    const r = await engine.run({ statisticNum: $('s-sn').value.trim(), dryRun, simpeg: false });
    await stateStore.save($('s-sn').value.trim(), engine.state());
    const rows = Object.entries(r.planned).filter(([, n]) => n > 0);
    $('sync-plan').tBodies[0].replaceChildren(
      ...rows.map(([op, n]) => {
        const tr = document.createElement('tr');
        tr.dataset.op = op;
        tr.innerHTML = '<th></th><td></td>';
        tr.firstChild.textContent = op;
        tr.lastChild.textContent = String(n);
        return tr;
      }),
    );
    $('sync-progress').value = 1;
    $('sync-status').textContent = dryRun ? 'Rencana siap. Periksa, lalu tekan Kirim.' : `Selesai: ${r.pushed} terkirim.`;
    if (!dryRun) receipt(r);
  } catch (e) {
    // EmisApiError: a code and a clean Bahasa message (network_or_cors, auth, http, ...).
    $('sync-status').textContent = `Gagal (${e.code ?? e.name}): ${e.message}`;
    $('sync-status').dataset.code = e.code ?? '';
  } finally {
    syncButtons(false);
  }
}

function receipt(r) {
  $('r-session').textContent = r.session_id;
  $('r-time').textContent = new Date().toLocaleString('id-ID');
  $('r-sn').textContent = $('s-sn').value.trim();
  $('r-pushed').textContent = String(r.pushed);
  $('r-states').textContent = Object.entries(r.write_states).map(([k, v]) => `${k}: ${v}`).join(', ') || '-';
  $('r-rejected').textContent = String(r.rejected.length);
  $('receipt').hidden = false;
}

try {
  await init();
  $('status').textContent = 'Siap. Semua pemeriksaan berjalan di peramban ini.';
  $('status').dataset.ready = '1';
} catch (e) {
  $('status').textContent = `Gagal memuat: ${e.message} (${e.code})`;
  throw e;
}
$('f-nik').addEventListener('input', onNikInput);
for (const f of FIELDS.filter((f) => f !== 'nik')) {
  $(`f-${f}`).addEventListener('input', () => onFieldInput(f));
  $(`f-${f}`).addEventListener('change', () => onFieldInput(f));
}
$('santri-form').addEventListener('submit', addToList);
$('file').addEventListener('change', () => $('file').files[0] && checkFile($('file').files[0]));
$('drop').addEventListener('dragover', (e) => (e.preventDefault(), $('drop').classList.add('over')));
$('drop').addEventListener('dragleave', () => $('drop').classList.remove('over'));
$('drop').addEventListener('drop', (e) => {
  e.preventDefault();
  $('drop').classList.remove('over');
  if (e.dataTransfer.files[0]) checkFile(e.dataTransfer.files[0]);
});
$('plan').addEventListener('click', () => run(true));
$('push').addEventListener('click', () => run(false));
$('cancel').addEventListener('click', () => engine?.cancel());
$('print').addEventListener('click', () => window.print());
