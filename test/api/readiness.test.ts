import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createDocumentClient, createStore } from '../../functions/src/storage/store'
import { createTestTable } from '../support/dynamo'
import { call, makeApp } from './harness'

/** A port that refuses connections: DynamoDB "down". */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()))
  const { port } = server.address() as { port: number }
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

describe('GET /api/ready reports the database', () => {
  it('200 with database ok while DynamoDB answers', async () => {
    const { store } = await createTestTable()
    const res = await call(makeApp(store), 'GET', '/api/ready')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ ok: true, database: 'ok' })
  })

  it('503 with database unavailable while DynamoDB is down; /api/health (liveness) still answers', async () => {
    const raw = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 2,
    })
    const app = makeApp(createStore({ client: createDocumentClient(raw), tableName: 'down' }))
    const res = await call(app, 'GET', '/api/ready')
    expect(res.status).toBe(503)
    expect(res.body).toEqual({ ok: false, database: 'unavailable' })
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect((await call(app, 'GET', '/api/health')).status).toBe(200)
    raw.destroy()
  })
})
