// member.js — one consumer of the new consumer group protocol (KIP-848,
// group.protocol=consumer) on the librdkafka that @confluentinc/kafka-javascript
// bundles.  Usage: node member.js BOOTSTRAP GROUP NAME TOPIC_OR_^REGEX[,...]
// [instance-id].  Prints one JSON line per event on stdout:
//   {"ev":"ready"}, {"ev":"assigned","parts":["t:0",...]},
//   {"ev":"revoked","parts":[...]}, {"ev":"msg","t":..,"p":..,"o":..},
//   {"ev":"error","msg":..}, {"ev":"closed"}
// SIGTERM closes the consumer gracefully (revoke, commit, leave the group);
// offsets are auto-committed, and committed before each revocation.
'use strict';
const Kafka = require('@confluentinc/kafka-javascript');
const [bootstrap, group, name, subs, instance] = process.argv.slice(2);
const { performance } = require('perf_hooks');
const out = (o) => { o.ts = performance.timeOrigin + performance.now(); process.stdout.write(JSON.stringify(o) + '\n'); };
const conf = {
  'bootstrap.servers': bootstrap, 'group.id': group, 'group.protocol': 'consumer', 'client.id': name,
  // Offsets are stored only once a record reached the 'data' handler below, so a
  // commit never covers a record the test did not see.
  'enable.auto.commit': true, 'auto.commit.interval.ms': 200, 'enable.auto.offset.store': false,
  'rebalance_cb': (err, assignment) => {
    const parts = assignment.map((a) => a.topic + ':' + a.partition);
    if (err.code === Kafka.CODES.ERRORS.ERR__ASSIGN_PARTITIONS) {
      c.incrementalAssign(assignment);
      out({ ev: 'assigned', parts });
    } else {
      c.incrementalUnassign(assignment);
      out({ ev: 'revoked', parts });
    }
  },
};
if (instance) conf['group.instance.id'] = instance;
// The consumer group debug context tells when the close has finished (left
// the group): node's disconnect can wait long after that for the fetch queues.
conf.debug = process.env.CK_DEBUG || 'cgrp';
const c = new Kafka.KafkaConsumer(conf, { 'auto.offset.reset': 'earliest' });
let closing = false;
// Once the group is left nothing is pending: the process ends without
// waiting for the client's teardown, which can block the exit handlers.
const finish = () => { out({ ev: 'closed' }); process.kill(process.pid, 'SIGKILL'); };
c.on('event.log', (l) => {
  if (process.env.CK_DEBUG) process.stderr.write(name + ' ' + l.message + '\n');
  if (closing && l.message.includes('Consumer closed')) finish();
});
c.on('event.error', (e) => out({ ev: 'error', msg: e.message }));
c.on('data', (m) => {
  out({ ev: 'msg', t: m.topic, p: m.partition, o: m.offset });
  try {
    c.offsetsStore([{ topic: m.topic, partition: m.partition, offset: m.offset + 1 }]);
  } catch (e) { /* the partition was revoked meanwhile */ }
});
c.on('ready', () => {
  c.subscribe(subs.split(','));
  c.consume();
  out({ ev: 'ready' });
});
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  c.disconnect(finish);
});
c.connect();
