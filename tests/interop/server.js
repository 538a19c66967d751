// A grpc-js server of the pillar API with canned answers, for the suite's own client to call.
// node server.js [PORT] prints "listening PORT" when ready. Behaviour by GetTables period_end:
//   "2025-12": two small tables; "slow": answers after 2 s; "fail": INVALID_ARGUMENT with a
//   non-ASCII message; "big": a 3 MiB caption; "huge": a 5 MiB caption (over the client's limit).
const { grpc, pillar } = require('./pillar');

// CATALOGUE_JSON names a file whose catalogue to serve instead (the benchmark serves the real one).
const fromFile = process.env.CATALOGUE_JSON && JSON.parse(require('fs').readFileSync(process.env.CATALOGUE_JSON, 'utf8'));
const catalogue = fromFile || {
  pillar: 'grpc-js', title: 'Served by grpc-js',
  objectives: [{ id: 'o', title: 'Objective', description: 'A test objective' }],
  indicators: [{ id: 'calls.total', name: '999 calls', unit: 'UNIT_COUNT', comparison: 'COMPARISON_STYLE_PERCENT', stored: true }],
  tables: [],
};
const tables = (caption) => ({
  pillar: 'grpc-js', reportingPeriod: '1st October 2025 to 31st December 2025',
  tables: [{ id: 't', caption, columns: ['Indicator', 'Last 12 months'], rows: [{ label: 'Calls', cells: [{ text: '129,695', value: 129695 }] }] }],
});

const server = new grpc.Server({ 'grpc.max_send_message_length': 16 * 1024 * 1024 });
server.addService(pillar.PillarService.service, {
  getCatalogue: (call, callback) => callback(null, catalogue),
  getTables: (call, callback) => {
    const end = call.request.periodEnd;
    if (end === 'slow') return setTimeout(() => callback(null, tables('late')), 2000);
    if (end === 'fail') return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'period_end: “fail” is not a month – try 2025-12' });
    if (end === 'big') return callback(null, tables('x'.repeat(3 * 1024 * 1024)));
    if (end === 'huge') return callback(null, tables('x'.repeat(5 * 1024 * 1024)));
    return callback(null, tables('Norfolk Constabulary 999 Call Handling performance data since January 2025'));
  },
  recordObservations: (call, callback) => callback(null, { received: call.request.observations.length, added: call.request.observations.length }),
  streamObservations: (call, callback) => {
    let received = 0;
    call.on('data', () => { received += 1; });
    call.on('end', () => callback(null, { received, added: received }));
  },
  listObservations: (call) => {
    for (let i = 0; i < 3; i++) call.write({ indicator: call.request.indicator, from: `2025-0${i + 1}`, to: `2025-0${i + 1}`, value: i });
    call.end();
  },
});
server.bindAsync(`127.0.0.1:${process.argv[2] || 0}`, grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`listening ${port}\n`);
});
