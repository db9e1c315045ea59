// KafkaJS 2.2.4 test client for Sluice's integration tests.
//
// Speaks the command line shared by every client program under tests/clients (see
// tests/clients/README.md). KafkaJS consumers always join a group, so `consume` needs consumer
// groups on the broker; produce, offsets and admin do not. `group` subscribes as a group member.
'use strict'

const { Kafka, CompressionTypes, ConfigResourceTypes, PartitionAssigners, logLevel } = require('kafkajs')

// Limit: any single request to a local broker answers in well under a second.
const REQUEST_TIMEOUT_MS = 15000

function fail (msg) {
  process.stderr.write(`kafkajs-client: ${msg}\n`)
  process.exit(1)
}

function parseArgs (argv, alsoRepeatable = []) {
  const opts = { partition: 0, seed: '0', spec: [], ts: [], config: [], partitions: 1, count: 0 }
  const repeatable = new Set(['spec', 'ts', 'config', ...alsoRepeatable])
  for (const name of alsoRepeatable) opts[name] = []
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase())
    if (i + 1 >= argv.length) fail(`missing value for ${argv[i]}`)
    if (repeatable.has(name)) opts[name].push(argv[i + 1])
    else opts[name] = argv[i + 1]
  }
  return opts
}

// SLUICE_TEST_SASL=mechanism:user:password (e.g. scram-sha-256:alice:secret) authenticates
// over SASL_PLAINTEXT.
function sasl () {
  const spec = process.env.SLUICE_TEST_SASL
  if (!spec) return undefined
  const [mechanism, username, ...password] = spec.split(':')
  return { mechanism, username, password: password.join(':') }
}

function client (opts) {
  return new Kafka({
    clientId: 'sluice-tests',
    brokers: [opts.bootstrap],
    sasl: sasl(),
    logLevel: logLevel.ERROR,
    requestTimeout: REQUEST_TIMEOUT_MS,
    retry: { retries: 3 }
  })
}

const ACKS = { all: -1, '-1': -1, 1: 1, 0: 0 }
const CODECS = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP }

async function produce (opts) {
  const kafka = client(opts)
  let globalIndex = 0
  const tsBase = opts.timestampBase === undefined ? -1 : Number(opts.timestampBase)
  for (let si = 0; si < opts.spec.length; si++) {
    const [acksText, codecText, countText] = opts.spec[si].split(':')
    const acks = ACKS[acksText]
    const compression = CODECS[codecText]
    if (acks === undefined || compression === undefined) {
      fail(`bad --spec ${opts.spec[si]} (KafkaJS has acks all|1|0 and codecs none|gzip built in)`)
    }
    const producer = kafka.producer({ allowAutoTopicCreation: false })
    await producer.connect()
    for (let i = 0; i < Number(countText); i++) {
      const key = `k${si}-${i}`
      const value = `v${opts.seed}-${si}-${i}`
      const message = { key, value }
      if (tsBase >= 0) message.timestamp = String(tsBase + globalIndex)
      globalIndex++
      const [meta] = await producer.send({
        topic: opts.topic,
        acks,
        compression,
        messages: [{ ...message, partition: Number(opts.partition) }]
      })
      // With acks=0 there is no response, and KafkaJS returns no metadata.
      if (acks === 0) {
        process.stdout.write(`ack ${opts.partition} -1 ${key} ${value}\n`)
        continue
      }
      if (!meta || meta.errorCode !== 0) fail(`produce ${key}: ${JSON.stringify(meta)}`)
      process.stdout.write(`ack ${meta.partition} ${Number(meta.baseOffset)} ${key} ${value}\n`)
    }
    await producer.disconnect()
  }
}

