// `node:http` for the functions' bundles, without the ES-module facade (esm-bundling.ts).
module.exports = process.getBuiltinModule('node:http');
