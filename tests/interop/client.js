// A grpc-js client of a pillar service: node client.js ADDRESS SCENARIO [ARG].
// Prints one JSON line: {"code": <grpc status>, "details": "...", "result": ...}.
const { grpc, pillar, records } = require('./pillar');

const [address, scenario, arg] = process.argv.slice(2);
const options = scenario === 'gzip' ? { 'grpc.default_compression_algorithm': 2 } : {};
const client = new pillar.PillarService(address, grpc.credentials.createInsecure(), options);
const recordClient = new records.RecordService(address, grpc.credentials.createInsecure(), options);
const deadline = (ms) => ({ deadline: new Date(Date.now() + ms) });
// Month i of a run that starts in 1000 and skips 2000-2099, where the sample data lie.
const month = (i) => { const m = i < 12000 ? 1000 * 12 + i : 2100 * 12 + i - 12000; return `${String(Math.floor(m / 12)).padStart(4, '0')}-${String(m % 12 + 1).padStart(2, '0')}`; };
const observations = (n, indicator = 'calls.total') =>
  Array.from({ length: n }, (_, i) => ({ indicator, from: month(i), to: month(i), value: i % 1000 }));

let finished = false;
function finish(error, result) {
  if (finished) return;
  finished = true;
  process.stdout.write(JSON.stringify(error ? { code: error.code, details: error.details } : { code: 0, result }) + '\n');
  client.close();
  recordClient.close();
}

// X_PILLAR selects the pillar when calling through the gateway (metadata "x-pillar").
// TOKEN is sent as the bearer token (authorization metadata); or, with TOKEN_ENDPOINT, CLIENT_ID and CLIENT_SECRET,
// the client first asks the authority for its own token by client credentials (OAuth 2.0, RFC 6749 section 4.4).
let token = process.env.TOKEN;
const metadata = () => {
  const m = new grpc.Metadata();
  if (process.env.X_PILLAR) m.set('x-pillar', process.env.X_PILLAR);
  if (token) m.set('authorization', `Bearer ${token}`);
  return m;
};
async function clientCredentials() {
  const response = await fetch(process.env.TOKEN_ENDPOINT, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: process.env.CLIENT_ID, client_secret: process.env.CLIENT_SECRET }),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`token endpoint ${response.status}: ${JSON.stringify(answer)}`);
  token = answer.access_token;
}
const unary = (method, request, callOptions = {}) => client[method](request, metadata(), callOptions, finish);

const scenarios = {
  catalogue: () => unary('getCatalogue', {}),
  tables: () => unary('getTables', { periodEnd: arg || '2025-12' }),
  gzip: () => unary('getCatalogue', {}),
  record: () => unary('recordObservations', { source: 'grpc-js', observations: JSON.parse(arg) }),
  // About 3 MiB of observations in one message.
  'record-3mib': () => unary('recordObservations', { source: 'grpc-js 3 MiB', observations: observations(Number(arg) || 95000) }),
  // N observations of indicators that do not exist: one error each.
  'record-unknown': () => unary('recordObservations', { source: 'grpc-js', observations: Array.from({ length: Number(arg) }, (_, i) => ({ indicator: `nope-${i}`, from: '2026-02', to: '2026-02', value: 1 })) }),
  'tables-deadline': () => unary('getTables', { periodEnd: '2025-12' }, deadline(Number(arg))),
  list: () => {
    const rows = [];
    const call = client.listObservations(JSON.parse(arg), metadata());
    call.on('data', (o) => rows.push(o));
    call.on('error', (e) => finish(e));
    call.on('end', () => finish(null, rows));
  },
  // Client streaming: N observations, one message each, then the summary.
  stream: () => {
    const call = client.streamObservations(metadata(), finish);
    for (const o of observations(Number(arg))) call.write(o);
    call.end();
  },
  // Opens a stream and never ends it: the deadline must end the call.
  'stream-deadline': () => {
    const call = client.streamObservations(metadata(), deadline(Number(arg)), finish);
    call.write(observations(1)[0]);
  },
  // Sends part of a stream, then the process dies without ending it: the server must stop and write nothing.
  'stream-vanish': () => {
    const call = client.streamObservations(metadata(), () => {});
    for (const o of observations(10)) call.write(o);
    setTimeout(() => { process.stdout.write('{"code":1,"details":"client went away"}\n', () => process.exit(0)); }, 300);
  },
  // Cancels a server stream after its first message.
  'list-cancel': () => {
    const call = client.listObservations(JSON.parse(arg), metadata());
    call.on('data', () => call.cancel());
    call.on('error', (e) => finish(e));
    call.on('end', () => finish(null, 'ended without cancel'));
  },
  // Record streaming: N crimes of 2010 to 2014 (no sample month), 1,000 to a message, written as fast as the stream
  // takes them (waiting for 'drain'), never all held at once; then the receipt. Every tenth is charged on the day.
  records: () => {
    const n = Number(arg);
    const offences = ['28E', '28F', '39', '34B', '45', '48'];
    const districts = ['DISTRICT_BRECKLAND', 'DISTRICT_BROADLAND', 'DISTRICT_GREAT_YARMOUTH', 'DISTRICT_KINGS_LYNN_AND_WEST_NORFOLK',
      'DISTRICT_NORTH_NORFOLK', 'DISTRICT_NORWICH', 'DISTRICT_SOUTH_NORFOLK'];
    const day = (i) => new Date(Date.UTC(2010, 0, 1) + (i % 1826) * 86400000).toISOString().slice(0, 10);
    const crime = (i) => ({ crime: {
      reference: `GJ/${i}`, recordedOn: day(i), offence: offences[i % offences.length], domesticAbuse: i % 3 === 0,
      hateStrands: i % 50 === 0 ? ['HATE_STRAND_RACE'] : [], district: districts[i % 7],
      outcome: i % 10 === 0 ? '1' : '', outcomeOn: i % 10 === 0 ? day(i) : '', cancelled: false } });
    const call = recordClient.send(metadata(), finish);
    let i = 0;
    const pump = () => {
      while (i < n) {
        const records = [];
        while (records.length < 1000 && i < n) records.push(crime(i++));
        if (!call.write({ records })) { call.once('drain', pump); return; }
      }
      call.end();
    };
    pump();
  },
  'unknown-method': () => {
    const raw = new grpc.Client(address, grpc.credentials.createInsecure());
    raw.makeUnaryRequest('/plan.pillar.v1.PillarService/Nope', (x) => x, (x) => x, Buffer.alloc(0), finish);
  },
  'unknown-service': () => {
    const raw = new grpc.Client(address, grpc.credentials.createInsecure());
    raw.makeUnaryRequest('/plan.other.v1.Other/Get', (x) => x, (x) => x, Buffer.alloc(0), finish);
  },
};

(process.env.TOKEN_ENDPOINT ? clientCredentials() : Promise.resolve()).then(() => scenarios[scenario]());