async function consume (opts) {
  // Needs consumer groups on the broker: KafkaJS has no group-less consumer.
  const kafka = client(opts)
  const consumer = kafka.consumer({ groupId: `sluice-tests-${process.pid}`, maxWaitTimeInMs: 100 })
  await consumer.connect()
  await consumer.subscribe({ topics: [opts.topic], fromBeginning: opts.from !== 'latest' })
  const count = Number(opts.count)
  let got = 0
  const done = new Promise((resolve) => {
    consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (partition !== Number(opts.partition) || got >= count) return
        process.stdout.write(`rec ${partition} ${message.offset} ${message.timestamp} ` +
          `${message.key.toString()} ${message.value.toString()}\n`)
        got++
        if (got === count) resolve()
      }
    })
  })
  if (opts.from && opts.from.startsWith('offset:')) {
    consumer.seek({ topic: opts.topic, partition: Number(opts.partition), offset: opts.from.slice(7) })
  }
  const timeoutMs = Number(opts.timeoutMs || 15000)
  let timeout
  const timer = new Promise((resolve, reject) => {
    timeout = setTimeout(() => reject(new Error(`timed out after ${got} of ${count} records`)), timeoutMs)
  })
  await Promise.race([done, timer])
  clearTimeout(timeout)
  await consumer.disconnect()
}

async function offsets (opts) {
  const admin = client(opts).admin()
  await admin.connect()
  const partition = Number(opts.partition)
  const all = await admin.fetchTopicOffsets(opts.topic)
  const mine = all.find((p) => p.partition === partition)
  if (!mine) fail(`no offsets for partition ${partition}`)
  process.stdout.write(`earliest ${mine.low}\nlatest ${mine.high}\n`)
  for (const ts of opts.ts) {
    const byTs = await admin.fetchTopicOffsetsByTimestamp(opts.topic, Number(ts))
    const hit = byTs.find((p) => p.partition === partition)
    process.stdout.write(`ts ${ts} ${hit.offset}\n`)
  }
  await admin.disconnect()
}

async function adminCommand (action, opts) {
  const admin = client(opts).admin()
  await admin.connect()
  if (action === 'create') {
    const configEntries = opts.config.map((kv) => {
      const at = kv.indexOf('=')
      return { name: kv.slice(0, at), value: kv.slice(at + 1) }
    })
    const created = await admin.createTopics({
      waitForLeaders: true,
      timeout: REQUEST_TIMEOUT_MS,
      topics: [{ topic: opts.topic, numPartitions: Number(opts.partitions), replicationFactor: 1, configEntries }]
    })
    if (!created) fail(`create ${opts.topic}: topic already exists`)
    process.stdout.write(`created ${opts.topic} ${opts.partitions}\n`)
  } else if (action === 'delete') {
    await admin.deleteTopics({ topics: [opts.topic], timeout: REQUEST_TIMEOUT_MS })
    process.stdout.write(`deleted ${opts.topic}\n`)
  } else if (action === 'list') {
    const names = (await admin.listTopics()).sort()
    for (const name of names) process.stdout.write(`topic ${name}\n`)
  } else if (action === 'describe-configs') {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: opts.topic }]
    })
    for (const resource of described.resources) {
      if (resource.errorCode !== 0) fail(`describe-configs: ${JSON.stringify(resource)}`)
      const entries = resource.configEntries.slice().sort((a, b) => a.configName.localeCompare(b.configName))
      for (const e of entries) process.stdout.write(`config ${e.configName} ${e.configValue}\n`)
    }
  } else if (action === 'metadata') {
    const md = await admin.fetchTopicMetadata({ topics: [opts.topic] })
    for (const t of md.topics) {
      for (const p of t.partitions.sort((a, b) => a.partitionId - b.partitionId)) {
        process.stdout.write(`partition ${t.name} ${p.partitionId} leader ${p.leader} ` +
          `replicas ${p.replicas.join(',')} isr ${p.isr.join(',')} error ${p.partitionErrorCode}\n`)
      }
    }
  } else {
    fail(`unknown admin action ${action}`)
  }
  await admin.disconnect()
}

