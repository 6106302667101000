// npm nik-parser 1.0.1: `nikParser(s).isValid()`, one call per NIK; an exception (it throws a
// TypeError when the province and kab/kota exist but the kecamatan does not) is a rejection.
//
//   NODE_PATH=bench-work/node/node_modules node nik_parser.cjs IN.tsv RESULT.json
'use strict';
const { loadNiks, timeBatch, writeResult } = require('./common.cjs');
const { nikParser } = require('nik-parser');
const version = require('nik-parser/package.json').version;

function checkAll(niks) {
  const out = new Uint8Array(niks.length);
  for (let i = 0; i < niks.length; i++) {
    try {
      out[i] = nikParser(niks[i]).isValid() ? 1 : 0;
    } catch (e) {
      out[i] = 0;
    }
  }
  return out;
}

const [tsv, result] = process.argv.slice(2);
const niks = loadNiks(tsv);
writeResult(result, 'nik-parser', `nik-parser ${version} \`isValid()\` (exceptions = reject)`,
  timeBatch(checkAll, niks));
