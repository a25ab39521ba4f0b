// Starts dynalite (a DynamoDB-API server; in memory, since no path is given)
// on 127.0.0.1 at a port the kernel picks, and writes that port to the file
// named by the first argument once it accepts connections. Stops cleanly on
// SIGTERM / SIGINT. Started by scripts/dynalite-fixture.
'use strict'
const fs = require('fs')
const dynalite = require('dynalite')

const portFile = process.argv[2]
if (!portFile) {
  console.error('usage: node serve.js PORT_FILE')
  process.exit(2)
}
// How long a new table stays CREATING before it is ACTIVE: long enough that
// `bucketwatch state init` really waits, short enough for tests.
const createTableMs = Number(process.env.DYNALITE_CREATE_TABLE_MS || 300)
const server = dynalite({ createTableMs, deleteTableMs: 50, updateTableMs: 50 })
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port
  fs.writeFileSync(portFile + '.tmp', String(port))
  fs.renameSync(portFile + '.tmp', portFile)
  console.log('dynalite listening on 127.0.0.1:' + port)
})
const stop = () => server.close(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