function unsupported (msg) {
  process.stderr.write(`kafkajs-client: ${msg}\n`)
  process.exit(2)
}

function say (line) {
  process.stdout.write(line + '\n')
}

// Subscribes as a member of --group; see tests/clients/README.md for the output. KafkaJS reports
// the whole assignment on each join (GROUP_JOIN) and nothing on revocation.
async function group (opts) {
  if ((opts.protocol || 'classic') !== 'classic') unsupported(`unsupported protocol ${opts.protocol}`)
  if (opts.instanceId) unsupported('KafkaJS has no static membership (group.instance.id)')
  // KafkaJS's only built-in assigner is RoundRobin: it is also what no --assignor gets.
  if (opts.assignor !== undefined && opts.assignor !== 'roundrobin') {
    unsupported(`KafkaJS has no ${opts.assignor} assignor (only roundrobin)`)
  }
  const from = opts.from || 'earliest'
  if (from !== 'earliest' && from !== 'latest') fail(`bad --from ${from}`)
  const sessionTimeout = Number(opts.sessionTimeoutMs || 10000)
  const kafka = new Kafka({
    ...(opts.clientId ? { clientId: opts.clientId } : {}),
    brokers: [opts.bootstrap],
    logLevel: logLevel.ERROR,
    requestTimeout: REQUEST_TIMEOUT_MS
  })
  const consumer = kafka.consumer({
    groupId: opts.group,
    partitionAssigners: [PartitionAssigners.roundRobin],
    sessionTimeout,
    heartbeatInterval: Math.max(1, Math.floor(sessionTimeout / 3)),
    maxWaitTimeInMs: 100
  })
  let closing = false
  const close = async () => {
    if (closing) return
    closing = true
    try {
      await consumer.disconnect()
    } finally {
      say('closed')
      process.exit(0)
    }
  }
  process.on('SIGTERM', close)
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    const owned = []
    for (const [topic, partitions] of Object.entries(e.payload.memberAssignment)) {
      for (const p of partitions) owned.push([topic, p])
    }
    owned.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))
    say(`assigned ${owned.map(([t, p]) => `${t}:${p}`).join(',')}`)
  })
  await consumer.connect()
  await consumer.subscribe({ topics: opts.topic, fromBeginning: from === 'earliest' })
  let lastRecord = null
  const idleMs = Number(opts.exitAfterIdleMs || 0)
  if (idleMs > 0) {
    setInterval(() => {
      if (lastRecord !== null && Date.now() - lastRecord >= idleMs) close()
    }, 50)
  }
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      if (closing || batch.messages.length === 0) return
      for (const m of batch.messages) {
        const key = m.key === null ? '-' : m.key.toString()
        const value = m.value === null ? '-' : m.value.toString()
        say(`grec ${batch.topic} ${batch.partition} ${m.offset} ${key} ${value}`)
      }
      lastRecord = Date.now()
      const next = String(Number(batch.messages[batch.messages.length - 1].offset) + 1)
      try {
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }])
      } catch (e) {
        say(`commitfail ${e.type || e.name}`)
        return
      }
      say(`committed ${batch.topic} ${batch.partition} ${next}`)
    }
  })
  await new Promise(() => {}) // runs until SIGTERM or --exit-after-idle-ms
}

async function main () {
  const [command, ...rest] = process.argv.slice(2)
  if (command === 'produce') await produce(parseArgs(rest))
  else if (command === 'consume') await consume(parseArgs(rest))
  else if (command === 'offsets') await offsets(parseArgs(rest))
  else if (command === 'admin') await adminCommand(rest[0], parseArgs(rest.slice(1)))
  else if (command === 'group') await group(parseArgs(rest, ['topic']))
  else fail('usage: client.js produce|consume|offsets|admin|group ...')
}

main().then(() => process.exit(0), (e) => fail(e && e.stack ? e.stack : String(e)))
