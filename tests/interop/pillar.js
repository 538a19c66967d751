// Loads protos/pillar/v1/pillar.proto the way any integrator would, with @grpc/proto-loader.
const path = require('path');
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');

const definition = loader.loadSync(path.join(__dirname, '../../protos/pillar/v1/pillar.proto'), {
  keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true,
});
const pillar = grpc.loadPackageDefinition(definition).plan.pillar.v1;

module.exports = { grpc, pillar };
