// Loads protos/pillar/v1/pillar.proto and protos/records/v1/records.proto the way any integrator would, with @grpc/proto-loader.
const path = require('path');
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');

const options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };
const load = (file) => grpc.loadPackageDefinition(loader.loadSync(path.join(__dirname, '../../protos', file), options));
const pillar = load('pillar/v1/pillar.proto').plan.pillar.v1;
const records = load('records/v1/records.proto').plan.records.v1;

module.exports = { grpc, pillar, records };
