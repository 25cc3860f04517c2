// kafkajs client for libchronik's integration tests.
//
//   node client.js produce BROKER TOPIC N [gzip]  produce N messages (keys, headers), print "ok N"
//   node client.js consume BROKER TOPIC N         read N messages with a consumer group from the
//                                                 beginning, check them, print "ok N"
//   node client.js admin BROKER TOPIC             create the topic with 2 partitions, check the
//                                                 metadata and offsets, delete it, print "ok"
//
// With CHRONIK_SASL_MECHANISM (plain, scram-sha-256, scram-sha-512),
// CHRONIK_SASL_USERNAME and CHRONIK_SASL_PASSWORD set, it authenticates with
// SASL (over plaintext).
//
// Message i has key "key-i", value "value-i-" + "x" * (i % 100) and header idx=i.
// Exits 1 with a message on any error or after a 60 s deadline.
'use strict';

const { Kafka, logLevel, CompressionTypes } = require('kafkajs');

const [mode, broker, topic, nArg, codec] = process.argv.slice(2);
const n = parseInt(nArg || '0', 10);

const deadline = setTimeout(() => fail(new Error('timed out after 60 s')), 60000);

function fail(err) {
  process.stderr.write(`kafkajs client: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
}

const kafka = new Kafka({
  clientId: 'chronik-kafkajs-test',
  brokers: [broker],
  logLevel: logLevel.ERROR,
  connectionTimeout: 10000,
  requestTimeout: 20000,
  retry: { retries: 5, initialRetryTime: 200 },
  sasl: process.env.CHRONIK_SASL_MECHANISM
    ? {
        mechanism: process.env.CHRONIK_SASL_MECHANISM,
        username: process.env.CHRONIK_SASL_USERNAME,
        password: process.env.CHRONIK_SASL_PASSWORD,
      }
    : undefined,
});

const key = (i) => `key-${i}`;
const value = (i) => `value-${i}-${'x'.repeat(i % 100)}`;

async function produce() {
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  const compression = codec === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  for (let start = 0; start < n; start += 500) {
    const messages = [];
    for (let i = start; i < Math.min(n, start + 500); i++) {
      messages.push({ key: key(i), value: value(i), partition: 0, headers: { idx: String(i) } });
    }
    const res = await producer.send({ topic, messages, acks: -1, compression });
    if (res[0].errorCode !== 0) throw new Error(`produce error ${res[0].errorCode}`);
    if (Number(res[0].baseOffset) !== start) throw new Error(`base offset ${res[0].baseOffset}, expected ${start}`);
  }
  await producer.disconnect();
  console.log(`ok ${n}`);
}

async function consume() {
  const consumer = kafka.consumer({ groupId: `chronik-kafkajs-${topic}`, maxWaitTimeInMs: 200,
                                    sessionTimeout: 10000, rebalanceTimeout: 10000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await new Promise((resolve, reject) => {
    consumer.run({
      eachMessage: async ({ partition, message }) => {
        try {
          const i = seen;
          if (partition !== 0 || Number(message.offset) !== i) throw new Error(`message ${i} at ${partition}/${message.offset}`);
          if (message.key.toString() !== key(i) || message.value.toString() !== value(i)) throw new Error(`message ${i} differs`);
          if (!message.headers.idx || message.headers.idx.toString() !== String(i)) throw new Error(`message ${i} headers differ`);
          seen++;
          if (seen === n) resolve();
        } catch (e) {
          reject(e);
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  console.log(`ok ${seen}`);
}

async function admin() {
  const a = kafka.admin();
  await a.connect();
  const created = await a.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true });
  if (!created) throw new Error('createTopics returned false');
  const md = await a.fetchTopicMetadata({ topics: [topic] });
  if (md.topics[0].partitions.length !== 2) throw new Error(`partitions: ${JSON.stringify(md.topics[0])}`);
  const offsets = await a.fetchTopicOffsets(topic);
  if (offsets.length !== 2 || offsets.some((o) => o.offset !== '0' || o.high !== '0' || o.low !== '0')) {
    throw new Error(`offsets: ${JSON.stringify(offsets)}`);
  }
  await a.deleteTopics({ topics: [topic], timeout: 10000 });
  const names = await a.listTopics();
  if (names.includes(topic)) throw new Error('topic still listed after delete');
  await a.disconnect();
  console.log('ok');
}

const modes = { produce, consume, admin };
if (!modes[mode] || !broker || !topic) fail(new Error('usage: node client.js produce|consume|admin BROKER TOPIC [N] [gzip]'));
modes[mode]().then(() => { clearTimeout(deadline); process.exit(0); }, fail);
