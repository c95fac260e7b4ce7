// Writes the micro-benchmark inputs (deterministic, seeded) into a directory:
//   doc-10k.json, doc-1m.json  records with CJK text, escapes, floats, nesting,
//                              keys in non-canonical order (compact JSON)
//   app-2k.json                a sharing application of about 2 KB (indented)
//   sign-data.bin              256 bytes, the message of the raw sign/verify tasks
//   request.json               the full-request task: POST of app-2k.json in
//                              govshare's HTTP message JSON form
// Usage: node bench/micro/data.mjs OUT_DIR
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from '../../npm/test/node/rng.mjs';

const out = process.argv[2];
if (!out) {
  console.error('usage: node data.mjs OUT_DIR');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const WORDS = ['企业', '基本', '信息', '统一社会信用代码', '户籍', '社保', '缴费', '不动产', '登记', '纳税', '信用',
  '等级', '民政', '救助', 'data', 'Zhejiang', 'API', 'é', '€', '😀', 'line\nbreak', 'tab\tstop', 'quote"', 'back\\slash', '\u0001'];

function record(r, i) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const text = (n) => Array.from({ length: 1 + Math.floor(r() * n) }, () => pick(WORDS)).join('');
  const fields = [
    ['name', text(6)],
    ['code', `${100000 + Math.floor(r() * 900000)}/${String(i).padStart(5, '0')}`],
    ['id', i],
    ['score', Math.round(r() * 1e6) / 1e3],
    ['ratio', r()],
    ['tiny', r() * 1e-9],
    ['big', Math.floor(r() * 1e12) * 1000],
    ['active', r() < 0.5],
    ['note', r() < 0.3 ? null : text(3)],
    ['items', Array.from({ length: Math.floor(r() * 5) }, () => ({ grade: 1 + Math.floor(r() * 3), name: text(3), type: pick(['C', 'N', 'D']) }))],
    ['sharing', { type: pick(['unconditional', 'conditional', 'not_shared']), modes: ['online_query'], conditions: text(4) }],
  ];
  // Shuffle so key order is not canonical.
  for (let j = fields.length - 1; j > 0; j--) {
    const k = Math.floor(r() * (j + 1));
    [fields[j], fields[k]] = [fields[k], fields[j]];
  }
  return Object.fromEntries(fields);
}

function doc(seed, target) {
  const r = rng(seed);
  const records = [];
  let size = 0;
  while (size < target) {
    const rec = record(r, records.length);
    size += Buffer.byteLength(JSON.stringify(rec)) + 1;
    records.push(rec);
  }
  return JSON.stringify({ version: 1, records, format: 'govshare-bench-micro' });
}

const application = {
  format: 'govshare-application',
  format_version: 1,
  reference: 'MZ-2026-0001',
  requester: { name: '示例市民政局', credit_code: '11330100MB0000000N' },
  applicant: { name: '张三' },
  contact: { name: '李四', phone: '0571-00000000', email: 'contact@example.gov.cn' },
  target: { resource_code: '101001/00001', items: ['统一社会信用代码', '企业名称', '注册地址'] },
  duty_basis: [
    { kind: 'regulation', title: '《社会救助暂行办法》', article: '第十一条' },
    { kind: 'power_item', title: '最低生活保障对象认定', code: '330100-MZ-0012' },
  ],
  purpose: '核对申请救助家庭成员名下企业情况，用于最低生活保障家庭经济状况核对',
  scenario: '最低生活保障家庭经济状况核对',
  internal_approval: { approver: '民政局数据共享工作机构负责人', approved_on: '2025-12-20' },
  mode: 'online_query',
  validity: { from: '2026-01-01', until: '2026-12-31' },
  frequency: { kind: 'on_demand', max_calls_per_day: 500 },
  commitments: { storage_location: '示例市政务云民政专区', retention_days: 365, destruction_date: '2027-01-31' },
  attachments: [
    { name: '申请函.pdf', media_type: 'application/pdf', sha256: '697c6434974ce28fd9b41952dbf315043fd91f949c62adaa08f09dfe7fa8841f', sm3: 'f00a64cfcc0ac12fe13b244191ea0e6028ab7386776f2bd470e7e122118a89d2' },
    { name: '权力事项清单.xlsx', media_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', sha256: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae', sm3: '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0' },
    { name: '安全承诺书.pdf', media_type: 'application/pdf', sha256: 'fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9', sm3: '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b' },
  ],
};

const files = {
  'doc-10k.json': doc(10, 10 * 1024),
  'doc-1m.json': doc(1000, 1024 * 1024),
  'app-2k.json': JSON.stringify(application, null, 2),
};
for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
const r = rng(256);
writeFileSync(join(out, 'sign-data.bin'), Uint8Array.from({ length: 256 }, () => Math.floor(r() * 256)));
writeFileSync(join(out, 'request.json'), JSON.stringify({
  method: 'POST',
  target: 'https://share.gov.example/api/v1/applications',
  headers: [['Host', 'share.gov.example'], ['Content-Type', 'application/json']],
  body: files['app-2k.json'],
}));
for (const [name, text] of Object.entries(files)) console.error(`${name}: ${Buffer.byteLength(text)} bytes`);
